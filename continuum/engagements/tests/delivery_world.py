"""One engagement and every kind of person around it, for the delivery tests (brief B).

`delivery_world()` builds an engagement of agency A delivered by organization P, with a lead
expert and a provider coordinator on its team, the requester and a verified agency member on the
agency side, and the outsiders each view must answer 404: a stranger, a member of another agency,
an expert not on the team, and staff of another provider organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from continuum.accounts.tests.factories import (
    AgencyExecutiveFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
    VerifiedUserFactory,
    address_verify,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import TeamRole
from continuum.engagements.models import Engagement
from continuum.engagements.tests.factories import (
    AgreementFactory,
    EngagementFactory,
    TeamMemberFactory,
)
from continuum.intake.tests.factories import RawSubmittedRequestFactory


@dataclass
class World:
    engagement: Engagement
    staff: Any
    lead: Any
    coordinator: Any
    requester: Any
    member: Any
    executive: Any
    outsider: Any
    other_agency_member: Any
    other_expert: Any
    other_provider: Any

    @property
    def outsiders(self) -> dict[str, Any]:
        return {
            "outsider": self.outsider,
            "other agency": self.other_agency_member,
            "expert not on the team": self.other_expert,
            "other provider": self.other_provider,
        }


def delivery_world(*, accepted: bool = True, **engagement_kwargs) -> World:
    agency = AgencyFactory()
    organization = ProviderOrganizationFactory()
    requester = VerifiedUserFactory()
    ar = RawSubmittedRequestFactory(agency=agency, requester=requester)
    engagement = EngagementFactory(
        assistance_request=ar, agency=agency, provider=organization, **engagement_kwargs
    )
    lead = ExpertFactory()
    address_verify(lead.email)
    TeamMemberFactory(engagement=engagement, user=lead, role=TeamRole.LEAD_EXPERT)
    coordinator = ProviderCoordinatorFactory(organization=organization).user
    member = AgencyMembershipFactory(agency=agency, user=VerifiedUserFactory()).user
    executive = AgencyExecutiveFactory(agency=agency, user=VerifiedUserFactory()).user
    if accepted:
        AgreementFactory(
            engagement=engagement,
            point_of_contact=member,
            accepted_by=executive,
            accepted_name="Chief Dana Ortiz",
            accepted_at=engagement.created_at,
        )
    return World(
        engagement=engagement,
        staff=ProgramStaffFactory(),
        lead=lead,
        coordinator=coordinator,
        requester=requester,
        member=member,
        executive=executive,
        outsider=UserFactory(),
        other_agency_member=AgencyMembershipFactory().user,
        other_expert=ExpertFactory(),
        other_provider=ProviderMembershipFactory().user,
    )
