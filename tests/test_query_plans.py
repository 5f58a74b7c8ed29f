# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)
"""The list pages' query plans (issue 8): no listed query walks the requests table.

The test lists the queries the triage queue (every sort, the default open work, "all",
"not assigned", a later page, the counts) and the API lists (the queue, the request list for
program staff, a requester and an agency member) really run, then asks PostgreSQL to EXPLAIN
each one that reads `intake_assistancerequest`, with `SET enable_seqscan = off`: with only a
few hundred rows the planner would rightly pick a sequential scan, so we forbid it and check
that the plan still finds an index to use. A plan that says "Seq Scan on
intake_assistancerequest" even then has no index that serves it, and fails the test. (An
ordered walk of an index that the page's LIMIT stops is allowed: that is what a keyset page
is; the bounded counts stop at 1,001 rows the same way.)

On SQLite those tests are skipped (SQLite's planner has no such switch and CI runs the suite
on PostgreSQL too); `benchmarks/` measures the real pages at 25k and 250k requests. The tests
of single queries at the end (the reviewer list, ...) run on both: SQLite's `EXPLAIN QUERY
PLAN` here, PostgreSQL's `EXPLAIN` with sequential scans off in CI.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.intake.models import AssistanceRequest
from continuum.intake.tests.domain_fixtures import (
    agency_a,
    agency_b,
    member_a,
    requester_a,
    staff,
)
from continuum.intake.tests.factories import AssistanceRequestFactory, RawSubmittedRequestFactory
from continuum.intake.tests.test_api import Api

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN with enable_seqscan=off is PostgreSQL's; CI runs this on PostgreSQL",
)

TABLE = "intake_assistancerequest"
QUEUE = "intake:triage_queue"


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


@postgresql_only
def test_no_listed_query_falls_back_to_a_sequential_scan_of_the_requests(
    client, staff, agency_a, agency_b, requester_a, member_a
):
    other_reviewer = ProgramStaffFactory()
    for index in range(60):
        RawSubmittedRequestFactory(
            agency=agency_a if index % 3 else agency_b,
            requester=requester_a if index % 5 == 0 else None,
            reviewer=other_reviewer if index % 2 else None,
            status=["submitted", "in_review", "declined", "accepted"][index % 4],
        )
    AssistanceRequestFactory(agency=agency_a, requester=staff)  # staff's own draft
    AssistanceRequestFactory(agency=agency_a, requester=requester_a)

    pages = Client()
    pages.force_login(staff)
    queue_url = reverse(QUEUE)
    calls = [lambda: pages.get(queue_url)]
    for query in [
        {"sort": "newest"},
        {"sort": "oldest"},
        {"sort": "agency_name"},
        {"sort": "tracking_number"},
        {"status": "all"},
        {"status": "all", "sort": "agency_name"},
        {"assignee": "unassigned"},
        {"assignee": "unassigned", "sort": "oldest"},
        {"status": "declined"},
    ]:
        calls.append(lambda query=query: pages.get(queue_url, query))
    for sort in ["newest", "oldest", "agency_name", "tracking_number"]:
        first = pages.get(queue_url, {"status": "all", "sort": sort})
        cursor = first.context["cursor_next"]
        assert cursor, "the test needs a second page"
        calls.append(
            lambda sort=sort, cursor=cursor: pages.get(
                queue_url, {"status": "all", "sort": sort, "cursor": cursor}
            )
        )

    # "My requests" of an agency member (sent requests and drafts, each in keyset pages).
    member_pages = Client()
    member_pages.force_login(requester_a)
    calls.append(lambda: member_pages.get(reverse("intake:my_requests")))
    staff_api, requester_api = Api(client, staff), Api(client, requester_a)
    member_api = Api(client, member_a)
    calls += [
        lambda: staff_api.get("/triage/queue"),
        lambda: staff_api.get("/triage/queue", {"status": "all", "ordering": "agency_name"}),
        lambda: staff_api.get("/requests/"),
        lambda: requester_api.get("/requests/"),
        lambda: member_api.get("/requests/"),
    ]
    next_cursor = staff_api.get("/requests/", {"page_size": 5}).json()["next_cursor"]
    calls.append(lambda: staff_api.get("/requests/", {"page_size": 5, "cursor": next_cursor}))

    queries = _queries_of(calls)
    assert len(queries) > 20
    # The check itself can fail: a filter no index serves is caught.
    unindexed = str(AssistanceRequest.objects.filter(narrative="x").order_by().values("pk").query)
    assert _without_index([unindexed.replace("= x", "= 'x'")])
    failures = _without_index(dict.fromkeys(queries))  # each distinct query once
    assert not failures, "A listed query has no index to use:\n\n" + "\n\n".join(failures)


def _without_index(queries) -> list[str]:
    """The queries whose plan still scans the requests table with sequential scans off."""
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


# --- the engagement side (issue 8, after issue 9) ----------------------------------------------

ENGAGEMENT_TABLES = (
    "engagements_engagement",
    "engagements_teammember",
    "engagements_meeting",
    "engagements_milestone",
    "engagements_expertworkload",
)


def _plans(queries) -> dict[str, str]:
    """Each query's plan with sequential scans off."""
    plans = {}
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for sql in queries:
                cursor.execute("EXPLAIN " + sql)
                plans[sql] = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")
    return plans


def _engagement_queries(calls) -> list[str]:
    found = []
    for call in calls:
        with CaptureQueriesContext(connection) as captured:
            response = call()
        assert response.status_code == 200, response.content[:500]
        found += [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT")
            and any(f'"{table}"' in query["sql"] for table in ENGAGEMENT_TABLES)
        ]
    return list(dict.fromkeys(found))


@postgresql_only
def test_engagement_lists_and_workload_use_their_indexes(client):
    """The agency side's calendar, "My engagements" and API list (a union of id lists, each on
    its index), the portfolio (with its experts' kept workload), staff's calendar, and find
    experts (workload): none scans an engagement table."""
    import datetime

    from continuum.accounts.tests.factories import AgencyMembershipFactory
    from continuum.agencies.tests.factories import AgencyFactory
    from continuum.engagements.choices import EngagementStatus, TeamRole
    from continuum.engagements.tests.factories import (
        EngagementFactory,
        MeetingFactory,
        MilestoneFactory,
        TeamMemberFactory,
    )
    from continuum.providers.tests.factories import ExpertProfileFactory

    agency = AgencyFactory()
    member = AgencyMembershipFactory(agency=agency).user
    experts = [ExpertProfileFactory().user for _ in range(4)]
    statuses = [EngagementStatus.ACTIVE, EngagementStatus.CLOSED, EngagementStatus.PLANNING]
    moment = datetime.datetime(2026, 12, 9, 15, tzinfo=datetime.UTC)
    for index in range(45):
        engagement = EngagementFactory(
            status=statuses[index % 3],
            assistance_request__agency=agency if index % 5 == 0 else AgencyFactory(),
        )
        TeamMemberFactory(engagement=engagement, user=experts[index % 4], role=TeamRole.EXPERT)
        MeetingFactory(
            engagement=engagement,
            starts_at=moment,
            ends_at=moment + datetime.timedelta(hours=1),
        )
        MilestoneFactory(engagement=engagement, due_on=moment.date())
    working = EngagementFactory(status=EngagementStatus.ACTIVE)

    agency_side, staff_side = Client(), Client()
    agency_side.force_login(member)
    staff_side.force_login(ProgramStaffFactory())
    member_api = Api(client, member)
    calls = [
        lambda: agency_side.get(reverse("engagements:calendar"), {"month": "2026-12"}),
        lambda: agency_side.get(reverse("engagements:mine")),
        lambda: member_api.get("/engagements/"),
        lambda: staff_side.get(reverse("engagements:portfolio")),
        lambda: staff_side.get(reverse("engagements:calendar"), {"month": "2026-12"}),
        lambda: staff_side.get(
            reverse("engagements:team_match", kwargs={"public_id": working.public_id})
        ),
    ]
    with connection.cursor() as cursor:  # the planner's statistics, as a live database has
        for table in ENGAGEMENT_TABLES:
            cursor.execute(f"ANALYZE {table}")
    plans = _plans(_engagement_queries(calls))
    workload = [
        sql for sql in plans if 'FROM "engagements_teammember"' in sql and "GROUP BY" in sql
    ]
    assert workload == [], "matching and the portfolio read the kept counts, not the team rows"
    assert len(plans) > 10
    # The check itself can fail: a condition no index serves is caught.
    from continuum.engagements.models import TeamMember

    unindexed = str(TeamMember.objects.filter(override_reason="x").order_by().values("pk").query)
    unindexed = unindexed.replace("= x", "= 'x'")
    assert "Seq Scan on engagements_teammember" in _plans([unindexed])[unindexed]
    failures = [
        f"{sql}\n{plan}"
        for sql, plan in plans.items()
        if any(f"Seq Scan on {table}" in plan for table in ENGAGEMENT_TABLES)
    ]
    assert not failures, "A listed query has no index to use:\n\n" + "\n\n".join(failures)


# --- single queries, on both databases ---------------------------------------------------------


def _plan(sql: str) -> str:
    """The plan of one query: SQLite's `EXPLAIN QUERY PLAN`, or PostgreSQL's `EXPLAIN` with
    sequential scans off (so that a few test rows do not make a scan the cheapest plan)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(row[-1] for row in cursor.fetchall())
        return _plans([sql])[sql]


def test_the_reviewer_list_reads_only_the_reviewers_rows():
    """The triage queue reads the reviewers (active program staff and administrators, by
    name) once a page, from the partial index `accounts_user_reviewers`: the staff rows in
    name order, never every user (agency members and experts are most of them, 17,947 users
    at 1x, and they grow with the agencies that ask)."""
    from continuum.accounts.tests.factories import AgencyMembershipFactory, ExpertFactory

    staff = ProgramStaffFactory()
    for _ in range(5):
        AgencyMembershipFactory()
        ExpertFactory()
    pages = Client()
    pages.force_login(staff)
    with CaptureQueriesContext(connection) as captured:
        assert pages.get(reverse(QUEUE)).status_code == 200
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "accounts_user"' in query["sql"] and '"is_program_staff" OR' in query["sql"]
    ]
    assert len(reads) == 1, "one read for both reviewer selects"
    plan = _plan(reads[0])
    assert "accounts_user_reviewers" in plan, plan
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in plan, plan  # in name order from the index: no sort
    else:
        assert "Seq Scan on accounts_user" not in plan, plan


def test_milestones_due_soon_start_from_the_viewers_engagements(client):
    """ "My engagements" lists the milestones due soon of the engagements the viewer is on: read
    by each of those engagements' ids (`milestone_eng_due`), not by walking every open milestone
    in due order (`milestone_open_due`, which the portfolio's overdue list uses). The open
    milestones' index is partial (`completed_on IS NULL`), so the planner's statistics count
    the open ones: as (completed_on, due_on) over all, SQLite took "completed_on IS NULL" for
    about 200 rows where 55,903 of 418,939 are open at 10x, and walked them (12 ms at 10x)."""
    import datetime

    from continuum.accounts.tests.factories import AgencyMembershipFactory
    from continuum.agencies.tests.factories import AgencyFactory
    from continuum.engagements.choices import EngagementStatus, TeamRole
    from continuum.engagements.tests.factories import (
        EngagementFactory,
        MilestoneFactory,
        TeamMemberFactory,
    )
    from continuum.engagements.tests.test_scale import BENCHMARK_STATISTICS, _use_statistics

    agency = AgencyFactory()
    member = AgencyMembershipFactory(agency=agency).user
    soon = datetime.date.today() + datetime.timedelta(days=3)
    for _ in range(6):
        engagement = EngagementFactory(
            status=EngagementStatus.ACTIVE, assistance_request__agency=agency
        )
        TeamMemberFactory(engagement=engagement, user=member, role=TeamRole.AGENCY_CONTACT)
        MilestoneFactory(engagement=engagement, due_on=soon)
        MilestoneFactory(engagement=EngagementFactory(status=EngagementStatus.ACTIVE), due_on=soon)
    staff = ProgramStaffFactory()
    if connection.vendor == "sqlite":  # the planner's statistics of the 10x benchmark data
        _use_statistics(
            {
                **BENCHMARK_STATISTICS,
                "engagements_milestone": {
                    "milestone_open_due": "55903 26",
                    "milestone_eng_due": "418939 5 1",
                    "engagements_milestone_engagement_id_41ce17a5": "418939 5",
                },
            }
        )
    pages, staff_pages = Client(), Client()
    pages.force_login(member)
    staff_pages.force_login(staff)
    with CaptureQueriesContext(connection) as captured:
        response = pages.get(reverse("engagements:mine"))
    assert response.status_code == 200
    assert len(response.context["due_soon"]) == 6
    due_soon = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "engagements_milestone"."id"')
    ]
    assert len(due_soon) == 1
    with CaptureQueriesContext(connection) as captured:
        assert staff_pages.get(reverse("engagements:portfolio")).status_code == 200
    overdue = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "engagements_milestone"."id"')
    ]
    assert len(overdue) == 1
    due_plan, overdue_plan = _plan(due_soon[0]), _plan(overdue[0])
    if connection.vendor == "sqlite":
        assert "INDEX milestone_eng_due (engagement_id=?" in due_plan, due_plan
        assert "milestone_open_due" not in due_plan, due_plan
        # The overdue list's plan depends on the other tables' sizes (at 10x: a search of the
        # partial index, `milestone_open_due (due_on<?)`); it never scans the milestones.
        assert "SCAN engagements_milestone" not in overdue_plan, overdue_plan
    else:
        for plan in (due_plan, overdue_plan):
            assert "Seq Scan on engagements_milestone" not in plan, plan


#: The planner's statistics of the kept workload: at 10x (2,672 experts with open work), and
#: what SQLite assumes of a table it has none for (about a million rows; deleting the rows
#: is not enough, the connection keeps the size it last read).
WORKLOAD_STATISTICS = {
    "benchmark": {
        "expert_workload_busiest": "2672 668",
        "sqlite_autoindex_engagements_expertworkload_1": "2672 1",
    },
    "none": {"sqlite_autoindex_engagements_expertworkload_1": "1048576 1"},
}


@pytest.mark.parametrize("statistics", ["none", "benchmark"])
def test_the_portfolios_workload_reads_the_busiest_experts_down_their_index(client, statistics):
    """The portfolio's expert workload reads the kept counts (`ExpertWorkload`) down the
    partial index `expert_workload_busiest`, most first, with or without the planner's
    statistics for the table: never every user, never every team row. Joined to the users,
    SQLite scanned all 31,336 users at 10x while the new table had no statistics; the name,
    email and capacity are subqueries, so the counts' table is the only one to start from."""
    from continuum.engagements.choices import EngagementStatus, TeamRole
    from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
    from continuum.engagements.tests.test_scale import BENCHMARK_STATISTICS, _use_statistics
    from continuum.providers.tests.factories import ExpertProfileFactory

    experts = [ExpertProfileFactory().user for _ in range(6)]
    for index in range(12):
        TeamMemberFactory(
            engagement=EngagementFactory(status=EngagementStatus.ACTIVE),
            user=experts[index % 4],
            role=TeamRole.EXPERT,
        )
    if connection.vendor == "sqlite":
        workload = WORKLOAD_STATISTICS[statistics]
        _use_statistics({**BENCHMARK_STATISTICS, "engagements_expertworkload": workload})
    elif statistics == "benchmark":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE engagements_expertworkload")
    pages = Client()
    pages.force_login(ProgramStaffFactory())
    with CaptureQueriesContext(connection) as captured:
        response = pages.get(reverse("engagements:portfolio"))
    assert response.status_code == 200
    assert [row.open_engagements for row in response.context["workload"]] == [3, 3, 3, 3]
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "engagements_expertworkload"' in query["sql"]
    ]
    assert len(reads) == 1
    assert 'FROM "engagements_teammember"' not in reads[0]
    plan = _plan(reads[0])
    if connection.vendor == "sqlite":
        assert "SEARCH engagements_expertworkload USING INDEX expert_workload_busiest" in plan, plan
        assert "SCAN" not in plan, plan
    else:
        assert "expert_workload_busiest" in plan, plan
        for table in ("accounts_user", "engagements_expertworkload", "providers_expertprofile"):
            assert f"Seq Scan on {table}" not in plan, plan


def test_evaluation_metrics_start_from_the_completed_evaluations():
    """The portfolio's evaluation metrics (two grouped counts) start from the completed
    evaluations' engagement ids and read the engagements by primary key and their services by
    their index. Joined from the evaluations, SQLite started from every engagement instead when
    the evaluations had no statistics (the benchmark's data has none: 3.6 ms each at 10x).
    The completed evaluations are read from their partial index `evaluation_completed`.

    On PostgreSQL, with a few dozen rows, a hash join over an index walk of the engagements is
    rightly cheapest, so there the test checks only that no engagement table is scanned."""
    from continuum.engagements.choices import EngagementStatus
    from continuum.engagements.metrics import evaluation_metrics
    from continuum.engagements.tests.factories import EngagementFactory
    from continuum.engagements.tests.test_portfolio import evaluation
    from continuum.engagements.tests.test_scale import BENCHMARK_STATISTICS, _use_statistics

    for index in range(8):
        engagement = EngagementFactory(status=EngagementStatus.CLOSED)
        if index % 2:
            evaluation(engagement, "effective")
    if connection.vendor == "sqlite":  # the 10x data's statistics
        _use_statistics(
            {
                "engagements_engagement": {
                    **BENCHMARK_STATISTICS["engagements_engagement"],
                    "engagements_engagement_program_id_5bfccee0": "93808 31270",
                },
                "engagements_engagement_services": {
                    "engagements_engagement_services_service_id_a2c3dc1c": "155969 9749",
                    "engagements_engagement_services_engagement_id_bf74b087": "155969 2",
                    "engagements_engagement_services_engagement_id_service_id_d1b0cb4d_uniq": (
                        "155969 2 1"
                    ),
                },
                # What SQLite assumes of a table it has no statistics for (the benchmark's
                # evaluations are none, and ANALYZE writes nothing for an empty table): about a
                # million rows. (Deleting the rows is not enough: the connection keeps the
                # size it last read.)
                "engagements_evaluation": {
                    "sqlite_autoindex_engagements_evaluation_1": "1048576 1",
                    "sqlite_autoindex_engagements_evaluation_2": "1048576 1",
                },
            }
        )
    with CaptureQueriesContext(connection) as captured:
        lines = evaluation_metrics()
    assert lines and lines[0].answered == 4 and lines[0].effective == 4
    counts = [query["sql"] for query in captured.captured_queries if "GROUP BY" in query["sql"]]
    assert len(counts) == 2, "by program, by service"
    for sql in counts:
        plan = _plan(sql)
        assert "evaluation_completed" in plan, plan  # only the completed ones' index entries
        if connection.vendor == "sqlite":
            assert "SEARCH engagements_engagement USING INTEGER PRIMARY KEY" in plan, plan
            assert "SCAN engagements_engagement" not in plan, plan  # nor its services
        else:
            for table in ("engagements_engagement", "engagements_engagement_services"):
                assert f"Seq Scan on {table}" not in plan, plan


def test_the_agency_sides_request_list_seeks_each_part_on_its_index(client, requester_a, agency_b):
    """The API's request list for an agency member is two parts, newest created first: their
    own requests and their agency's sent ones. Each seeks on its (requester, id) or (agency, id)
    index and stops at the page: before those indexes PostgreSQL walked the primary key
    backward past every other agency's requests (8,700 rows at 10x for one page)."""
    for _ in range(3):
        RawSubmittedRequestFactory(
            requester=requester_a, agency=requester_a.agency_memberships.get().agency
        )
        RawSubmittedRequestFactory(agency=agency_b)
    with CaptureQueriesContext(connection) as captured:
        assert Api(client, requester_a).get("/requests/").status_code == 200
    parts = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "intake_assistancerequest"."id" AS "pk" FROM')
        and "LIMIT 26" in query["sql"]
    ]
    assert len(parts) == 2, "their own, their agency's"
    plans = [_plan(sql) for sql in parts]
    assert any("intake_ar_requester_newest" in plan for plan in plans), plans
    assert any("intake_ar_agency_newest" in plan for plan in plans), plans
    for plan in plans:
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # in order from the index


def test_the_membership_queue_reads_down_its_partial_indexes():
    """The verification queue's two lists, the memberships waiting (oldest first) and those
    recently decided (newest first), each read down a partial index and stop at the page:
    sorting every verified or refused membership took 62 ms a page at 10x (18,198 of them)."""
    from continuum.accounts.tests.factories import (
        AgencyMembershipFactory,
        PendingAgencyMembershipFactory,
    )
    from continuum.engagements.tests.test_scale import BENCHMARK_STATISTICS, _use_statistics

    for _ in range(3):
        AgencyMembershipFactory()
        PendingAgencyMembershipFactory()
    if connection.vendor == "sqlite":  # the planner's statistics, in the shape of the 10x data
        _use_statistics(
            {
                "accounts_agencymembership": {
                    "accounts_agencymembership_status_b784d674": "18698 4675",
                    "membership_pending": "500 1 1",
                    "membership_decided": "18198 1 1",
                },
                "accounts_user": BENCHMARK_STATISTICS["accounts_user"],
                "agencies_agency": {"agencies_agency_state_id_f97bef01": "18702 328"},
                "agencies_state": {"sqlite_autoindex_agencies_state_1": "57 1"},
            }
        )
    pages = Client()
    pages.force_login(ProgramStaffFactory())
    with CaptureQueriesContext(connection) as captured:
        assert pages.get(reverse("accounts:membership_queue")).status_code == 200
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "accounts_agencymembership"."id"')
    ]
    assert len(reads) == 2, "waiting, recently decided"
    plans = "\n".join(_plan(sql) for sql in reads)
    assert "membership_pending" in plans and "membership_decided" in plans, plans
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in plans, plans  # in order from the indexes: no sort


def test_the_team_forms_people_are_read_from_their_indexes():
    """The engagement page's "add someone" list (program staff, the provider organization's
    people, the agency's verified members) unites three id lists, each from its index: an OR
    across the user and both memberships joined every account to them (31,336 at 10x, 15 ms on
    PostgreSQL) on each engagement page program staff open."""
    from continuum.accounts.tests.factories import (
        AgencyMembershipFactory,
        ExpertFactory,
        ProviderMembershipFactory,
    )
    from continuum.catalog.tests.factories import ProviderOrganizationFactory
    from continuum.engagements.forms.team import eligible_people
    from continuum.engagements.tests.factories import EngagementFactory

    engagement = EngagementFactory(provider=ProviderOrganizationFactory())
    ProgramStaffFactory()
    ProviderMembershipFactory(organization=engagement.provider)
    AgencyMembershipFactory(agency=engagement.agency)
    for _ in range(5):
        AgencyMembershipFactory()
        ExpertFactory()
    with CaptureQueriesContext(connection) as captured:
        assert len(eligible_people(engagement)) == 3
    (read,) = (query["sql"] for query in captured.captured_queries)
    plan = _plan(read)
    assert "accounts_user_reviewers" in plan, plan  # the staff rows alone
    if connection.vendor == "sqlite":
        assert "SCAN accounts_user\n" not in plan + "\n", plan
    else:
        assert "Seq Scan" not in plan, plan
