"""The experts' pages: the expert's own profile, staff's list and vetting, one expert's page,
and the provider organization's workspace. Per-object 404s and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.agencies.choices import AgencySize, AgencyType
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory, TopicFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.providers.choices import VettingStatus
from continuum.providers.models import (
    AvailabilityWindow,
    ConflictDeclaration,
    Expertise,
    ExpertProfile,
    Position,
)
from continuum.providers.tests.factories import (
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
)

pytestmark = pytest.mark.django_db

MY_PROFILE = reverse("providers:my_profile")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_an_expert_starts_and_keeps_their_profile(client):
    user = ExpertFactory()
    client.force_login(user)
    assert client.get(MY_PROFILE).status_code == 200
    virginia = StateFactory()
    response = client.post(
        MY_PROFILE,
        {
            "form": "profile",
            "profile-home_state": virginia.pk,
            "profile-languages": ["es"],
            "profile-travel": "regional",
            "profile-capacity": "3",
            "profile-public_bio": "Thirty years in policing.",
            "profile-is_active": "on",
        },
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=user)
    assert (profile.home_state, profile.languages, profile.capacity) == (virginia, ["es"], 3)

    topic = TopicFactory()
    client.post(
        MY_PROFILE, {"form": "expertise", "expertise-topic": topic.pk, "expertise-level": 3}
    )
    assert Expertise.objects.get(expert=profile).level == 3

    agency = AgencyFactory(agency_type=AgencyType.SHERIFF, population_served=300_000)
    client.post(
        MY_PROFILE,
        {
            "form": "position",
            "position-title": "Undersheriff",
            "position-rank_level": "command",
            "position-agency": agency.ori9,
            "position-agency_type": "municipal",  # ignored: the directory says sheriff
            "position-start_year": "2005",
            "position-end_year": "2015",
        },
    )
    position = Position.objects.get(expert=profile)
    assert (position.agency, position.agency_type, position.agency_size) == (
        agency,
        AgencyType.SHERIFF,
        AgencySize.LARGE,
    )
    client.post(
        MY_PROFILE,
        {
            "form": "availability",
            "availability-kind": "unavailable",
            "availability-starts_on": "1/4/2027",
            "availability-ends_on": "2/4/2027",
        },
    )
    assert AvailabilityWindow.objects.filter(expert=profile).count() == 1
    client.post(
        MY_PROFILE,
        {"form": "conflict", "conflict-state": virginia.pk, "conflict-reason": "State job."},
    )
    conflict = ConflictDeclaration.objects.get(expert=profile)

    page = client.get(MY_PROFILE).content.decode()
    assert "Undersheriff" in page and "State job." in page
    response = client.post(reverse("providers:my_profile_remove", args=["conflict", conflict.pk]))
    assert response.status_code == 302
    assert not ConflictDeclaration.objects.exists()


def test_bad_input_is_shown_and_nothing_is_written(client):
    profile = ExpertProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        MY_PROFILE,
        {
            "form": "availability",
            "availability-kind": "available",
            "availability-starts_on": "5/4/2027",
            "availability-ends_on": "1/4/2027",
        },
    )
    assert response.status_code == 400
    assert "The end date comes before the start date." in response.content.decode()
    response = client.post(
        MY_PROFILE,
        {
            "form": "position",
            "position-title": "Chief",
            "position-rank_level": "command",
            "position-agency": "ZZ9999999",
            "position-start_year": "2001",
        },
    )
    assert response.status_code == 400
    assert "No agency of the directory has the ORI" in response.content.decode()
    response = client.post(MY_PROFILE, {"form": "conflict", "conflict-reason": "Both missing"})
    assert response.status_code == 400
    assert not AvailabilityWindow.objects.exists()
    assert not Position.objects.exists()
    assert not ConflictDeclaration.objects.exists()


def test_my_profile_is_for_experts_only(client):
    client.force_login(UserFactory())
    assert client.get(MY_PROFILE).status_code == 404


def test_an_expert_cannot_remove_anothers_rows(client):
    mine, theirs = ExpertProfileFactory(), ExpertProfileFactory()
    row = ExpertiseFactory(expert=theirs)
    client.force_login(mine.user)
    response = client.post(reverse("providers:my_profile_remove", args=["expertise", row.pk]))
    assert response.status_code == 404
    assert Expertise.objects.filter(pk=row.pk).exists()
    response = client.post(reverse("providers:my_profile_remove", args=["nonsense", row.pk]))
    assert response.status_code == 404


def test_staff_list_filters_and_pages(client, django_assert_max_num_queries):
    virginia = StateFactory()
    for index in range(30):
        ExpertProfileFactory(
            user__full_name=f"Listed {index}",
            vetting_status=VettingStatus.IN_REVIEW if index % 2 else VettingStatus.VETTED,
            home_state=virginia,
        )
    client.force_login(ProgramStaffFactory())
    url = reverse("providers:expert_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 25
    assert response.context["page"].has_next
    response = client.get(url, {"vetting_status": "in_review"})
    assert str(response.context["counts"]["matching"]) == "15"
    response = client.get(url, {"vetting_status": "bogus", "cursor": "tampered"})
    assert response.status_code == 200
    assert response.context["problems"]


def test_staff_only_list(client):
    client.force_login(ProviderCoordinatorFactory().user)
    assert client.get(reverse("providers:expert_list")).status_code == 404


@pytest.mark.parametrize(
    ("make_viewer", "status"),
    [
        (lambda expert: ProgramStaffFactory(), 200),
        (lambda expert: ProviderMembershipFactory().user, 200),
        (lambda expert: expert.user, 200),
        (lambda expert: AgencyMembershipFactory().user, 404),
        (lambda expert: ExpertProfileFactory().user, 404),  # another expert
        (lambda expert: UserFactory(), 404),
    ],
)
def test_expert_page_per_object(client, make_viewer, status):
    expert = ExpertProfileFactory()
    client.force_login(make_viewer(expert))
    assert client.get(reverse("providers:expert_detail", args=[expert.pk])).status_code == status


def test_conflicts_are_staff_and_the_experts_only(client):
    expert = ExpertProfileFactory()
    ConflictDeclarationFactory(expert=expert, state=StateFactory(), reason="Secret reason")
    url = reverse("providers:expert_detail", args=[expert.pk])
    client.force_login(ProviderMembershipFactory().user)
    assert "Secret reason" not in client.get(url).content.decode()
    client.force_login(ProgramStaffFactory())
    assert "Secret reason" in client.get(url).content.decode()


def test_staff_vet_an_expert(client):
    expert = ExpertProfileFactory(vetting_status=VettingStatus.IN_REVIEW, vetted_on=None)
    url = reverse("providers:expert_vet", args=[expert.pk])
    client.force_login(ProgramStaffFactory())
    response = client.post(url, {"vet-status": "vetted", "vet-vetted_on": ""})
    assert response.status_code == 400
    assert "Give the date the expert was vetted." in response.content.decode()
    response = client.post(url, {"vet-status": "vetted", "vet-vetted_on": "11/30/2026"})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.vetting_status == VettingStatus.VETTED
    client.force_login(ProviderCoordinatorFactory().user)
    assert client.post(url, {"vet-status": "lapsed"}).status_code == 404


def test_organization_workspace(client, django_assert_max_num_queries):
    organization = ProviderOrganizationFactory()
    coordinator = ProviderCoordinatorFactory(organization=organization).user
    for _index in range(3):
        EngagementFactory(provider=organization)
    ended = EngagementFactory(provider=organization, status=EngagementStatus.CLOSED)
    other = EngagementFactory(provider=ProviderOrganizationFactory())
    busy = ExpertProfileFactory(organization=organization, capacity=1)
    TeamMemberFactory(user=busy.user, role=TeamRole.EXPERT)
    ExpertProfileFactory(organization=organization)
    client.force_login(coordinator)
    url = reverse("providers:organization_workspace")
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    open_rows = response.context["pages"]["open"].rows
    assert len(open_rows) == 3 and other not in open_rows
    assert response.context["pages"]["ended"].rows == [ended]
    loads = {e.pk: e.open_engagements for e in response.context["pages"]["experts"].rows}
    assert loads[busy.pk] == 1
    assert "At capacity" in response.content.decode()


def test_organization_workspace_is_provider_staffs(client):
    for user in (ExpertFactory(), AgencyMembershipFactory().user, ProgramStaffFactory()):
        client.force_login(user)
        assert client.get(reverse("providers:organization_workspace")).status_code == 404


def test_staff_link_an_expert_to_an_organization(client):
    expert = ExpertProfileFactory()
    organization = ProviderOrganizationFactory()
    url = reverse("providers:expert_organization", args=[expert.pk])
    client.force_login(ProgramStaffFactory())
    response = client.post(url, {"organization-organization": "99999999"})
    assert response.status_code == 400
    response = client.post(url, {"organization-organization": organization.pk})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.organization == organization
    client.force_login(ProviderCoordinatorFactory(organization=organization).user)
    assert client.post(url, {"organization-organization": ""}).status_code == 404
