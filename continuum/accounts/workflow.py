"""The agency membership workflow: requested → verified | refused; verified → ended.

A requested membership may also be cancelled (ended) by the person who asked for it or by
staff. Only program staff and administrators verify, refuse or end someone else's membership;
nobody ever reaches "verified" without going through `verify`, which requires the method of
verification (the model's `clean` refuses a verified row without a method, a verification by
the member themselves, and a refusal without a reason). Status changes only through
`MEMBERSHIP_MACHINE.apply` (called by `continuum.accounts.services`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from continuum.core.policy import is_program_staff as _is_program_staff
from continuum.core.workflow import StateMachine, Transition

from .models import AgencyMembership, MembershipStatus
from .policy import MEMBERSHIPS

S = MembershipStatus


def is_program_staff(user, membership=None) -> bool:
    return _is_program_staff(user)


MEMBERSHIP_MACHINE = StateMachine(
    name="accounts.agency_membership",
    model=AgencyMembership,
    field="status",
    transitions=[
        Transition(
            S.REQUESTED,
            "verify",
            S.VERIFIED,
            permission=MEMBERSHIPS.predicate("decide"),
            label=_("Verify"),
            verb="membership_verified",
        ),
        Transition(
            S.REQUESTED,
            "refuse",
            S.REFUSED,
            permission=MEMBERSHIPS.predicate("decide"),
            label=_("Refuse"),
            verb="membership_refused",
        ),
        Transition(
            S.REQUESTED,
            "cancel",
            S.ENDED,
            permission=MEMBERSHIPS.predicate("cancel"),
            label=_("Cancel the request"),
            verb="membership_cancelled",
        ),
        Transition(
            S.VERIFIED,
            "end",
            S.ENDED,
            permission=MEMBERSHIPS.predicate("end"),
            label=_("End"),
            verb="membership_ended",
        ),
    ],
)
