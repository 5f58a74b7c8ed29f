"""The agency membership workflow: requested → verified | refused; verified → ended.

A requested membership may also be cancelled (ended) by the person who asked for it or by
staff. Only program staff and administrators verify, refuse or end someone else's membership;
nobody ever reaches "verified" without going through `verify`, which requires the method of
verification (the model's `clean` refuses a verified row without a method, a verification by
the member themselves, and a refusal without a reason). Status changes only through
`MEMBERSHIP_MACHINE.apply` (called by `continuum.accounts.services`).
"""

from __future__ import annotations

from continuum.core.workflow import StateMachine, Transition

from .models import AgencyMembership, MembershipStatus

S = MembershipStatus


def is_program_staff(user, membership=None) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_program_staff or user.is_superuser)
    )


def is_staff_or_the_member(user, membership) -> bool:
    if is_program_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and membership.user_id == user.pk
    )


MEMBERSHIP_MACHINE = StateMachine(
    name="accounts.agency_membership",
    model=AgencyMembership,
    field="status",
    transitions=[
        Transition(
            S.REQUESTED,
            "verify",
            S.VERIFIED,
            permission=is_program_staff,
            label="Verify",
            verb="membership_verified",
        ),
        Transition(
            S.REQUESTED,
            "refuse",
            S.REFUSED,
            permission=is_program_staff,
            label="Refuse",
            verb="membership_refused",
        ),
        Transition(
            S.REQUESTED,
            "cancel",
            S.ENDED,
            permission=is_staff_or_the_member,
            label="Cancel the request",
            verb="membership_cancelled",
        ),
        Transition(
            S.VERIFIED,
            "end",
            S.ENDED,
            permission=is_staff_or_the_member,
            label="End",
            verb="membership_ended",
        ),
    ],
)
