"""Who may see and act on agency memberships: declared once here.

Program staff see every membership and decide on requested ones (never their own); a person
sees their own memberships and may cancel or end them (voluntary, like everything else).
Nobody else learns that a membership exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .models import AgencyMembership, MembershipStatus


def _own(user: Any, membership: AgencyMembership) -> bool:
    return is_active_user(user) and membership.user_id == user.pk


class AgencyMembershipPolicy(Policy):
    model = AgencyMembership
    rules = ("decide", "cancel", "end")
    default_event_audience = Audience.STAFF

    def visible_to(self, user: Any) -> Q:
        if is_program_staff(user):
            return Q()
        return Q(user_id=user.pk) if is_active_user(user) else NOTHING

    def view(self, user: Any, membership: AgencyMembership) -> bool:
        return is_program_staff(user) or _own(user, membership)

    def decide(self, user: Any, membership: AgencyMembership) -> bool:
        """Verify or refuse a requested membership: program staff, never for themselves."""
        return (
            is_program_staff(user)
            and not _own(user, membership)
            and membership.status == MembershipStatus.REQUESTED
        )

    def cancel(self, user: Any, membership: AgencyMembership) -> bool:
        return membership.status == MembershipStatus.REQUESTED and self.view(user, membership)

    def end(self, user: Any, membership: AgencyMembership) -> bool:
        return membership.status == MembershipStatus.VERIFIED and self.view(user, membership)


MEMBERSHIPS = register(AgencyMembershipPolicy())
