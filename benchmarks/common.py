"""Pieces the benchmark scripts share: where the project is, child processes, scratch databases.

Each benchmark runs its measurements in a child process whose environment names the database
(`DATABASE_URL`), so that Django is set up once per database; the child prints one JSON line
last, which `run_child` reads back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def django_setup(settings_module: str = "config.settings.base") -> None:
    """Set Django up in this (child) process, the project importable."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def server_version(connection) -> str:
    """ "SQLite 3.40.1" or "PostgreSQL 15.20", for the reports."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def run_child(script: Path | str, arguments: list[str], env: dict | None = None) -> dict:
    """Run `script` with `arguments` in a child Python; its last line of output is JSON."""
    completed = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [sys.executable, str(script), *arguments],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"The benchmark failed:\n{completed.stderr[-6000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def weighted(rng, pairs):
    """One value of (value, ..., weight) pairs, drawn by weight."""
    return rng.choices([p[0] for p in pairs], weights=[p[-1] for p in pairs])[0]
