"""Settings for the test suite: fast hashing, in-memory mail, same database choice as base."""

from .base import *  # noqa: F403
from .base import CONTINUUM, DATABASES, INSTALLED_APPS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, in the test's own process, when enqueued (outbox deliveries are enqueued on
# commit, so a test sees them when it runs on-commit callbacks). Tests of the database queue
# itself override this.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # In memory, for the tests and for `manage.py` under these settings (`make check`): the test
    # settings never touch the development file in var/, and work on a fresh clone without it.
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": None}
CONTINUUM = {**CONTINUUM}
AXES_ENABLED = True
# WhiteNoise otherwise lists every static file each time a test client loads the middleware
# (once per test); looking files up on request serves them the same.
WHITENOISE_AUTOREFRESH = True
