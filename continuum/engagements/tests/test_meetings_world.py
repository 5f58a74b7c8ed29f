"""The people and engagement the meetings, calendar and peer-exchange tests share.

One engagement of an agency in Virginia, delivered by a provider organization, with a lead
expert on the team; around it everyone who must see it (staff, the provider's coordinator, the
agency's verified member) and everyone who must not (an outsider, another agency's member, an
expert not on the team, provider staff of another organization).
"""

# ruff: noqa: F811

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
    address_verify,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.intake.tests.factories import service

#: The clock of these tests: Thursday, December 3, 2026, 10 a.m. in New York.
NOW = "2026-12-03T10:00-05:00"


@dataclass
class World:
    engagement: Any
    agency: Any
    staff: Any
    lead: Any
    coordinator: Any
    member: Any
    pending_member: Any
    outsider: Any
    other_agency_member: Any
    other_expert: Any
    other_provider_staff: Any

    def outsiders(self) -> dict[str, Any]:
        return {
            "outsider": self.outsider,
            "other agency's member": self.other_agency_member,
            "expert not on the team": self.other_expert,
            "other organization's staff": self.other_provider_staff,
        }


def make_world(services=("policy-review",)) -> World:
    organization = ProviderOrganizationFactory()
    agency = AgencyFactory(name="Riverton Police Department")
    engagement = EngagementFactory(
        agency=agency,
        provider=organization,
        assistance_request__agency=agency,
        services=[service(slug) for slug in services],
    )
    lead = ExpertFactory(full_name="Avery Lead", email="avery.lead@example.org")
    TeamMemberFactory(engagement=engagement, user=lead, role=TeamRole.LEAD_EXPERT)
    coordinator = ProviderCoordinatorFactory(
        organization=organization, user__full_name="Casey Coordinator"
    ).user
    TeamMemberFactory(engagement=engagement, user=coordinator, role=TeamRole.PROVIDER_COORDINATOR)
    member = AgencyMembershipFactory(
        agency=agency, user__full_name="Pat Rivera", user__email="pat.rivera@riverton.gov"
    ).user
    pending = PendingAgencyMembershipFactory(agency=agency, user__full_name="Sam Pending").user
    # Invitations go only to verified addresses (issue 6): the team's and the member's are.
    for person in (lead, coordinator, member):
        address_verify(person.email)
    return World(
        engagement=engagement,
        agency=agency,
        staff=ProgramStaffFactory(full_name="Jordan Ellis"),
        lead=lead,
        coordinator=coordinator,
        member=member,
        pending_member=pending,
        outsider=UserFactory(),
        other_agency_member=AgencyMembershipFactory().user,
        other_expert=ExpertFactory(),
        other_provider_staff=ProviderMembershipFactory().user,
    )


@pytest.fixture
def world(db) -> World:
    return make_world()


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime.datetime:
    """An instant in New York time in 2026."""
    from continuum.engagements.services.meetings import EASTERN

    return datetime.datetime(2026, month, day, hour, minute, tzinfo=EASTERN)


def test_the_world_sees_what_it_should(world):
    from continuum.engagements.policy import ENGAGEMENTS

    for user in (world.staff, world.lead, world.coordinator, world.member):
        assert ENGAGEMENTS.queryset(user).filter(pk=world.engagement.pk).exists()
    for user in world.outsiders().values():
        assert not ENGAGEMENTS.queryset(user).filter(pk=world.engagement.pk).exists()
    assert timezone.is_aware(at(10, 9))
