#!/usr/bin/env python
"""Times the triage queue's first page, with each filter and sort, over 50,000 requests.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/triage_queue.py                    # fresh SQLite and PostgreSQL
    .venv/bin/python benchmarks/triage_queue.py --database sqlite --count 50000 --repeat 7

For each database it creates a fresh, migrated scratch database (a temporary SQLite file; a
PostgreSQL database named continuum_bench_triage, dropped afterwards), writes 2,000 agencies and
50,000 submitted requests with `bulk_create` (statuses, programs, reviewers, services, dates
over three years, a few unlisted agencies), then for each case times what the queue page does:
the count for the pager, the first 25 rows with everything a row shows (agency, state, reviewer,
programs, services, business-day age and overdue flag), and `queue_counts` for the tabs. It
prints the median of repeated runs and the number of queries of one page. The figures go in
docs/performance.md under "Triage queue".
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

from common import DEFAULT_POSTGRES_URL, ROOT, run_child, server_version, weighted
from machine_info import machine

BENCH_DATABASE = "continuum_bench_triage"
PAGE = 25
PLACES = ["Riverside", "Lakewood", "Fairview", "Greenville", "Franklin"]

STATES = [
    ("VA", "51", "Virginia"),
    ("MD", "24", "Maryland"),
    ("TX", "48", "Texas"),
    ("CA", "06", "California"),
    ("OH", "39", "Ohio"),
    ("AZ", "04", "Arizona"),
    ("AK", "02", "Alaska"),
    ("NY", "36", "New York"),
    ("GA", "13", "Georgia"),
    ("MN", "27", "Minnesota"),
]
AGENCY_TYPES = [
    ("municipal", "local", 60),
    ("sheriff", "local", 20),
    ("state_police", "state", 2),
    ("tribal", "tribal", 5),
    ("university", "local", 6),
    ("special", "local", 4),
    ("territorial", "territorial", 1),
    ("other", "local", 2),
]
STATUSES = [
    ("submitted", 8),
    ("in_review", 14),
    ("needs_information", 5),
    ("accepted", 35),
    ("declined", 15),
    ("referred", 10),
    ("withdrawn", 13),
]
CASES = [
    ("no filter, newest first", {}, "newest"),
    ("oldest first", {}, "oldest"),
    ("agency name A to Z", {}, "agency_name"),
    ("tracking number", {}, "tracking_number"),
    ("status: open", {"status": "open"}, "newest"),
    ("status: accepted", {"status": "accepted"}, "newest"),
    ("program: Critical Response", {"program": "critical-response"}, "newest"),
    ("state: Alaska", {"state": "AK"}, "newest"),
    ("agency type: tribal", {"agency_type": "tribal"}, "newest"),
    ("jurisdiction: state", {"jurisdiction_level": "state"}, "newest"),
    ("critical incident: yes", {"critical_incident": "yes"}, "newest"),
    ("assignee: unassigned", {"assignee": "unassigned"}, "newest"),
    ("assignee: me", {"assignee": "me"}, "newest"),
    ("age: overdue", {"age": "overdue"}, "oldest"),
    ("age: older than 20 days", {"age": "20"}, "newest"),
    ("search: 'county'", {"q": "county"}, "newest"),
    ("search: 'lakewood 1'", {"q": "lakewood 1"}, "newest"),
    ("search: a whole tracking number", {"q": "CRI-2025-00012"}, "newest"),
    ("search: part of a tracking number", {"q": "2025-0001"}, "newest"),
    (
        "open + Texas + Critical Response",
        {"status": "open", "state": "TX", "program": "critical-response"},
        "newest",
    ),
    ("agency member (own agency only)", {}, "newest"),
]


def populate(count: int) -> dict:
    """Bulk-write agencies, staff and `count` requests; returns what the cases need."""
    import datetime
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from continuum.accounts.models import AgencyMembership, User
    from continuum.agencies.models import Agency, State
    from continuum.catalog.models import Program, Service
    from continuum.intake.models import AssistanceRequest

    rng = random.Random(50_000)
    started = time.perf_counter()
    with transaction.atomic():
        states = State.objects.bulk_create(
            [State(usps=u, fips=f, name=n, ori_prefix=u) for u, f, n in STATES]
        )
        agencies = []
        for n in range(2_000):
            kind = weighted(rng, AGENCY_TYPES)
            level = next(lvl for k, lvl, _ in AGENCY_TYPES if k == kind)
            word = {"sheriff": "County Sheriff's Office", "tribal": "Tribal Police"}.get(
                kind, "Police Department"
            )
            state = states[n % len(states)]
            agencies.append(
                Agency(
                    ori9=f"{state.usps}{n:07d}",
                    ori7=f"{state.usps}{n:05d}",
                    name=f"{PLACES[n % len(PLACES)]} {n} {'County ' if n % 7 == 0 else ''}{word}",
                    agency_type=kind,
                    jurisdiction_level=level,
                    state=state,
                    population_served=rng.randint(1_000, 900_000),
                )
            )
        for agency in agencies:
            agency.search_text = agency.build_search_text()
        agencies = Agency.objects.bulk_create(agencies, batch_size=1_000)
        staff = User.objects.bulk_create(
            [
                User(
                    email=f"staff{n}@bench.test",
                    full_name=f"Reviewer {n}",
                    is_program_staff=True,
                    password="!",  # noqa: S106 - an unusable password
                )
                for n in range(20)
            ]
        )
        member = User.objects.create(
            email="member@bench.test",
            full_name="Agency Member",
            password="!",  # noqa: S106
        )
        AgencyMembership.objects.create(  # a verified member (bulk set-up, not a route)
            user=member,
            agency=agencies[0],
            role="point_of_contact",
            status="verified",
            verification_method="other",
            verification_note="Benchmark set-up.",
            verified_at=timezone.now(),
        )

        programs = {p.slug: p for p in Program.objects.all()}
        services_by_program = {
            slug: list(Service.objects.filter(program=p)) for slug, p in programs.items()
        }
        now = timezone.now()
        numbers: dict[int, int] = {}
        requests = []
        for n in range(count):
            submitted_at = now - datetime.timedelta(minutes=rng.randint(30, 3 * 365 * 24 * 60))
            year = timezone.localdate(submitted_at).year
            numbers[year] = numbers.get(year, 0) + 1
            status = weighted(rng, STATUSES)
            program_slug = rng.choice(list(programs))
            unlisted = n % 20 == 0
            decided = status in ("accepted", "declined", "referred")
            requests.append(
                AssistanceRequest(
                    tracking_number=f"CRI-{year}-{numbers[year]:05d}",
                    status=status,
                    agency=None if unlisted else agencies[(n * 7919) % len(agencies)],
                    unlisted_agency_name=f"Unlisted Agency {n}" if unlisted else "",
                    unlisted_agency_type="tribal" if unlisted else "",
                    unlisted_jurisdiction_level="tribal" if unlisted else "",
                    unlisted_state=states[n % len(states)] if unlisted else None,
                    requester_name=f"Requester {n}",
                    requester_email=f"requester{n}@bench.test",
                    chief_name="Chief",
                    chief_email=f"chief{n}@bench.test",
                    attests_voluntary=True,
                    attests_chief_supports=True,
                    narrative="Benchmark request.",
                    has_critical_incident=rng.random() < 0.1,
                    submitted_at=submitted_at,
                    first_response_at=None if status == "submitted" else submitted_at,
                    reviewer=None if rng.random() < 0.3 else rng.choice(staff),
                    recommended_program=programs[program_slug],
                    decided_program=programs[program_slug] if status == "accepted" else None,
                    decided_at=submitted_at + datetime.timedelta(days=9) if decided else None,
                )
            )
        AssistanceRequest.objects.bulk_create(requests, batch_size=2_000)
        ids = list(
            AssistanceRequest.objects.order_by("pk").values_list("pk", "recommended_program")
        )
        through = AssistanceRequest.services.through
        recommended = AssistanceRequest.recommended_services.through
        slug_of = {p.pk: slug for slug, p in programs.items()}
        asked, routed = [], []
        for request_id, program_id in ids:
            choices = services_by_program[slug_of[program_id]]
            chosen = rng.sample(choices, k=min(len(choices), rng.randint(1, 3)))
            asked += [through(assistancerequest_id=request_id, service_id=s.pk) for s in chosen]
            routed.append(recommended(assistancerequest_id=request_id, service_id=chosen[0].pk))
        through.objects.bulk_create(asked, batch_size=5_000)
        recommended.objects.bulk_create(routed, batch_size=5_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "staff": staff[0],
        "member": member,
        "services": len(asked),
    }


def touch(rows) -> int:
    """Read everything a queue row shows (as the page does)."""
    from continuum.intake import sla

    shown = 0
    for ar in rows:
        parts = [ar.agency_display_name, ar.tracking_number, ar.get_status_display()]
        if ar.agency_id:
            parts += [ar.agency.state.usps, ar.agency.get_agency_type_display()]
        elif ar.unlisted_state_id:
            parts.append(ar.unlisted_state.usps)
        parts.append(str(ar.reviewer) if ar.reviewer_id else "")
        parts.append(ar.recommended_program.short_label if ar.recommended_program_id else "")
        parts += [s.name for s in ar.services.all()]
        parts += [s.name for s in ar.recommended_services.all()]
        parts += [sla.request_age_business_days(ar), sla.is_overdue(ar)]
        shown += len(parts)
    return shown


def child(count: int, repeat: int) -> dict:
    """Runs in a subprocess whose DATABASE_URL names the server to use."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from continuum.intake.selectors import queue_counts, triage_queue

    test_settings = connection.settings_dict.setdefault("TEST", {})
    created_db = None
    if connection.vendor == "sqlite":
        created_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        test_settings["NAME"] = str(created_db)
    else:
        test_settings["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    report: dict = {"vendor": connection.vendor, "count": count, "cases": []}
    report["server"] = server_version(connection)
    try:
        data = populate(count)
        report["populate_seconds"] = data["seconds"]
        report["service_rows"] = data["services"]
        for label, filters, ordering in CASES:
            viewer = data["member"] if label.startswith("agency member") else data["staff"]
            page_times, count_times = [], []
            matches = queries = 0
            for run in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    queryset = triage_queue(viewer=viewer, filters=filters, ordering=ordering)
                    matches = queryset.count()
                    touch(list(queryset[:PAGE]))
                    page_times.append(time.perf_counter() - started)
                if run == 0:
                    queries = len(captured)
                started = time.perf_counter()
                queue_counts(viewer=viewer, filters=filters)
                count_times.append(time.perf_counter() - started)
            report["cases"].append(
                {
                    "case": label,
                    "matches": matches,
                    "page_ms": round(statistics.median(page_times) * 1000, 1),
                    "counts_ms": round(statistics.median(count_times) * 1000, 1),
                    "queries": queries,
                }
            )
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0, keepdb=False
        )
        if created_db is not None:
            created_db.unlink(missing_ok=True)
    return report


def measure(database_url: str, args) -> dict:
    arguments = ["--child", "--count", str(args.count), "--repeat", str(args.repeat)]
    return run_child(__file__, arguments, env={"DATABASE_URL": database_url})


def print_report(report: dict) -> None:
    print(
        f"\n{report['server']}: {report['count']:,} requests, {report['service_rows']:,} "
        f"requested-service rows, written in {report['populate_seconds']} s"
    )
    print(f"  {'case':<36} {'matches':>8} {'page ms':>8} {'counts ms':>10} {'queries':>8}")
    for row in report["cases"]:
        print(
            f"  {row['case']:<36} {row['matches']:>8} {row['page_ms']:>8.1f} "
            f"{row['counts_ms']:>10.1f} {row['queries']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--count", type=int, default=50_000, help="requests to write")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each case")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(child(args.count, args.repeat)))
        return

    print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    for key, value in machine().items():
        print(f"{key.capitalize()}: {value}")
    targets = {
        "sqlite": "sqlite:///" + str(Path(tempfile.gettempdir()) / "continuum-bench.sqlite3"),
        "postgres": args.postgres_url,
    }
    for name in ("sqlite", "postgres"):
        if args.database in (name, "both"):
            print_report(measure(targets[name], args))


if __name__ == "__main__":
    main()
