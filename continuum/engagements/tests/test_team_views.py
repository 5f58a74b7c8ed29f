"""The team pages: the Find experts page, assigning from it, the Team section, per-object 404s."""

from __future__ import annotations

import pytest
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import TeamRole
from continuum.engagements.models import TeamMember
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.providers.tests.factories import ConflictDeclarationFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return ProviderOrganizationFactory()


@pytest.fixture
def engagement(organization):
    return EngagementFactory(provider=organization)


@pytest.fixture
def coordinator(organization):
    return ProviderCoordinatorFactory(organization=organization).user


@pytest.fixture
def conflicted(engagement):
    expert = ExpertProfileFactory(user__full_name="Conflicted Expert")
    ConflictDeclarationFactory(expert=expert, agency=engagement.agency, reason="Private words")
    return expert


def _url(name, engagement, *args):
    return reverse(f"engagements:{name}", args=[engagement.public_id, *args])


def test_match_page_ranks_and_shows_exclusions_when_asked(
    client, engagement, coordinator, conflicted, django_assert_max_num_queries
):
    for index in range(20):
        ExpertProfileFactory(user__full_name=f"Candidate {index:02d}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(_url("team_match", engagement))
    assert response.status_code == 200
    assert len(response.context["ranked"]) == 20
    page = response.content.decode()
    assert "Candidate 00" in page and "Conflicted Expert" not in page
    response = client.get(_url("team_match", engagement), {"excluded": "1"})
    page = response.content.decode()
    assert "Conflicted Expert" in page
    assert "declared a conflict with this agency" in page
    assert "Private words" not in page  # the expert's own words are program staff's
    assert "Only a program manager can assign an excluded expert." in page


def test_match_page_with_a_growing_pool_has_flat_query_count(
    client, engagement, django_assert_max_num_queries
):
    for index in range(60):
        ExpertProfileFactory(user__full_name=f"Pool {index:02d}")
    client.force_login(ProgramStaffFactory())
    with django_assert_max_num_queries(20):
        response = client.get(_url("team_match", engagement), {"shown": "bogus"})
    assert len(response.context["ranked"]) == 25
    assert response.context["more"]


@pytest.mark.parametrize(
    "make_viewer",
    [
        lambda engagement: UserFactory(),  # an outsider
        lambda engagement: AgencyMembershipFactory().user,  # another agency's member
        lambda engagement: AgencyMembershipFactory(agency=engagement.agency).user,  # its agency
        lambda engagement: ExpertProfileFactory().user,  # an expert not on the team
        lambda engagement: ProviderCoordinatorFactory().user,  # another organization's
        lambda engagement: ProviderMembershipFactory(organization=engagement.provider).user,
    ],
)
def test_team_pages_are_404_to_those_who_may_not_staff(client, engagement, make_viewer):
    member = TeamMemberFactory(engagement=engagement, user=ExpertProfileFactory().user)
    client.force_login(make_viewer(engagement))
    assert client.get(_url("team_match", engagement)).status_code == 404
    assert client.post(_url("team_add", engagement), {"kind": "expert"}).status_code == 404
    assert client.post(_url("team_remove", engagement, member.pk)).status_code == 404
    member.refresh_from_db()
    assert member.left_at is None


def test_coordinator_assigns_from_the_list(client, engagement, coordinator):
    expert = ExpertProfileFactory()
    client.force_login(coordinator)
    response = client.post(
        _url("team_add", engagement), {"kind": "expert", "expert": expert.pk, "role": "lead_expert"}
    )
    assert response.status_code == 302
    assert TeamMember.objects.get(engagement=engagement).role == TeamRole.LEAD_EXPERT


def test_coordinator_is_refused_an_excluded_expert(client, engagement, coordinator, conflicted):
    client.force_login(coordinator)
    response = client.post(
        _url("team_add", engagement),
        {"kind": "expert", "expert": conflicted.pk, "role": "expert", "override_reason": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert any("only a program manager" in m for m in map(str, response.context["messages"]))
    assert not TeamMember.objects.exists()


def test_staff_override_needs_a_reason_then_is_shown_to_staff_only(client, engagement, conflicted):
    client.force_login(ProgramStaffFactory())
    data = {"kind": "expert", "expert": conflicted.pk, "role": "expert", "override_reason": ""}
    response = client.post(_url("team_add", engagement), data, follow=True)
    assert any("Say why" in m for m in map(str, response.context["messages"]))
    assert not TeamMember.objects.exists()
    data["override_reason"] = "The agency asked for this expert by name."
    response = client.post(_url("team_add", engagement), data, follow=True)
    assert "The agency asked for this expert by name." in response.content.decode()
    member = TeamMember.objects.get()
    assert member.override_reason == data["override_reason"]

    agency_member = AgencyMembershipFactory(agency=engagement.agency).user
    client.force_login(agency_member)
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Conflicted Expert" in page  # names and roles
    assert "The agency asked for this expert by name." not in page
    assert "Find experts" not in page


def test_bad_input_is_a_message_not_an_error(client, engagement, coordinator):
    client.force_login(coordinator)
    for data in (
        {"kind": "expert", "expert": "99999999999999999999999", "role": "expert"},
        {"kind": "expert", "expert": "abc", "role": "boss"},
        {"kind": "other", "member-role": "program_manager", "member-user": "nope"},
    ):
        response = client.post(_url("team_add", engagement), data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not TeamMember.objects.exists()


def test_add_other_roles_and_remove(client, engagement, coordinator):
    contact = AgencyMembershipFactory(agency=engagement.agency).user
    client.force_login(coordinator)
    response = client.post(
        _url("team_add", engagement),
        {"kind": "other", "member-role": "agency_contact", "member-user": contact.pk},
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(user=contact)
    assert member.role == TeamRole.AGENCY_CONTACT
    client.post(_url("team_remove", engagement, member.pk))
    member.refresh_from_db()
    assert member.left_at is not None


def test_staff_set_the_provider(client, engagement):
    other = ProviderOrganizationFactory()
    client.force_login(ProgramStaffFactory())
    client.post(_url("provider_set", engagement), {"provider-provider": other.pk})
    engagement.refresh_from_db()
    assert engagement.provider == other
