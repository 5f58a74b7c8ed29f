"""Who sees experts' profiles and what is in them: the providers policy, one example each.

Profiles (with expertise, positions, availability) are seen by program staff, by provider staff
of any organization (coordinators staff engagements from the pool) and by the expert who owns
them; declared conflicts of interest by the expert and program staff only. Nobody else (agency
members, other experts, the public) sees any of it; only the owner and staff edit, only staff
vet.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyExecutiveFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.core.policy import Audience
from continuum.engagements.choices import TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.providers.policy import (
    AVAILABILITY,
    CONFLICTS,
    EXPERTISE,
    EXPERTS,
    POSITIONS,
)

from .factories import (
    AvailabilityWindowFactory,
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return ExpertProfileFactory()


@pytest.fixture
def parts(profile):
    return [
        (EXPERTISE, ExpertiseFactory(expert=profile)),
        (POSITIONS, PositionFactory(expert=profile)),
        (AVAILABILITY, AvailabilityWindowFactory(expert=profile)),
    ]


@pytest.fixture
def conflict(profile):
    return ConflictDeclarationFactory(expert=profile, agency=AgencyFactory())


def _sees(policy, user, obj) -> bool:
    one = policy.view(user, obj)
    assert one == policy.queryset(user).filter(pk=obj.pk).exists()
    return one


def test_the_expert_sees_and_keeps_their_own_profile(profile, parts, conflict):
    owner = profile.user
    assert _sees(EXPERTS, owner, profile)
    assert EXPERTS.allows("edit", owner, profile)
    assert not EXPERTS.allows("vet", owner, profile)
    for policy, part in parts:
        assert _sees(policy, owner, part)
        assert policy.allows("edit", owner, part)
    assert _sees(CONFLICTS, owner, conflict)
    assert CONFLICTS.allows("edit", owner, conflict)


def test_program_staff_see_edit_and_vet_every_profile(profile, parts, conflict):
    for staff in (ProgramStaffFactory(), AdministratorFactory()):
        assert _sees(EXPERTS, staff, profile)
        assert EXPERTS.allows("vet", staff, profile)
        assert EXPERTS.allows("edit", staff, profile)
        assert _sees(CONFLICTS, staff, conflict)
        assert EXPERTS.audience_of(staff, profile) == Audience.everyone()


def test_provider_staff_see_the_pool_but_not_its_conflicts_and_edit_nothing(
    profile, parts, conflict
):
    for user in (ProviderCoordinatorFactory().user, ProviderMembershipFactory().user):
        assert _sees(EXPERTS, user, profile)
        for policy, part in parts:
            assert _sees(policy, user, part)
            assert not policy.allows("edit", user, part)
        assert not EXPERTS.allows("edit", user, profile)
        assert not EXPERTS.allows("vet", user, profile)
        assert not _sees(CONFLICTS, user, conflict)


def test_conflict_declarations_are_only_the_experts_and_staffs(profile, conflict):
    engagement = EngagementFactory()
    teammate = ExpertFactory()
    TeamMemberFactory(engagement=engagement, user=profile.user, role=TeamRole.LEAD_EXPERT)
    TeamMemberFactory(engagement=engagement, user=teammate, role=TeamRole.EXPERT)
    executive = AgencyExecutiveFactory(agency=conflict.agency).user
    for user in (
        teammate,
        ExpertProfileFactory().user,
        ProviderCoordinatorFactory().user,
        executive,
        UserFactory(),
        AnonymousUser(),
    ):
        assert not _sees(CONFLICTS, user, conflict), user
        assert not CONFLICTS.allows("edit", user, conflict)
        assert CONFLICTS.audience_of(user, conflict) == Audience.NONE
    state_conflict = ConflictDeclarationFactory(expert=profile, state=engagement.agency.state)
    assert set(CONFLICTS.queryset(profile.user)) == {conflict, state_conflict}
    assert set(CONFLICTS.queryset(teammate)) == set()


def test_nobody_else_sees_a_profile(profile, parts):
    other_expert = ExpertProfileFactory().user
    for user in (
        other_expert,
        ExpertFactory(),
        AgencyExecutiveFactory().user,
        UserFactory(),
        UserFactory(is_active=False),
        AnonymousUser(),
    ):
        assert not _sees(EXPERTS, user, profile)
        for policy, part in parts:
            assert not _sees(policy, user, part)
    assert set(EXPERTS.queryset(other_expert)) == {other_expert.expert_profile}


def test_a_turned_off_owner_sees_nothing_of_their_profile(profile, conflict):
    owner = profile.user
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert not _sees(EXPERTS, owner, profile)
    assert not _sees(CONFLICTS, owner, conflict)
    assert not EXPERTS.allows("edit", owner, profile)
