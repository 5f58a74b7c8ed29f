"""The program portfolio: filters, bounded counts, keyset pages, overdue lists, expert workload,
evaluation metrics; flat query counts; program staff only."""

import datetime
import hashlib
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
)
from continuum.agencies.choices import AgencyType
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import DeliverableStatus, EngagementStatus, TeamRole
from continuum.engagements.metrics import evaluation_metrics
from continuum.engagements.models import Evaluation
from continuum.engagements.portfolio import (
    expert_workload,
    overdue_deliverables,
    overdue_milestones,
    portfolio_counts,
    portfolio_engagements,
)
from continuum.engagements.tests.factories import (
    DeliverableFactory,
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.intake.tests.factories import program, service
from continuum.providers.tests.factories import ExpertProfileFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)
PORTFOLIO = reverse("engagements:portfolio")
_tokens = itertools.count()


def _ids(queryset):
    return {e.pk for e in queryset}


def _portfolio(viewer, **filters):
    return _ids(portfolio_engagements(viewer=viewer, filters=filters, today=TODAY))


def evaluation(engagement, effectiveness="effective", completed=True):
    return Evaluation.objects.create(
        engagement=engagement,
        token_hash=hashlib.sha256(str(next(_tokens)).encode()).hexdigest(),
        sent_to="chief@example.gov",
        completed_at=timezone.now() if completed else None,
        effectiveness=effectiveness if completed else "",
        satisfaction=4 if completed else None,
    )


def test_filters():
    staff = ProgramStaffFactory()
    texas = StateFactory(usps="TX", fips="48", name="Texas", ori_prefix="TX")
    sheriff = AgencyFactory(state=texas, agency_type=AgencyType.SHERIFF)
    provider = ProviderOrganizationFactory()
    cri = EngagementFactory(provider=provider)
    deep = EngagementFactory(
        program=program("critical-response"),
        services=[service("bias-audit")],
        assistance_request__agency=sheriff,
    )
    closed = EngagementFactory(status=EngagementStatus.CLOSED)
    late = EngagementFactory(status=EngagementStatus.ACTIVE)
    MilestoneFactory(engagement=late, due_on=TODAY - datetime.timedelta(days=3))
    late_deliverable = EngagementFactory(status=EngagementStatus.REPORTING)
    DeliverableFactory(engagement=late_deliverable, due_on=TODAY - datetime.timedelta(days=1))
    # Done or not yet due: not overdue.
    MilestoneFactory(engagement=cri, due_on=TODAY - datetime.timedelta(days=3), completed_on=TODAY)
    DeliverableFactory(
        engagement=cri, due_on=TODAY - datetime.timedelta(days=9), status=DeliverableStatus.FINAL
    )
    MilestoneFactory(engagement=deep, due_on=TODAY + datetime.timedelta(days=1))

    everything = {cri.pk, deep.pk, late.pk, late_deliverable.pk}
    assert _portfolio(staff) == everything  # open by default
    assert _portfolio(staff, status="all") == everything | {closed.pk}
    assert _portfolio(staff, status="closed") == {closed.pk}
    assert _portfolio(staff, program=program("critical-response")) == {deep.pk}
    assert _portfolio(staff, provider=provider) == {cri.pk}
    assert _portfolio(staff, state=texas) == {deep.pk}
    assert _portfolio(staff, agency_type=AgencyType.SHERIFF) == {deep.pk}
    assert _portfolio(staff, overdue="milestones") == {late.pk}
    assert _portfolio(staff, overdue="deliverables") == {late_deliverable.pk}
    assert _portfolio(staff, overdue="either") == {late.pk, late_deliverable.pk}

    counts = portfolio_counts(viewer=staff, filters={}, today=TODAY)
    by_status = {status: number for status, _label, number in counts["by_status"]}
    assert by_status["planning"] == 2 and by_status["closed"] == 1 and by_status["active"] == 1
    assert (counts["total"], counts["open"], counts["overdue"]) == (5, 4, 2)
    assert [m.engagement_id for m in overdue_milestones(viewer=staff, today=TODAY)] == [late.pk]
    assert [d.engagement_id for d in overdue_deliverables(viewer=staff, today=TODAY)] == [
        late_deliverable.pk
    ]
    # Lists beside the table follow the filters too.
    assert overdue_milestones(viewer=staff, today=TODAY, filters={"provider": provider}) == []


def test_counts_are_bounded_in_one_query():
    staff = ProgramStaffFactory()
    EngagementFactory.create_batch(4)
    with CaptureQueriesContext(connection) as queries:
        counts = portfolio_counts(viewer=staff, filters={}, today=TODAY, cap=3)
    assert len(queries) == 1
    assert counts["open"].capped and str(counts["open"]) == "3+"


def test_expert_workload_highest_first_with_capacity():
    staff = ProgramStaffFactory()
    busy = ExpertProfileFactory(capacity=2, user__full_name="Busy Expert").user
    light = ExpertProfileFactory(capacity=3, user__full_name="Light Expert").user
    for _ in range(3):
        TeamMemberFactory(user=busy, role=TeamRole.EXPERT)
    TeamMemberFactory(user=light, role=TeamRole.LEAD_EXPERT)
    TeamMemberFactory(user=light, engagement=EngagementFactory(status=EngagementStatus.CLOSED))
    TeamMemberFactory(user=light, left_at=timezone.now())
    TeamMemberFactory(role=TeamRole.AGENCY_CONTACT)  # not an expert role
    with CaptureQueriesContext(connection) as queries:
        rows = expert_workload(viewer=staff)
    assert len(queries) == 1
    assert [(r.name, r.open_engagements, r.capacity) for r in rows] == [
        ("Busy Expert", 3, 2),
        ("Light Expert", 1, 3),
    ]
    assert rows[0].over_capacity and not rows[1].at_capacity


def test_evaluation_metrics_by_program_and_service(django_assert_num_queries):
    training, referral = service("training"), service("resource-referral")
    a = EngagementFactory(services=[training])
    b = EngagementFactory(services=[training, referral])
    c = EngagementFactory(services=[referral])
    d = EngagementFactory(program=program("critical-response"), services=[service("bias-audit")])
    evaluation(a, "effective")
    evaluation(b, "partly")
    evaluation(c, "effective")
    evaluation(d, "not_effective")
    evaluation(EngagementFactory(), completed=False)  # not answered: left out
    with django_assert_num_queries(4):
        lines = evaluation_metrics()
    found = [
        (
            line.program.slug,
            line.service.slug if line.service else None,
            line.answered,
            line.effective,
            line.percent,
        )
        for line in lines
    ]
    assert lines[0].share == Decimal(2) / Decimal(3)
    assert found == [
        ("cri-tac", None, 3, 2, 67),
        ("cri-tac", "resource-referral", 2, 1, 50),
        ("cri-tac", "training", 2, 1, 50),
        ("critical-response", None, 1, 0, 0),
        ("critical-response", "bias-audit", 1, 0, 0),
    ]


def test_no_evaluation_no_lines(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert evaluation_metrics() == []


# --- the page ------------------------------------------------------------------------------


def _fill(count: int) -> None:
    for _ in range(count):
        engagement = EngagementFactory(provider=ProviderOrganizationFactory())
        MilestoneFactory(engagement=engagement, due_on=TODAY - datetime.timedelta(days=2))
        DeliverableFactory(engagement=engagement, due_on=TODAY - datetime.timedelta(days=2))
        TeamMemberFactory(engagement=engagement, user=ExpertProfileFactory().user)
        evaluation(engagement)


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_with_more_engagements(client):
    client.force_login(ProgramStaffFactory())
    _fill(3)
    few = _queries_for(client, PORTFOLIO)
    _fill(30)
    many = _queries_for(client, PORTFOLIO)
    assert many == few
    assert few <= 20
    filtered = f"{PORTFOLIO}?status=all&overdue=either&sort=agency"
    assert _queries_for(client, filtered) == few


def test_keyset_pages_and_a_broken_cursor(client):
    client.force_login(ProgramStaffFactory())
    EngagementFactory.create_batch(27)
    first = client.get(PORTFOLIO)
    page = first.context["page"]
    assert len(page.rows) == 25 and page.next_cursor
    second = client.get(PORTFOLIO, {"cursor": page.next_cursor})
    assert len(second.context["page"].rows) == 2
    assert not {e.pk for e in page.rows} & {e.pk for e in second.context["page"].rows}
    broken = client.get(PORTFOLIO, {"cursor": "not-a-cursor"})
    assert broken.status_code == 200
    assert "out of date or broken" in broken.content.decode()
    assert len(broken.context["page"].rows) == 25


def test_bad_filters_are_dropped_with_a_message(client):
    client.force_login(ProgramStaffFactory())
    engagement = EngagementFactory()
    response = client.get(PORTFOLIO, {"program": "nope", "status": "x", "provider": "9" * 30})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not used" in html
    assert engagement.get_absolute_url() in html


def test_the_page_shows_counts_lists_workload_and_metrics(client):
    client.force_login(ProgramStaffFactory())
    _fill(2)
    html = client.get(PORTFOLIO).content.decode()
    for text in (
        "2 matching engagements",
        "Overdue milestones",
        "Overdue deliverables",
        "Expert workload",
        "100%",
        'id="evaluation-metrics"',
    ):
        assert text in html


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: AgencyMembershipFactory().user,
        ExpertFactory,
        lambda: ProviderMembershipFactory().user,
    ],
    ids=["agency", "expert", "provider"],
)
def test_only_program_staff(client, make_user):
    EngagementFactory()
    client.force_login(make_user())
    assert client.get(PORTFOLIO).status_code == 404


def test_the_status_links_keep_the_other_filters_and_drop_the_status(client):
    client.force_login(ProgramStaffFactory())
    html = client.get(PORTFOLIO, {"status": "all"}).content.decode()
    assert f'href="{PORTFOLIO}"' in html  # "Open" goes back to the default, not to "all"
    html = client.get(PORTFOLIO, {"status": "all", "overdue": "either"}).content.decode()
    assert f'href="{PORTFOLIO}?overdue=either"' in html
