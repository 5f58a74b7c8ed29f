"""The load benchmark's server (`benchmarks/load.py` starts gunicorn with these settings).

Production's settings, as far as they change what a request costs, with three differences
the benchmark needs: the scratch database it names (SQLite too, which production refuses), the
loopback host with no HTTPS redirect (the load generator speaks plain HTTP to 127.0.0.1), and a
URLconf with a bare reference view (`config.urls_benchmark`). A test
(`tests/test_benchmark_harness.py`) fails when production gains a setting this module does not
follow, so the two cannot drift apart unnoticed.
"""

from config import env as E

from .base import *  # noqa: F403
from .base import CONTINUUM, DOCUMENT_STORAGE, MIDDLEWARE

# --- as production.py -------------------------------------------------------------------------
DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True  # the browser side only: the server reads the cookie all the same
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    "default": DOCUMENT_STORAGE,  # see base.py: a folder, or an S3-compatible bucket
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
CONTINUUM = {**CONTINUUM, "DEMO_DATA_ALLOWED": False}

# --- the benchmark's own ----------------------------------------------------------------------
# A fixed key: sessions made by the data generator must be valid on the server. The database is
# a scratch one, dropped after the run; nothing here protects anything real.
SECRET_KEY = E.SECRET_KEY or "load-benchmark-only-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "config.urls_benchmark"
MIDDLEWARE = [
    "config.urls_benchmark.BenchmarkAccessMapMiddleware"
    if name == "continuum.core.access.AccessMapMiddleware"
    else name
    for name in MIDDLEWARE
]
