#!/usr/bin/env python
"""Times the load benchmark's pages in one process, without a server: a closer look at where a
page's time goes, on a database the load benchmark left behind (`load.py --keep`) or wrote with
its `--prepare` step.

Run on demand, never in CI:

    DATABASE_URL=sqlite:////tmp/load.sqlite3 CONTINUUM_VAR_DIR=/tmp/var \\
        .venv/bin/python benchmarks/load.py --prepare --scale 1 > /dev/null   # the data, once
    DATABASE_URL=sqlite:////tmp/load.sqlite3 CONTINUUM_VAR_DIR=/tmp/var \\
        .venv/bin/python benchmarks/pages_in_process.py --only "triage queue" --repeat 21
    ... benchmarks/pages_in_process.py --only "staff request page" --profile 30

Each page of `benchmarks/targets.py` (`--only` keeps those whose label or role contains the
text) is requested through Django's test client under `config.settings.benchmark` (production's
settings: DEBUG off, the cached template loader, the whole middleware stack), signed in as its
role: first twice unmeasured, then `--repeat` times. It prints the median and the fastest time
and the queries of one request. `--profile N` runs the pages under cProfile instead and prints
the N functions with the most time of their own, and the N with the most time including calls.
`--queries` runs each query of one request again on its own (the median of five) and prints
those that took at least `--slower-than` milliseconds (1 by default), slowest first, with their
plan on PostgreSQL (`EXPLAIN ANALYZE`) or SQLite (`EXPLAIN QUERY PLAN`).
These are in-process figures (no HTTP, no gunicorn, one request at a time): they show where a
page's time goes, not the load benchmark's requests/s.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import django_setup  # noqa: E402

SETTINGS = "config.settings.benchmark"


def _client_headers(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], help="label or role contains")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--queries", action="store_true", help="time each query alone")
    parser.add_argument("--slower-than", type=float, default=1.0, help="ms, with --queries")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to a database the load benchmark wrote.")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    django_setup(SETTINGS)
    from django.db import connection
    from django.test import Client

    from benchmarks.targets import targets
    from continuum.api.models import ApiToken

    # targets() issues the API roles a token each run, and a person may hold 10: the tokens
    # earlier runs made in this scratch database go first.
    ApiToken.objects.filter(name="Load benchmark").delete()
    found, _missing = targets()
    chosen = [
        t
        for t in found
        if t["role"] not in ("reference",)
        and (not args.only or any(o in t["label"] or o in t["role"] for o in args.only))
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    for target in chosen:
        headers = _client_headers(target["headers"])
        for _ in range(2):
            response = client.get(target["path"], **headers)
            if response.status_code != 200:
                raise SystemExit(f"{target['path']} answered {response.status_code}")
        queries = []  # counted by a wrapper: the request's start resets the query log

        def count(execute, sql, params, many, context, queries=queries):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(target["path"], **headers)
        if args.queries:
            print(f"\n=== {target['role']}: {target['label']} {target['path']}")
            _print_slow_queries(connection, queries, args.slower_than)
            continue
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                client.get(target["path"], **headers)
            profile.disable()
            print(f"\n=== {target['role']}: {target['label']} {target['path']} ({args.repeat}×)")
            stats = pstats.Stats(profile).strip_dirs()
            stats.sort_stats("tottime").print_stats(args.profile)
            stats.sort_stats("cumulative").print_stats(args.profile)
            continue
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(target["path"], **headers)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{target['role']:<20} {target['label']:<34} median {statistics.median(times):7.1f} ms"
            f"  fastest {min(times):7.1f} ms  {len(queries)} queries  {target['path']}",
            flush=True,
        )


def _print_slow_queries(connection, queries: list, slower_than: float) -> None:
    """Each query run again alone, slowest first, with its plan (those of `slower_than` ms)."""
    timed = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            timed.append((statistics.median(runs), sql, params))
        timed.sort(key=lambda row: -row[0])
        print(f"{len(queries)} queries, {sum(row[0] for row in timed):.1f} ms run alone")
        for ms, sql, params in timed:
            if ms < slower_than:
                break
            explain = (
                "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            )
            cursor.execute(explain + sql, params)
            plan = "\n    ".join(str(row[-1]) for row in cursor.fetchall())
            print(f"\n{ms:8.2f} ms  {sql[:600]}\n    {plan}")


if __name__ == "__main__":
    main()
