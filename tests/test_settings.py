"""Settings: one reader of the environment, WAL on SQLite, production refuses unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_production(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_SSL_REDIRECT, s.CONTINUUM['DEMO_DATA_ALLOWED'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


GOOD = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "continuum.example.gov",
    "DATABASE_URL": "postgres://continuum@db.example.gov:5432/continuum",
}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must list"),
        ("DATABASE_URL", "DATABASE_URL must point at PostgreSQL"),
    ],
)
def test_production_refuses_to_start_without_required_values(missing, message):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _load_production(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _load_production({**GOOD, "DJANGO_SECRET_KEY": "short"})
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_hardens_cookies_and_transport_and_forbids_demo_data():
    result = _load_production(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "63072000", "True", "False"]


def test_only_config_env_reads_the_environment():
    offenders = []
    for path in [*ROOT.joinpath("config").rglob("*.py"), *ROOT.joinpath("continuum").rglob("*.py")]:
        if path.parent.name == "config" and path.name in {"env.py", "wsgi.py", "asgi.py"}:
            continue  # env.py reads; wsgi/asgi only name the default settings module
        text = path.read_text()
        if "os.environ" in text or "os.getenv" in text or "Env()" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"Read the environment only in config/env.py: {offenders}"


def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
