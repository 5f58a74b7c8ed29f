"""Who may see engagements: declared once here (grown by the engagements work).

Program staff see every engagement; the requester of the accepted request and the verified
members of the engagement's agency see their agency's engagement. Provider staff and experts
join when teams exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.accounts.roles import agency_membership_of
from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .models import Engagement


class EngagementPolicy(Policy):
    model = Engagement
    default_event_audience = Audience.STAFF | Audience.AGENCY

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if is_program_staff(user):
            return Q()
        rule = Q(assistance_request__requester_id=user.pk)
        membership = agency_membership_of(user)
        if membership is not None:
            rule |= Q(agency_id=membership.agency_id)
        return rule

    def view(self, user: Any, engagement: Engagement) -> bool:
        if not is_active_user(user):
            return False
        if is_program_staff(user):
            return True
        if engagement.assistance_request.requester_id == user.pk:
            return True
        membership = agency_membership_of(user)
        return (
            membership is not None
            and engagement.agency_id is not None
            and membership.agency_id == engagement.agency_id
        )

    def audience_of(self, user: Any, engagement: Engagement) -> Audience:
        if not self.view(user, engagement):
            return Audience.NONE
        if is_program_staff(user):
            return Audience.everyone()
        return Audience.AGENCY | Audience.PUBLIC


ENGAGEMENTS = register(EngagementPolicy())
