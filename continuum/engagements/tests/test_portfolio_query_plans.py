"""The portfolio's and "My engagements"' query plans: no listed query walks the engagements
table (ADR 0012; the same check as `tests/test_query_plans.py` for requests).

On PostgreSQL only, with `SET enable_seqscan = off`: a plan that still says "Seq Scan on
engagements_engagement" has no index that serves it.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import EngagementStatus
from continuum.engagements.models import Engagement
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN with enable_seqscan=off is PostgreSQL's; CI runs this on PostgreSQL",
    ),
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TABLE = "engagements_engagement"


def _queries_of(calls) -> list[str]:
    found = []
    for call in calls:
        with CaptureQueriesContext(connection) as captured:
            response = call()
        assert response.status_code == 200, response.content[:500]
        found += [
            query["sql"]
            for query in captured.captured_queries
            if f'"{TABLE}"' in query["sql"] and query["sql"].lstrip().upper().startswith("SELECT")
        ]
    return found


def _without_index(queries) -> list[str]:
    failures = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for sql in queries:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                if f"Seq Scan on {TABLE}" in plan:
                    failures.append(f"{sql}\n{plan}")
        finally:
            cursor.execute("SET enable_seqscan = on")
    return failures


def test_no_listed_query_falls_back_to_a_sequential_scan_of_the_engagements():
    organization = ProviderOrganizationFactory()
    agency = AgencyFactory()
    expert = ExpertFactory()
    statuses = list(EngagementStatus.values)
    for index in range(60):
        engagement = EngagementFactory(
            status=statuses[index % len(statuses)],
            provider=organization if index % 2 else None,
            assistance_request__agency=agency if index % 3 == 0 else AgencyFactory(),
        )
        if index % 4 == 0:
            TeamMemberFactory(engagement=engagement, user=expert)
            MilestoneFactory(engagement=engagement, due_on=datetime.date(2026, 12, 1))

    staff = Client()
    staff.force_login(ProgramStaffFactory())
    url = reverse("engagements:portfolio")
    calls = [lambda: staff.get(url)]
    for query in [
        {"sort": "oldest"},
        {"sort": "agency"},
        {"status": "all"},
        {"status": "all", "sort": "agency"},
        {"status": "closed"},
        {"program": "cri-tac"},
        {"provider": organization.slug},
        {"overdue": "either"},
        {"state": "VA"},
        {"agency_type": "municipal"},
    ]:
        calls.append(lambda query=query: staff.get(url, query))
    for sort in ["newest", "oldest", "agency"]:
        cursor = staff.get(url, {"status": "all", "sort": sort}).context["page"].next_cursor
        assert cursor, "the test needs a second page"
        calls.append(
            lambda sort=sort, cursor=cursor: staff.get(
                url, {"status": "all", "sort": sort, "cursor": cursor}
            )
        )
    mine = reverse("engagements:mine")
    for user in (
        expert,
        ProviderMembershipFactory(organization=organization).user,
        AgencyMembershipFactory(agency=agency).user,
    ):
        viewer = Client()
        viewer.force_login(user)
        calls.append(lambda viewer=viewer: viewer.get(mine))

    queries = _queries_of(calls)
    assert len(queries) > 15
    # The check itself can fail: a filter no index serves is caught.
    unindexed = str(Engagement.objects.filter(scope="x").order_by().values("pk").query)
    assert _without_index([unindexed.replace("= x", "= 'x'")])
    failures = _without_index(dict.fromkeys(queries))
    assert not failures, "A listed query has no index to use:\n\n" + "\n\n".join(failures)


def test_the_overdue_count_reads_the_open_milestones_from_their_index_alone():
    """Which open engagements have an overdue milestone comes from `milestone_open_eng_due`
    (engagement, due date, open milestones only) without reading the milestones' rows: through
    `milestone_open_due` PostgreSQL read every overdue milestone's row (14,216 at 10x)."""
    for index in range(30):
        engagement = EngagementFactory(status=EngagementStatus.ACTIVE)
        MilestoneFactory(
            engagement=engagement,
            due_on=datetime.date(2026, 11, 1) + datetime.timedelta(days=index),
            completed_on=datetime.date(2026, 11, 2) if index % 2 else None,
        )
    staff = Client()
    staff.force_login(ProgramStaffFactory())
    with CaptureQueriesContext(connection) as captured:
        assert staff.get(reverse("engagements:portfolio")).status_code == 200
    (counts,) = (q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    # With a few test rows the planner may rightly read them any way; with every way but an
    # index-only scan turned off, the plan shows whether an index answers it alone.
    switches = ("enable_seqscan", "enable_indexscan", "enable_bitmapscan")
    with connection.cursor() as cursor:
        for switch in switches:
            cursor.execute(f"SET {switch} = off")
        try:
            cursor.execute("EXPLAIN " + counts)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for switch in switches:
                cursor.execute(f"SET {switch} = on")
    assert "Index Only Scan using milestone_open_eng_due" in plan, plan
