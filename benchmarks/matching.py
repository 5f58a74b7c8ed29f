#!/usr/bin/env python
"""Times matching (`continuum.providers.matching.match_experts`) for one engagement over 5,000
experts.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/matching.py                       # fresh SQLite and PostgreSQL
    .venv/bin/python benchmarks/matching.py --database sqlite --experts 5000 --repeat 11

For each database it creates a fresh, migrated scratch database (a temporary SQLite file; a
PostgreSQL database named continuum_bench_matching, dropped afterwards), writes with
`bulk_create` 500 agencies, 5,000 experts (each with 1 to 6 expertise rows, 1 to 4 positions,
0 to 3 availability windows, a conflict for one in 25) and 1,500 open engagements whose teams
give the experts their workload, then times `match_experts` for one engagement with 3 services
and 2 topics (median of the runs) and counts its queries. The figures go in
docs/performance.md under "Matching".
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

BENCH_DATABASE = "continuum_bench_matching"
STATES = [
    ("VA", "51", "Virginia"),
    ("MD", "24", "Maryland"),
    ("TX", "48", "Texas"),
    ("CA", "06", "California"),
    ("OH", "39", "Ohio"),
    ("AZ", "04", "Arizona"),
    ("NY", "36", "New York"),
    ("GA", "13", "Georgia"),
    ("MN", "27", "Minnesota"),
    ("WA", "53", "Washington"),
]
AGENCY_TYPES = ["municipal", "sheriff", "state_police", "tribal", "university", "special"]
SIZES = ["small", "medium", "large", "very_large"]
RANKS = ["chief_executive", "command", "supervisor", "officer", "civilian_leader", "academic"]
TRAVEL = ["none", "in_state", "regional", "national", "national"]
LANGUAGES = ["es", "zh", "vi", "ar", "ko", "ht", "nv"]


def populate(experts: int) -> dict:
    """Bulk-write the directory, the experts and a workload; returns the engagement to match."""
    import datetime
    import random

    from django.db import connection, transaction

    from continuum.accounts.models import User
    from continuum.agencies.models import Agency, State
    from continuum.catalog.models import Program, Service, Topic
    from continuum.engagements.models import Engagement, TeamMember
    from continuum.intake.models import AssistanceRequest
    from continuum.providers.models import (
        AvailabilityWindow,
        ConflictDeclaration,
        Expertise,
        ExpertProfile,
        Position,
    )

    rng = random.Random(5_000)
    started = time.perf_counter()
    day = datetime.date(2027, 1, 1)
    with transaction.atomic():
        State.objects.bulk_create(
            [State(usps=u, fips=f, name=n, ori_prefix=u) for u, f, n in STATES],
            ignore_conflicts=True,
        )
        states = list(State.objects.filter(usps__in=[u for u, _f, _n in STATES]))
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    ori9=f"{states[n % len(states)].usps}B{n:06d}",
                    ori7=f"{states[n % len(states)].usps}B{n:04d}",
                    name=f"Bench Agency {n}",
                    agency_type=AGENCY_TYPES[n % len(AGENCY_TYPES)],
                    state=states[n % len(states)],
                    population_served=rng.randint(1_000, 900_000),
                )
                for n in range(500)
            ],
            batch_size=1_000,
        )
        program = Program.objects.get(slug="cri-tac")
        services = list(Service.objects.all())
        topics = list(Topic.objects.all()) or Topic.objects.bulk_create(
            [Topic(slug=f"bench-topic-{n}", name=f"Bench topic {n}") for n in range(40)]
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"expert{n}@bench.test",
                    full_name=f"Expert {n:05d}",
                    is_expert=True,
                    password="!",  # noqa: S106 - an unusable password
                )
                for n in range(experts)
            ],
            batch_size=2_000,
        )
        profiles = ExpertProfile.objects.bulk_create(
            [
                ExpertProfile(
                    user=user,
                    home_state=rng.choice(states),
                    languages=rng.sample(LANGUAGES, k=rng.choice([0, 0, 1, 2])),
                    travel=rng.choice(TRAVEL),
                    capacity=rng.randint(1, 4),
                    vetting_status="vetted" if rng.random() < 0.85 else "in_review",
                    vetted_on=day,
                    is_active=rng.random() < 0.95,
                )
                for user in users
            ],
            batch_size=2_000,
        )
        expertise, positions, windows, conflicts = [], [], [], []
        for profile in profiles:
            for service in rng.sample(services, k=min(len(services), rng.randint(1, 3))):
                expertise.append(
                    Expertise(expert=profile, service=service, level=rng.randint(1, 3))
                )
            for topic in rng.sample(topics, k=min(len(topics), rng.randint(0, 3))):
                expertise.append(Expertise(expert=profile, topic=topic, level=rng.randint(1, 3)))
            for _ in range(rng.randint(1, 4)):
                start = rng.randint(1975, 2020)
                at_agency = rng.random() < 0.3
                agency = rng.choice(agencies) if at_agency else None
                positions.append(
                    Position(
                        expert=profile,
                        title="Position",
                        rank_level=rng.choice(RANKS),
                        agency=agency,
                        organization_name="" if at_agency else "Somewhere Police Department",
                        agency_type=agency.agency_type if agency else rng.choice(AGENCY_TYPES),
                        agency_size=rng.choice(SIZES),
                        start_year=start,
                        end_year=start + rng.randint(1, 15),
                    )
                )
            for _ in range(rng.randint(0, 3)):
                begin = day + datetime.timedelta(days=rng.randint(-120, 240))
                windows.append(
                    AvailabilityWindow(
                        expert=profile,
                        kind=rng.choice(["available", "unavailable"]),
                        starts_on=begin,
                        ends_on=begin + datetime.timedelta(days=rng.randint(7, 200)),
                    )
                )
            if rng.random() < 0.04:
                conflicts.append(
                    ConflictDeclaration(
                        expert=profile, state=rng.choice(states), reason="Bench conflict"
                    )
                )
        Expertise.objects.bulk_create(expertise, batch_size=5_000)
        Position.objects.bulk_create(positions, batch_size=5_000)
        AvailabilityWindow.objects.bulk_create(windows, batch_size=5_000)
        ConflictDeclaration.objects.bulk_create(conflicts, batch_size=5_000)

        requester = User.objects.create(
            email="requester@bench.test",
            full_name="Requester",
            password="!",  # noqa: S106 - an unusable password
        )
        requests = AssistanceRequest.objects.bulk_create(
            [
                AssistanceRequest(
                    tracking_number=f"CRI-2026-{n:05d}",
                    requester=requester,
                    agency=agencies[n % len(agencies)],
                    status="accepted",
                    requester_name="Requester",
                    requester_email="requester@bench.test",
                    chief_name="Chief",
                    chief_email=f"chief{n}@bench.test",
                    attests_voluntary=True,
                )
                for n in range(1_501)
            ],
            batch_size=2_000,
        )
        engagements = Engagement.objects.bulk_create(
            [
                Engagement(
                    assistance_request=request,
                    agency=request.agency,
                    program=program,
                    starts_on=day,
                    ends_on=day + datetime.timedelta(days=180),
                )
                for request in requests
            ],
            batch_size=2_000,
        )
        TeamMember.objects.bulk_create(
            [
                TeamMember(engagement=engagement, user=rng.choice(users), role="expert")
                for engagement in engagements[1:]
                for _ in range(2)
            ],
            batch_size=5_000,
            ignore_conflicts=True,
        )
        target = engagements[0]
        target.services.set(services[:3])
        target.topics.set(topics[:2])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "engagement_id": target.pk,
        "rows": {
            "expertise": len(expertise),
            "positions": len(positions),
            "windows": len(windows),
            "conflicts": len(conflicts),
        },
    }


def child(experts: int, repeat: int) -> dict:
    """Runs in a subprocess whose DATABASE_URL names the server to use."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from continuum.engagements.models import Engagement
    from continuum.providers.matching import match_experts

    test_settings = connection.settings_dict.setdefault("TEST", {})
    created_db = None
    if connection.vendor == "sqlite":
        created_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        test_settings["NAME"] = str(created_db)
    else:
        test_settings["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    report: dict = {"vendor": connection.vendor, "experts": experts}
    report["server"] = server_version(connection)
    try:
        data = populate(experts)
        report["populate_seconds"] = data["seconds"]
        report["rows"] = data["rows"]
        times, queries, result = [], 0, None
        for run in range(repeat):
            # As the page does: the engagement read with its services and topics prefetched.
            engagement = (
                Engagement.objects.select_related("agency__state", "program")
                .prefetch_related("services", "topics")
                .get(pk=data["engagement_id"])
            )
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = match_experts(engagement)
                times.append(time.perf_counter() - started)
            if run == 0:
                queries = len(captured)
        report["median_ms"] = round(statistics.median(times) * 1000, 1)
        report["min_ms"] = round(min(times) * 1000, 1)
        report["max_ms"] = round(max(times) * 1000, 1)
        report["queries"] = queries
        report["ranked"] = len(result.ranked)
        report["excluded"] = len(result.excluded)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0, keepdb=False
        )
        if created_db is not None:
            created_db.unlink(missing_ok=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--experts", type=int, default=5_000, help="experts to write")
    parser.add_argument("--repeat", type=int, default=11, help="runs of match_experts")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.experts, args.repeat)))
        return
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}")
    for key, value in machine().items():
        print(f"{key.capitalize()}: {value}")
    targets = {
        "sqlite": "sqlite:///" + str(Path(tempfile.gettempdir()) / "continuum-bench.sqlite3"),
        "postgres": args.postgres_url,
    }
    arguments = ["--child", "--experts", str(args.experts), "--repeat", str(args.repeat)]
    for name in ("sqlite", "postgres"):
        if args.database in (name, "both"):
            report = run_child(__file__, arguments, env={"DATABASE_URL": targets[name]})
            print(
                f"\n{report['server']}: {report['experts']:,} experts ({report['rows']}), "
                f"written in {report['populate_seconds']} s"
            )
            print(
                f"  match_experts: median {report['median_ms']} ms (min {report['min_ms']}, "
                f"max {report['max_ms']}) over {args.repeat} runs, {report['queries']} queries; "
                f"{report['ranked']:,} ranked, {report['excluded']:,} excluded"
            )


if __name__ == "__main__":
    main()
