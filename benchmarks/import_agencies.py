#!/usr/bin/env python
"""Times the agency directory import (and the directory search) on SQLite and PostgreSQL.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/import_agencies.py                 # fresh SQLite and PostgreSQL
    .venv/bin/python benchmarks/import_agencies.py --database sqlite
    .venv/bin/python benchmarks/import_agencies.py --dev           # the dev database, as it is

For each database it creates a fresh, migrated database (a temporary SQLite file; a PostgreSQL
database named continuum_bench_agencies, dropped afterwards), then times:

1. the first import of the shipped lists (FBI agencies, states, tribes), with the BJS crosswalk
   when the reference folder holds it (every row created);
2. a second, idempotent import (nothing created or updated);
3. an import where every row differs from the database (search_text blanked first), which
   exercises the bulk updates;
4. a few directory searches (count plus the first page, the median of repeated runs).

"seconds" is wall-clock time, "cpu s" the Python process's own CPU time (the rest is the
database's work and waiting for the CPU). With --dev it runs 1, 2 and 4 against the configured
database (DATABASE_URL) without creating or dropping anything; there the "first" run may well
be idempotent already. The figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_POSTGRES_URL, ROOT, run_child, server_version
from machine_info import machine

BENCH_DATABASE = "continuum_bench_agencies"
SEARCHES = [
    {"query": "WASPD0000"},
    {"query": "arlington"},
    {"query": "police department"},
    {"query": "sheriff", "state": "TX"},
    {"query": "county"},
]


def child(dev: bool, data_dir: str | None, repeat: int) -> dict:
    """Runs in a subprocess whose DATABASE_URL names the database to measure."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from continuum.agencies.importers import agencies_import, sources_resolve, tribes_import
    from continuum.agencies.models import Agency
    from continuum.agencies.selectors import agency_search

    # The shipped lists, enriched from the crosswalk when the reference folder holds it.
    reference = Path(data_dir) if data_dir else Path(settings.CONTINUUM["REFERENCE_DATA_DIR"])
    sources = sources_resolve(reference_dir=reference)

    created_db = None
    if not dev:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            created_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
            test_settings["NAME"] = str(created_db)
        else:
            test_settings["NAME"] = BENCH_DATABASE
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def timed_import(label: str) -> dict:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = agencies_import(sources=sources)
        tribes = tribes_import(path=sources.tribes)
        seconds = time.perf_counter() - started
        return {
            "run": label,
            "seconds": round(seconds, 2),
            "python_cpu_seconds": round(time.process_time() - cpu_started, 2),
            "read": result.read,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "enriched": result.enriched,
            "tribes_created": tribes.created,
        }

    report: dict = {
        "vendor": connection.vendor,
        "crosswalk": str(sources.crosswalk or "none"),
        "imports": [],
        "searches": [],
    }
    report["server"] = server_version(connection)
    try:
        report["imports"].append(timed_import("first"))
        report["imports"].append(timed_import("second (idempotent)"))
        if not dev:
            Agency.objects.update(search_text="")
            report["imports"].append(timed_import("every row changed"))
        for search in SEARCHES:
            durations = []
            for _ in range(repeat):
                started = time.perf_counter()
                queryset = agency_search(**search)
                count = queryset.count()
                list(queryset[:25])
                durations.append(time.perf_counter() - started)
            report["searches"].append(
                {
                    **search,
                    "matches": count,
                    "median_ms": round(statistics.median(durations) * 1000, 1),
                }
            )
        # The machine's load over the runs: other work on it slows every figure.
        report["load"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
    finally:
        if not dev:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"], verbosity=0, keepdb=False
            )
            if created_db is not None:
                for leftover in created_db.parent.iterdir():  # the file and its -wal/-shm
                    leftover.unlink()
                created_db.parent.rmdir()
    return report


def measure(database_url: str | None, args) -> dict:
    arguments = ["--child", "--repeat", str(args.repeat)]
    if args.dev:
        arguments.append("--dev")
    if args.data_dir:
        arguments += ["--data-dir", args.data_dir]
    env = {"DATABASE_URL": database_url} if database_url else None
    return run_child(__file__, arguments, env=env)


def print_report(report: dict) -> None:
    print(f"\n{report['server']}  (load average {report['load']})")
    print(f"  crosswalk: {report['crosswalk']}")
    print(
        f"  {'run':<22} {'seconds':>8} {'cpu s':>6} {'read':>6} {'created':>8} {'updated':>8} "
        f"{'unchanged':>9} {'rejected':>8}"
    )
    for row in report["imports"]:
        print(
            f"  {row['run']:<22} {row['seconds']:>8.2f} {row['python_cpu_seconds']:>6.2f} "
            f"{row['read']:>6} {row['created']:>8} {row['updated']:>8} {row['unchanged']:>9} "
            f"{row['rejected']:>8}"
        )
    print(f"  {'search':<34} {'matches':>8} {'median ms':>10}")
    for row in report["searches"]:
        label = row["query"] + (f" (state {row['state']})" if row.get("state") else "")
        print(f"  {label:<34} {row['matches']:>8} {row['median_ms']:>10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--dev", action="store_true", help="measure the configured database")
    parser.add_argument(
        "--data-dir", help="folder holding the BJS crosswalk (default: the setting)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="runs of each search")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(child(args.dev, args.data_dir, args.repeat)))
        return

    info = machine()
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    for key, value in info.items():
        print(f"{key.capitalize()}: {value}")
    if args.dev:
        print_report(measure(None, args))
        return
    targets = {
        "sqlite": "sqlite:///" + str(Path(tempfile.gettempdir()) / "continuum-bench.sqlite3"),
        "postgres": args.postgres_url,
    }
    for name in ("sqlite", "postgres"):
        if args.database in (name, "both"):
            print_report(measure(targets[name], args))


if __name__ == "__main__":
    main()
