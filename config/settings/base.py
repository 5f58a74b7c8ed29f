"""Settings shared by every environment; safe for local development with no environment at all."""

from datetime import timedelta

import dj_database_url

from config import env as E

BASE_DIR = E.BASE_DIR
VAR_DIR = E.VAR_DIR

DEBUG = E.DEBUG
SECRET_KEY = E.SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = E.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = E.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "continuum.core",
    "continuum.activity",
    "continuum.catalog",
    "continuum.agencies",
    "continuum.accounts",
    "continuum.intake",
    "continuum.providers",
    "continuum.engagements",
    "continuum.recommendations",
    "continuum.reporting",
    "continuum.documents",
    "continuum.audits",  # bias audits inside engagements (issue 11 part 4)
    "continuum.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # After WhiteNoise (static files stay cacheable); outside the rest, so that their answers
    # (a CSRF refusal, a redirect to sign in) are covered too.
    "continuum.core.middleware.NoStoreMiddleware",
    "continuum.api.middleware.ApiErrorsAsJsonMiddleware",  # 404 and 405 under /api/ in JSON
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "continuum.core.access.AccessMapMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "continuum.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "continuum.core.forms.USWDSFormRenderer"

# Connections are kept for 60 s on both engines. On SQLite too: a new connection runs the init
# command and starts with an empty page cache, so every page read its indexes from the file
# again (the signed-in bare view served 365 requests/s under the load benchmark with a connection
# a request, 944 with kept ones). The development server closes its connections after each
# request whatever this says.
DATABASES = {"default": dj_database_url.parse(E.DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the init command runs on every connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of a random page read, for this application's sessions (ADR 0018): the
    # default (4) models spinning disks, and made PostgreSQL scan whole tables rather than look
    # up a viewer's few hundred ids by index (the agency side's engagements, a calendar's month).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(url: str) -> dict:
    """`CONTINUUM_CACHE_URL` to a CACHES entry: Redis (shared by every process) or, empty, a
    local-memory cache in each process (ADR 0013)."""
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "continuum"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "continuum",
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CONTINUUM_CACHE_URL must be empty (local memory), redis://host:port/db or dummy://."
    )


CACHES = {
    "default": cache_settings(E.CACHE_URL),
    # The site's layout fragments (the banner, the header, the footer): built from the code, the
    # settings and the language only, the same for every visitor, so each process keeps its own
    # copy in memory (a deploy restarts the processes; nothing to invalidate, no round trip to a
    # shared store). Never anything of a person's (ADR 0017).
    "layout": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "continuum-layout",
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock an account-and-address pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "continuum.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content security policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

#: The largest request body read into memory (Django's default, 2.5 MB, written out): a larger
#: API body answers 413 with a JSON message (continuum.api.errors); uploads stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"  # collectstatic output (production)
STATICFILES_DIRS = [BASE_DIR / "static"]  # built by `make assets` from static_src/
# Uploaded documents go through Django's storage API ("default"): a folder by default, an
# S3-compatible object store when a bucket is configured. There is no MEDIA_URL: files are only
# ever served by continuum.documents after a per-object check (so the bucket stays private).
if E.DOCUMENTS_S3_BUCKET:
    DOCUMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": E.DOCUMENTS_S3_BUCKET,
            "endpoint_url": E.DOCUMENTS_S3_ENDPOINT_URL or None,
            "region_name": E.DOCUMENTS_S3_REGION or None,
            "access_key": E.DOCUMENTS_S3_ACCESS_KEY_ID or None,
            "secret_key": E.DOCUMENTS_S3_SECRET_ACCESS_KEY or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DOCUMENT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media", "base_url": None},
    }
STORAGES = {
    "default": DOCUMENT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

if E.EMAIL_URL.startswith("smtp"):
    _email = dj_database_url.parse(E.EMAIL_URL.replace("smtp", "postgres", 1))
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email["HOST"]
    EMAIL_PORT = _email["PORT"] or 587
    EMAIL_HOST_USER = _email["USER"]
    EMAIL_HOST_PASSWORD = _email["PASSWORD"]
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = E.DEFAULT_FROM_EMAIL
# Web requests never talk to the mail server: they write outbox rows, and a worker delivers them.
EMAIL_TIMEOUT = 30

# Background work (django-tasks). The database backend keeps the queue in our own database, so
# SQLite and PostgreSQL both work with no other service; `manage.py db_worker` runs the tasks
# (`make run` starts one). See the README, "Past one machine", for other backends.
TASKS = {"default": {"BACKEND": E.TASKS_BACKEND}}

# Bias audits: a running audit whose worker has not reported for this long (the worker beats
# about every minute while it runs), or a queued one whose task no worker has taken for this
# long, is marked failed so the team can run it again (`manage.py audit_runs_reap`; the audit
# pages do it too). A timedelta or a number of seconds.
AUDIT_RUN_STALE_AFTER = timedelta(minutes=15)

CONTINUUM = {
    "SITE_NAME": "Continuum",
    "SITE_URL": E.SITE_URL,
    "REFERENCE_DATA_DIR": E.REFERENCE_DATA_DIR,
    # Demo accounts are created only where this is true; production.py turns it off.
    "DEMO_DATA_ALLOWED": True,
    # Help: the mailbox every email's replies go to (its Reply-To) and that pages give as the
    # contact, and the phone number of the COPS Office Response Center.
    "REPLY_TO_EMAIL": E.REPLY_TO_EMAIL,
    "HELP_PHONE": E.HELP_PHONE,
    # Intake: program staff answer a new request within this many business days (US federal
    # holidays and weekends do not count; time waiting on the agency is paused).
    "FIRST_RESPONSE_BUSINESS_DAYS": 2,
    # Documents: the largest upload accepted, in bytes (uploads are checked by their content).
    "DOCUMENTS": {"MAX_UPLOAD_BYTES": E.DOCUMENT_MAX_UPLOAD_BYTES},
    # The notification outbox: how often and how long a message is retried before it is marked
    # failed. Attempt n waits BACKOFF_SECONDS * 2**(n-1), at most BACKOFF_MAX_SECONDS.
    "OUTBOX": {
        "MAX_ATTEMPTS": 8,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 3600,
        # A message left "sending" this long (its worker died mid-send) is queued again.
        "STALE_SENDING_SECONDS": 900,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
