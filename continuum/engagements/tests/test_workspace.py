"""'My engagements': each person sees only what the policy lets them see, and "My work" links to
it."""

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
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.policy import MILESTONES
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.engagements.workspaces import milestones_due_soon

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

MINE = reverse("engagements:mine")
TODAY = datetime.date(2026, 12, 3)


def _shown(client, user):
    client.force_login(user)
    response = client.get(MINE)
    assert response.status_code == 200
    page = response.context["page"]
    return {e.pk for e in page.rows}, response.content.decode()


def test_an_expert_sees_only_the_engagements_they_are_on(client):
    expert = ExpertFactory()
    mine = EngagementFactory()
    TeamMemberFactory(engagement=mine, user=expert, role=TeamRole.LEAD_EXPERT)
    left = EngagementFactory()
    TeamMemberFactory(engagement=left, user=expert, left_at=datetime.datetime.now(datetime.UTC))
    EngagementFactory()  # someone else's
    shown, html = _shown(client, expert)
    assert shown == {mine.pk}
    assert "Lead expert" in html
    assert "/engagements/calendar/" in html


def test_an_expert_sees_milestones_due_soon_of_their_engagements(client):
    expert = ExpertFactory()
    mine = EngagementFactory(status=EngagementStatus.ACTIVE)
    TeamMemberFactory(engagement=mine, user=expert)
    MilestoneFactory(engagement=mine, title="Draft the review", due_on=TODAY.replace(day=10))
    MilestoneFactory(engagement=mine, title="Far away", due_on=TODAY.replace(year=2027, month=3))
    MilestoneFactory(engagement=mine, title="Late one", due_on=TODAY.replace(day=1))
    MilestoneFactory(
        engagement=mine, title="Done already", due_on=TODAY.replace(day=5), completed_on=TODAY
    )
    MilestoneFactory(title="Not my engagement", due_on=TODAY.replace(day=5))
    _shown_ids, html = _shown(client, expert)
    assert "Draft the review" in html and "Late one" in html
    assert "Overdue" in html
    for hidden in ("Far away", "Done already", "Not my engagement"):
        assert hidden not in html


@pytest.mark.parametrize("role", [TeamRole.LEAD_EXPERT, TeamRole.AGENCY_CONTACT])
def test_milestones_due_soon_stay_within_the_milestone_policy(role):
    """Due soon reads the viewer's team engagements directly (one of the policy's grounds), not
    through the policy's whole rule: it must never show more than the rule allows."""
    person = UserFactory()
    on_team = EngagementFactory(status=EngagementStatus.ACTIVE)
    TeamMemberFactory(engagement=on_team, user=person, role=role)
    left = EngagementFactory(status=EngagementStatus.ACTIVE)
    TeamMemberFactory(engagement=left, user=person, left_at=datetime.datetime.now(datetime.UTC))
    for engagement in (on_team, left, EngagementFactory(status=EngagementStatus.ACTIVE)):
        MilestoneFactory(engagement=engagement, due_on=TODAY)
    due = milestones_due_soon(viewer=person, today=TODAY)
    assert {m.engagement_id for m in due} == {on_team.pk}
    assert {m.pk for m in due} <= set(MILESTONES.queryset(person).values_list("pk", flat=True))
    person.is_active = False
    assert milestones_due_soon(viewer=person, today=TODAY) == []


def test_provider_staff_see_only_their_organizations(client):
    organization = ProviderOrganizationFactory()
    staff = ProviderMembershipFactory(organization=organization).user
    ours = EngagementFactory(provider=organization)
    EngagementFactory(provider=ProviderOrganizationFactory())
    EngagementFactory()
    shown, html = _shown(client, staff)
    assert shown == {ours.pk}
    assert organization.name in html
    assert "Not on the team" in html


def test_the_agency_sees_only_its_own(client):
    member = AgencyMembershipFactory()
    ours = EngagementFactory(assistance_request__agency=member.agency)
    EngagementFactory()
    shown, html = _shown(client, member.user)
    assert shown == {ours.pk}
    assert member.agency.name in html


def test_someone_with_no_engagement_sees_none(client):
    EngagementFactory()
    shown, html = _shown(client, UserFactory())
    assert shown == set()
    assert "No engagement yet" in html


def test_program_staff_are_sent_to_the_portfolio(client):
    client.force_login(ProgramStaffFactory())
    html = client.get(MINE).content.decode()
    assert reverse("engagements:portfolio") in html


def test_the_page_costs_the_same_with_more_engagements(client):
    organization = ProviderOrganizationFactory()
    staff = ProviderMembershipFactory(organization=organization).user
    client.force_login(staff)

    def fill(count):
        for _ in range(count):
            engagement = EngagementFactory(provider=organization)
            TeamMemberFactory(engagement=engagement, user=staff, role=TeamRole.PROVIDER_COORDINATOR)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MINE).status_code == 200
        return len(queries)

    fill(2)
    few = cost()
    fill(20)
    assert cost() == few


def test_a_broken_page_link_is_a_message(client):
    client.force_login(ExpertFactory())
    response = client.get(MINE, {"cursor": "broken"})
    assert response.status_code == 200
    assert "out of date or broken" in response.content.decode()


@pytest.mark.parametrize(
    ("make_user", "link"),
    [
        (ExpertFactory, "engagements:mine"),
        (ExpertFactory, "providers:my_profile"),
        (ExpertFactory, "engagements:calendar"),
        (lambda: ProviderMembershipFactory().user, "engagements:mine"),
        (lambda: ProviderMembershipFactory().user, "providers:organization_workspace"),
        (lambda: ProviderMembershipFactory().user, "engagements:calendar"),
        (lambda: AgencyMembershipFactory().user, "engagements:mine"),
        (ProgramStaffFactory, "engagements:portfolio"),
        (ProgramStaffFactory, "providers:expert_list"),
    ],
    ids=[
        "expert",
        "expert-profile",
        "expert-calendar",
        "provider",
        "provider-organization",
        "provider-calendar",
        "agency",
        "staff",
        "staff-experts",
    ],
)
def test_my_work_links_to_the_workspace(client, make_user, link, django_assert_max_num_queries):
    client.force_login(make_user())
    with django_assert_max_num_queries(4):
        html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse(link)}"' in html


def test_my_work_offers_no_workspace_to_an_account_without_a_role(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{reverse("engagements:mine")}"' not in html
