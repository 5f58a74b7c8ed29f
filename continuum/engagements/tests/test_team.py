"""Staffing an engagement: who may add whom, exclusions and the program manager's override."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
    address_verify,
)
from continuum.activity.models import Event
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.core.workflow import TransitionForbidden
from continuum.engagements.choices import TeamRole
from continuum.engagements.forms.team import eligible_people
from continuum.engagements.models import TeamMember
from continuum.engagements.services.team import (
    engagement_provider_set,
    team_member_add,
    team_member_remove,
)
from continuum.engagements.tests.factories import EngagementFactory
from continuum.providers.matching import ExclusionCode
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
    ConflictDeclarationFactory(expert=expert, agency=engagement.agency)
    return expert


def test_coordinator_assigns_a_matching_expert(engagement, coordinator):
    expert = ExpertProfileFactory()
    member = team_member_add(
        actor=coordinator, engagement=engagement, user=expert.user, role=TeamRole.LEAD_EXPERT
    )
    assert member.role == TeamRole.LEAD_EXPERT
    assert member.override_reason == ""
    assert Event.objects.filter(verb="team_member_added").count() == 1


def test_override_is_refused_for_the_coordinator(engagement, coordinator, conflicted):
    with pytest.raises(TransitionForbidden, match="only a program manager"):
        team_member_add(
            actor=coordinator,
            engagement=engagement,
            user=conflicted.user,
            role=TeamRole.EXPERT,
            override_reason="We know them well.",
        )
    assert not TeamMember.objects.exists()


def test_override_is_refused_without_a_reason(engagement, conflicted):
    with pytest.raises(ValidationError) as error:
        team_member_add(
            actor=ProgramStaffFactory(),
            engagement=engagement,
            user=conflicted.user,
            role=TeamRole.EXPERT,
            override_reason="   ",
        )
    assert "override_reason" in error.value.message_dict
    assert not TeamMember.objects.exists()


def test_program_staff_override_with_a_recorded_reason(engagement, conflicted):
    staff = ProgramStaffFactory()
    member = team_member_add(
        actor=staff,
        engagement=engagement,
        user=conflicted.user,
        role=TeamRole.EXPERT,
        override_reason="The conflict ended in 2020; the agency asked for this expert.",
    )
    assert member.override_reason.startswith("The conflict ended")
    assert [e["code"] for e in member.overridden_exclusions] == [
        ExclusionCode.CONFLICT_DECLARED_AGENCY
    ]
    override = Event.objects.get(verb="team_exclusion_overridden")
    assert override.note == member.override_reason
    assert override.actor == staff


def test_only_one_lead_expert(engagement):
    staff = ProgramStaffFactory()
    first, second = ExpertProfileFactory(), ExpertProfileFactory()
    team_member_add(actor=staff, engagement=engagement, user=first.user, role=TeamRole.LEAD_EXPERT)
    with pytest.raises(ValidationError, match="already has a lead expert"):
        team_member_add(
            actor=staff, engagement=engagement, user=second.user, role=TeamRole.LEAD_EXPERT
        )


def test_an_expert_is_on_the_team_once(engagement):
    staff = ProgramStaffFactory()
    expert = ExpertProfileFactory()
    team_member_add(actor=staff, engagement=engagement, user=expert.user, role=TeamRole.EXPERT)
    with pytest.raises(ValidationError):
        team_member_add(
            actor=staff, engagement=engagement, user=expert.user, role=TeamRole.LEAD_EXPERT
        )


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda org: ProviderMembershipFactory(organization=org).user,  # staff, not coordinator
        lambda org: ProviderCoordinatorFactory().user,  # another organization's coordinator
        lambda org: UserFactory(),
        lambda org: ExpertProfileFactory().user,
    ],
)
def test_who_may_not_staff_the_team(engagement, organization, make_actor):
    with pytest.raises(TransitionForbidden):
        team_member_add(
            actor=make_actor(organization),
            engagement=engagement,
            user=ExpertProfileFactory().user,
            role=TeamRole.EXPERT,
        )


def test_non_expert_roles_need_eligible_people(engagement, organization, coordinator):
    staff = ProgramStaffFactory()
    outsider = UserFactory()
    for role in (TeamRole.PROVIDER_COORDINATOR, TeamRole.PROGRAM_MANAGER, TeamRole.AGENCY_CONTACT):
        with pytest.raises(ValidationError):
            team_member_add(actor=staff, engagement=engagement, user=outsider, role=role)
    agency_member = AgencyMembershipFactory(agency=engagement.agency).user
    team_member_add(
        actor=staff, engagement=engagement, user=agency_member, role=TeamRole.AGENCY_CONTACT
    )
    team_member_add(
        actor=staff, engagement=engagement, user=coordinator, role=TeamRole.PROVIDER_COORDINATOR
    )
    team_member_add(
        actor=staff,
        engagement=engagement,
        user=ProgramStaffFactory(),
        role=TeamRole.PROGRAM_MANAGER,
    )
    with pytest.raises(TransitionForbidden):
        team_member_add(
            actor=coordinator,
            engagement=engagement,
            user=ProgramStaffFactory(),
            role=TeamRole.PROGRAM_MANAGER,
        )
    assert engagement.team.count() == 3


def test_the_add_form_lists_exactly_the_eligible_people(engagement, organization, coordinator):
    """Program staff, the provider organization's people and the agency's verified members,
    active accounts only, each once."""
    staff = ProgramStaffFactory(full_name="Ann Staff")
    provider_staff = ProviderMembershipFactory(organization=organization).user
    member = AgencyMembershipFactory(agency=engagement.agency, user__full_name="Bo Member").user
    # Program staff who is also the agency's member is listed once.
    AgencyMembershipFactory(agency=engagement.agency, user=ProgramStaffFactory(full_name="Cy"))
    not_listed = [
        PendingAgencyMembershipFactory(agency=engagement.agency).user,  # not verified yet
        AgencyMembershipFactory().user,  # another agency
        ProviderMembershipFactory().user,  # another organization
        ProgramStaffFactory(is_active=False),  # turned off
        AdministratorFactory(),  # an administrator who is not program staff
        UserFactory(),
    ]
    listed = list(eligible_people(engagement))
    assert len(listed) == len(set(listed))
    assert {staff, provider_staff, member, coordinator} <= set(listed)
    assert not set(not_listed) & set(listed)
    without_provider = EngagementFactory(provider=None, agency=engagement.agency)
    assert set(eligible_people(without_provider)) == set(listed) - {provider_staff, coordinator}
    unlisted = EngagementFactory(provider=None, agency=None)  # an agency not in the directory
    assert set(eligible_people(unlisted)) == set(listed) - {provider_staff, coordinator, member}


def test_remove_keeps_the_row(engagement, coordinator):
    expert = ExpertProfileFactory()
    member = team_member_add(
        actor=coordinator, engagement=engagement, user=expert.user, role=TeamRole.EXPERT
    )
    team_member_remove(actor=coordinator, team_member=member)
    member.refresh_from_db()
    assert member.left_at is not None
    with pytest.raises(ValidationError):
        team_member_remove(actor=coordinator, team_member=member)
    # the expert can come back
    team_member_add(
        actor=coordinator, engagement=engagement, user=expert.user, role=TeamRole.EXPERT
    )


def test_provider_is_set_by_program_staff_only(engagement, coordinator):
    other = ProviderOrganizationFactory()
    with pytest.raises(TransitionForbidden):
        engagement_provider_set(actor=coordinator, engagement=engagement, provider=other)
    engagement_provider_set(actor=ProgramStaffFactory(), engagement=engagement, provider=other)
    engagement.refresh_from_db()
    assert engagement.provider == other
    assert Event.objects.filter(verb="engagement_provider_set").exists()


def test_the_person_added_is_told_by_email(engagement, coordinator):
    from continuum.activity.outbox.models import OutboundMessage

    expert = ExpertProfileFactory(user__full_name="Avery Morgan")
    address_verify(expert.user.email)
    team_member_add(
        actor=coordinator, engagement=engagement, user=expert.user, role=TeamRole.LEAD_EXPERT
    )
    message = OutboundMessage.objects.get(template_key="team.member_added")
    assert message.recipients == [expert.user.email]
    assert "Avery Morgan" in message.body and "lead expert" in message.body
    assert str(engagement.public_id) in message.body
    assert message.status == "queued", message.last_error


def test_an_unverified_address_is_not_emailed(engagement, coordinator):
    from continuum.activity.outbox.models import OutboundMessage

    expert = ExpertProfileFactory()
    team_member_add(
        actor=coordinator, engagement=engagement, user=expert.user, role=TeamRole.LEAD_EXPERT
    )
    assert not OutboundMessage.objects.filter(template_key="team.member_added").exists()
