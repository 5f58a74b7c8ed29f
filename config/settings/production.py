"""Production: hardened, and refuses to start without the values it must have."""

from django.core.exceptions import ImproperlyConfigured

from config import env as E

from .base import *  # noqa: F403
from .base import CONTINUUM, DOCUMENT_STORAGE

DEBUG = False

if not E.SECRET_KEY or len(E.SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")
if not E.ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names this site serves.")
if E.DATABASE_URL.startswith("sqlite"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

SECRET_KEY = E.SECRET_KEY
ALLOWED_HOSTS = E.ALLOWED_HOSTS

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
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
