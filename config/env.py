"""The one place that reads the environment. Settings modules import from here."""

from pathlib import Path

from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

#: Where the development database and uploaded files live (git-ignored).
VAR_DIR = env.path("CONTINUUM_VAR_DIR", BASE_DIR / "var")

DEBUG = env.bool("DJANGO_DEBUG", True)  # production.py forces False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'continuum.sqlite3'}")

#: The shared reference data (FBI agency list, BJS crosswalk, states...).
REFERENCE_DATA_DIR = env.path("CONTINUUM_REFERENCE_DATA_DIR", BASE_DIR.parent / "shared" / "data")

EMAIL_URL = env.str("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Continuum <no-reply@continuum.example>")
SITE_URL = env.str("CONTINUUM_SITE_URL", "http://127.0.0.1:8000")
#: Where replies to the site's emails go (a mailbox program staff read), and the help contacts
#: every page and email names.
REPLY_TO_EMAIL = env.str("CONTINUUM_REPLY_TO_EMAIL", "AskCopsRC@usdoj.gov")
HELP_PHONE = env.str("CONTINUUM_HELP_PHONE", "800-421-6770")

#: The django-tasks backend that runs background work (the outbox's deliveries). The default keeps
#: the queue in the database (SQLite or PostgreSQL) and needs `manage.py db_worker` running; any
#: backend class with the django-tasks API can be named here instead.
TASKS_BACKEND = env.str("CONTINUUM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

#: Uploaded documents: the largest file accepted, in bytes (20 MB unless set).
DOCUMENT_MAX_UPLOAD_BYTES = env.int("CONTINUUM_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
#: Where uploaded documents are stored. Empty: files under CONTINUUM_VAR_DIR/media. A bucket
#: name: an S3-compatible object store (django-storages), configured by the variables below.
DOCUMENTS_S3_BUCKET = env.str("CONTINUUM_DOCUMENTS_S3_BUCKET", "")
DOCUMENTS_S3_ENDPOINT_URL = env.str("CONTINUUM_DOCUMENTS_S3_ENDPOINT_URL", "")
DOCUMENTS_S3_REGION = env.str("CONTINUUM_DOCUMENTS_S3_REGION", "")
DOCUMENTS_S3_ACCESS_KEY_ID = env.str("CONTINUUM_DOCUMENTS_S3_ACCESS_KEY_ID", "")
DOCUMENTS_S3_SECRET_ACCESS_KEY = env.str("CONTINUUM_DOCUMENTS_S3_SECRET_ACCESS_KEY", "")
#: The cache of public pages (ADR 0013): empty for a local-memory cache in each process, or
#: `redis://host:6379/0` (or `rediss://`) for one Redis shared by every process.
CACHE_URL = env.str("CONTINUUM_CACHE_URL", "")
