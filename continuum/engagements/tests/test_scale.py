"""The engagement lists stay flat as the data grows (issue 8): the agency side's calendar,
"My engagements" and API list, the portfolio and "find experts".

Each list is read at two sizes and must cost the same number of queries; what it shows is
checked too, so the union of id lists that now decides what a non-staff viewer sees cannot
drift from who may see what. Workload (open engagements per expert) counts only live expert
rows of open engagements: matching reads them from the open engagements' ids, the portfolio
reads the counts the services keep (`test_workload.py`).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.models import Engagement
from continuum.engagements.policy import ENGAGEMENTS, relation_of
from continuum.engagements.portfolio import expert_workload
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MeetingFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.intake.tests.test_api import Api
from continuum.providers.matching import engagement_facts
from continuum.providers.matching.loading import load_experts
from continuum.providers.tests.factories import ExpertProfileFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

DUE = datetime.date(2026, 12, 10)
MEETS = datetime.datetime(2026, 12, 9, 15, 0, tzinfo=datetime.UTC)


def _engagement(**kwargs) -> Engagement:
    engagement = EngagementFactory(**kwargs)
    MeetingFactory(
        engagement=engagement, starts_at=MEETS, ends_at=MEETS + datetime.timedelta(hours=1)
    )
    MilestoneFactory(engagement=engagement, due_on=DUE)
    return engagement


def _grow(agency, expert, organization, count: int) -> None:
    """More of everything: the agency's engagements, other agencies', the organization's, and
    the expert's team rows (live on closed engagements, left on open ones)."""
    for _ in range(count):
        _engagement(assistance_request__agency=agency)
        _engagement()
        _engagement(provider=organization)
        closed = EngagementFactory(status=EngagementStatus.CLOSED)
        TeamMemberFactory(engagement=closed, user=expert, role=TeamRole.EXPERT)
        left = EngagementFactory(status=EngagementStatus.ACTIVE)
        TeamMemberFactory(
            engagement=left,
            user=expert,
            role=TeamRole.EXPERT,
            left_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        )


def _queries(call) -> int:
    call()  # first call: last-used stamps and caches
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


@pytest.fixture
def setting():
    agency = AgencyFactory()
    member = AgencyMembershipFactory(agency=agency).user
    organization = ProviderOrganizationFactory()
    expert = ExpertProfileFactory().user
    _grow(agency, expert, organization, 1)
    return agency, member, organization, expert


def test_the_agency_sides_lists_cost_the_same_queries_as_engagements_grow(client, setting):
    agency, member, organization, expert = setting
    client.force_login(member)
    member_api = Api(client, member)
    calendar = reverse("engagements:calendar")
    mine = reverse("engagements:mine")

    def api():
        return member_api.get("/engagements/")

    pages = {
        "calendar": lambda: client.get(calendar),
        "mine": lambda: client.get(mine),
        "api": api,
    }
    before = {name: _queries(call) for name, call in pages.items()}
    _grow(agency, expert, organization, 6)
    after = {name: _queries(call) for name, call in pages.items()}
    assert after == before
    own = Engagement.objects.filter(agency=agency).count()
    assert own == 7
    assert client.get(calendar).content.decode().count("Milestone due:") == own
    assert len(api().json()["items"]) == own


def test_the_portfolio_and_find_experts_cost_the_same_queries_as_team_rows_grow(client, setting):
    agency, _member, organization, expert = setting
    staff = ProgramStaffFactory()
    client.force_login(staff)
    working = EngagementFactory(status=EngagementStatus.ACTIVE, assistance_request__agency=agency)
    match = reverse("engagements:team_match", kwargs={"public_id": working.public_id})
    portfolio = reverse("engagements:portfolio")
    pages = {"portfolio": lambda: client.get(portfolio), "match": lambda: client.get(match)}
    before = {name: _queries(call) for name, call in pages.items()}
    _grow(agency, expert, organization, 6)
    after = {name: _queries(call) for name, call in pages.items()}
    assert after == before


def _open_team(expert, *, role=TeamRole.EXPERT, status=EngagementStatus.ACTIVE, **kwargs):
    return TeamMemberFactory(
        engagement=EngagementFactory(status=status), user=expert, role=role, **kwargs
    )


def test_workload_counts_live_expert_rows_of_open_engagements_only():
    expert = ExpertProfileFactory(capacity=3).user
    _open_team(expert)
    _open_team(expert, role=TeamRole.LEAD_EXPERT, status=EngagementStatus.PLANNING)
    _open_team(expert, status=EngagementStatus.MONITORING)
    _open_team(expert, status=EngagementStatus.CLOSED)
    _open_team(expert, status=EngagementStatus.WITHDRAWN)
    _open_team(expert, left_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    _open_team(expert, role=TeamRole.PROVIDER_COORDINATOR)
    other = ExpertProfileFactory(capacity=1).user
    _open_team(other)

    rows = {row.user_id: row for row in expert_workload(viewer=ProgramStaffFactory())}
    assert rows[expert.pk].open_engagements == 3
    assert rows[expert.pk].capacity == 3 and rows[expert.pk].at_capacity
    assert rows[other.pk].open_engagements == 1

    # Matching for another open engagement counts the same three; for one the expert is on, that
    # engagement is left out of their load.
    elsewhere = EngagementFactory(status=EngagementStatus.ACTIVE)
    loads = {f.user_id: f.open_engagements for f in load_experts(engagement_facts(elsewhere))}
    assert loads[expert.pk] == 3 and loads[other.pk] == 1
    own = expert.team_memberships.filter(engagement__status=EngagementStatus.ACTIVE).first()
    loads = {f.user_id: f.open_engagements for f in load_experts(engagement_facts(own.engagement))}
    assert loads[expert.pk] == 2
    # An ended engagement they were on is no part of their load: nothing to leave out.
    ended = expert.team_memberships.filter(engagement__status=EngagementStatus.CLOSED).get()
    facts = engagement_facts(ended.engagement)
    assert {f.user_id: f.open_engagements for f in load_experts(facts)}[expert.pk] == 3
    # Matching a few experts reads only their kept counts.
    some = load_experts(engagement_facts(elsewhere), expert_ids=[expert.expert_profile.pk])
    assert [(f.user_id, f.open_engagements) for f in some] == [(expert.pk, 3)]


def test_what_a_viewer_sees_is_exactly_whom_the_engagement_relates_to():
    """The union of id lists (team, organization, own requests, agency) agrees with the
    per-object relation for every kind of viewer, including those with nothing."""
    agency = AgencyFactory()
    organization = ProviderOrganizationFactory()
    requester = UserFactory()
    expert = ExpertFactory()
    engagements = [
        EngagementFactory(assistance_request__agency=agency),
        EngagementFactory(assistance_request__requester=requester),
        EngagementFactory(provider=organization),
        EngagementFactory(),
        EngagementFactory(assistance_request__agency=None),
    ]
    TeamMemberFactory(engagement=engagements[3], user=expert, role=TeamRole.EXPERT)
    TeamMemberFactory(engagement=engagements[1], user=UserFactory(), role=TeamRole.AGENCY_CONTACT)
    viewers = [
        AgencyMembershipFactory(agency=agency).user,
        requester,
        expert,
        ProviderMembershipFactory(organization=organization).user,
        engagements[1].team.get().user,
        UserFactory(),
    ]
    # The requester is also a member of the agency: both of their lists count.
    AgencyMembershipFactory(agency=agency, user=requester)
    for viewer in viewers:
        seen = set(ENGAGEMENTS.queryset(viewer).values_list("pk", flat=True))
        related = {e.pk for e in engagements if relation_of(viewer, e).sees}
        assert seen == related, viewer
    assert set(ENGAGEMENTS.queryset(viewers[0]).values_list("pk", flat=True)) == {engagements[0].pk}


#: The planner's statistics of the 10x load benchmark's database (`sqlite_stat1`, written by
#: ANALYZE there: 31,336 users, 93,808 engagements, 422,164 team rows, about 27 % of the
#: engagements open). With a few test rows a full walk of the team is rightly cheap; these make
#: the planner choose as it does on the benchmark's data.
BENCHMARK_STATISTICS = {
    "accounts_user": {"sqlite_autoindex_accounts_user_1": "31336 1"},
    "engagements_engagement": {
        "engagements_engagement_status_6d2fd159": "93808 13402",
        "engagement_status_created": "93808 13402 1",
        "engagement_created_id": "93808 1 1",
        "engagements_engagement_agency_id_7badd2ec": "93808 6",
    },
    "engagements_teammember": {
        "team_member_engagement_live": "422164 5 5 1 1",
        "team_member_once_per_role": "422164 5 1 1",
        "team_member_user_live": "422164 21 21",
        "engagements_teammember_user_id_2f2ec45a": "422164 21",
        "engagements_teammember_engagement_id_cb1d412f": "422164 5",
    },
}


def _use_statistics(statistics: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for table, indexes in statistics.items():
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
            for index, stat in indexes.items():
                cursor.execute(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                    [table, index, stat],
                )
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again


def test_matching_and_the_portfolio_count_no_team_rows(client, setting):
    """Workload on the portfolio and in matching comes from the kept counts (`ExpertWorkload`),
    never from a grouped count of the team rows: at 10x that count read the team of each of
    6,700 open engagements on every "find experts" page."""
    agency, _member, _organization, _expert = setting
    client.force_login(ProgramStaffFactory())
    working = EngagementFactory(status=EngagementStatus.ACTIVE, assistance_request__agency=agency)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("engagements:portfolio"))
        client.get(reverse("engagements:team_match", kwargs={"public_id": working.public_id}))
        client.get(reverse("providers:expert_list"))
    grouped_team = [
        query["sql"]
        for query in captured.captured_queries
        if "engagements_teammember" in query["sql"] and "GROUP BY" in query["sql"]
    ]
    assert grouped_team == []
    assert any("engagements_expertworkload" in q["sql"] for q in captured.captured_queries)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_staffs_calendar_finds_their_meetings_by_index(client, setting):
    """Meetings staff attend or organize: a union of two id lists, each searched on its index
    (one OR across the attendees' join and the organizer scanned every meeting). The month's
    window (the first DAY_LIMIT ids of each day, and each day's count) scans no table: only its
    own small intermediate results."""
    client.force_login(ProgramStaffFactory())
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("engagements:calendar"), {"month": "2026-12"})
    meetings = [
        q["sql"]
        for q in captured.captured_queries
        if '"engagements_meeting"."id" AS "pk"' in q["sql"]
    ]
    assert len(meetings) == 1, "each day's first meetings, with the day's count"
    for sql in meetings:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = "\n".join(row[-1] for row in cursor.fetchall())
        scans = [
            line
            for line in plan.splitlines()
            if line.startswith("SCAN")
            and line not in {"SCAN qualify"}
            and not line.startswith("SCAN (subquery-")
        ]
        assert not scans, plan
