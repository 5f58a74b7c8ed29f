#!/usr/bin/env python
"""Load benchmark: every page and API list, by role, served by gunicorn, at several data scales.

Run on demand, never in CI (it takes minutes and the whole machine):

    .venv/bin/python benchmarks/load.py                       # SQLite, PostgreSQL; 1× and 10×
    .venv/bin/python benchmarks/load.py --database sqlite --scales 0.05 --seconds 2  # a quick look
    .venv/bin/python benchmarks/load.py --scales 1,10 --seconds 10 --connections 2

For each database it makes a fresh scratch database (a SQLite file in a temporary folder, or
the PostgreSQL database `continuum_bench_load`, dropped afterwards), migrates it, imports the
real directory (`manage.py import_agencies`: 18,702 agencies), collects the static files, and
writes the data of the first scale (`benchmarks/dataset.py`: 1× = 25,000 requests). Then, for
each scale in turn (the data of the next scale is added to the same database):

1. gunicorn starts under `config.settings.benchmark` (production's settings on the scratch
   database: DEBUG off, static files through WhiteNoise; 2 sync workers on 127.0.0.1);
2. each address (`benchmarks/targets.py`) is fetched once and must answer 200 with its own
   content, signed in as its role (sessions written directly, API tokens from the real
   service);
3. wrk loads it for `--seconds` with `--connections` connections after a warm-up, and the
   requests/s, median (p50) and 99th percentile (p99) latency are kept, with the share of the
   bare reference view's requests/s measured in the same run (`config.urls_benchmark`).

It prints one table per database (every scale side by side, and how the median latency grew
from the first scale to the last) and writes them as Markdown, with the command, the machine
and the date, for docs/performance.md (`--markdown`, by default var/benchmarks/load-<time>.md).
Needs wrk (`sudo apt-get install wrk`) and gunicorn (in the dev extras).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import loadgen, report  # noqa: E402
from benchmarks.common import DEFAULT_POSTGRES_URL, ROOT, django_setup, run_child  # noqa: E402
from benchmarks.machine_info import machine  # noqa: E402

SETTINGS = "config.settings.benchmark"
POSTGRES_DATABASE = "continuum_bench_load"


# --- the child: writes the data and lists the targets (Django set up on the scratch database) --


def prepare(scale: float, start_scale: float) -> dict:
    django_setup(SETTINGS)
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.common import server_version
    from benchmarks.dataset import populate
    from benchmarks.targets import targets

    started = time.perf_counter()
    if not start_scale:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("import_agencies", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
    populate(scale, start_scale=start_scale)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    found, missing = targets()
    return {
        "server": server_version(connection),
        "dataset": {"rows": row_counts(), "seconds": round(time.perf_counter() - started, 1)},
        "targets": found,
        "missing": missing,
    }


def row_counts() -> dict[str, int]:
    from continuum.accounts.models import AgencyMembership, User
    from continuum.activity.models import Event, OutboundMessage
    from continuum.agencies.models import Agency
    from continuum.intake.models import AssistanceRequest, RequestMessage

    return {
        "requests": AssistanceRequest.objects.count(),
        "agencies": Agency.objects.count(),
        "events": Event.objects.count(),
        "request messages": RequestMessage.objects.count(),
        "outbox messages": OutboundMessage.objects.count(),
        "users": User.objects.count(),
        "agency memberships": AgencyMembership.objects.count(),
    }


# --- the parent: scratch databases, the server, the load ----------------------------------------


@contextmanager
def scratch(engine: str, postgres_url: str, keep: bool):
    """A fresh database for one engine, and a folder for its static files; yields the env."""
    folder = Path(tempfile.mkdtemp(prefix="continuum-load-"))
    if engine == "sqlite":
        url = f"sqlite:///{folder / 'load.sqlite3'}"
    else:
        url = _postgres_recreate(postgres_url)
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": url,
        "CONTINUUM_VAR_DIR": str(folder / "var"),
    }
    try:
        yield env, folder
    finally:
        if keep:
            print(f"Kept the scratch database: DATABASE_URL={url} (static files in {folder})")
        else:
            if engine == "postgresql":
                _postgres_drop(postgres_url)
            shutil.rmtree(folder, ignore_errors=True)


def _postgres_admin(postgres_url: str):
    import psycopg

    url = postgres_url.replace("postgres://", "postgresql://", 1)
    return psycopg.connect(url, autocommit=True)


def _postgres_recreate(postgres_url: str) -> str:
    _postgres_drop(postgres_url)
    with _postgres_admin(postgres_url) as admin:
        admin.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    return postgres_url.rsplit("/", 1)[0] + f"/{POSTGRES_DATABASE}"


def _postgres_drop(postgres_url: str) -> None:
    with _postgres_admin(postgres_url) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def run_engine(engine: str, args, save) -> dict:
    """Every scale on one engine; `save()` is called after each, so a long run keeps its part."""
    run: dict = {"engine": engine, "server": engine, "scales": {}}
    save(run)
    with scratch(engine, args.postgres_url, args.keep) as (env, folder):
        previous = 0.0
        for scale in args.scales:
            print(f"\n[{engine}] writing the data of {scale:g}× ...", flush=True)
            arguments = ["--prepare", "--scale", str(scale), "--start-scale", str(previous)]
            stage = run_child(Path(__file__), arguments, env=env)
            run["server"] = stage["server"]
            print(f"[{engine}] {report.dataset_line(stage)} ({stage['dataset']['seconds']} s)")
            stage["rows"] = measure_all(env, stage["targets"], args, log=folder / "gunicorn.log")
            stage["load"] = " ".join(f"{value:.1f}" for value in os.getloadavg())
            del stage["targets"]  # sessions and tokens: not for the report
            run["scales"][f"{scale:g}"] = stage
            save(run)
            previous = scale
    return run


def measure_all(env: dict, targets: list[dict], args, *, log: Path) -> list[dict]:
    rows = []
    with loadgen.server(env, workers=args.workers, log=log) as base:
        for target in targets:
            row = {key: target[key] for key in ("label", "role", "path")}
            try:
                row |= loadgen.probe(base, target)
            except SystemExit as refusal:  # a page that fails is reported; the others go on
                rows.append(row | {"failure": str(refusal)})
                print(f"  {target['role']:<20} {target['label']:<34} FAILED: {refusal}", flush=True)
                continue
            result = loadgen.measure(
                base,
                target,
                seconds=args.seconds,
                connections=args.connections,
                warmup=args.warmup,
            )
            rows.append(row | result)
            print(
                f"  {target['role']:<20} {target['label']:<34} {result['rps']:>8.1f} req/s  "
                f"p50 {result['p50_ms']:>8.1f} ms  p99 {result['p99_ms']:>8.1f} ms"
                + (f"  {result['errors']} errors" if result["errors"] else ""),
                flush=True,
            )
    return rows


def parse_scales(text: str) -> list[float]:
    try:
        scales = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Scales are numbers separated by commas: {text!r}"
        ) from None
    if not scales or scales[0] <= 0 or scales[-1] > 20:
        raise argparse.ArgumentTypeError("Each scale must be above 0 and at most 20.")
    return scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--scales", type=parse_scales, default=[1.0, 10.0], help="e.g. 1,10")
    parser.add_argument("--seconds", type=int, default=10, help="load per address")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured load first")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--markdown", type=Path, help="where to write the Markdown table")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--start-scale", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare:
        print(json.dumps(prepare(args.scale, args.start_scale)))
        return
    loadgen.wrk_path()  # fail early, with the install command, when wrk is missing
    info = machine()
    date = time.strftime("%Y-%m-%d %H:%M %Z")
    print(f"Date: {date}")
    for key, value in info.items():
        print(f"{key.capitalize()}: {value}")
    engines = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    command = ("benchmarks/load.py " + " ".join(sys.argv[1:])).strip()
    settings = {
        "connections": args.connections,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "workers": args.workers,
    }
    path = args.markdown or ROOT / "var" / "benchmarks" / f"load-{time.strftime('%Y%m%d-%H%M')}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []

    def save(run: dict) -> None:
        done = [r for r in runs if r is not run] + [run]
        measured = [r for r in done if r["scales"]]
        text = report.document(
            measured, command=command, machine=info, date=date, settings=settings
        )
        path.write_text(text)
        path.with_suffix(".json").write_text(json.dumps(done, indent=1))

    for engine in engines:
        run = run_engine(engine, args, save)
        runs.append(run)
        print(f"\n{run['server']}\n{report.terminal(run)}", flush=True)
    print(f"\nWritten: {path} (and the raw figures in {path.with_suffix('.json').name})")


if __name__ == "__main__":
    main()
