"""Every write to agency memberships.

A membership is asked for (`agency_membership_request`: the request form does this for a
requester who acts for no agency yet, or an administrator on the administration site) and
counts for nothing until program staff verify it (`agency_membership_verify`), saying how they
checked. `agency_membership_grant` is both steps at once for a staff member or administrator
who has checked already (the administration site, demo seeding); it still records the method
and writes both events. Status changes go through `MEMBERSHIP_MACHINE`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden

from ..models import (
    LIVE_MEMBERSHIP_STATES,
    AgencyMembership,
    MembershipStatus,
    User,
    VerificationMethod,
)
from ..roles import forget_memberships
from ..workflow import MEMBERSHIP_MACHINE, is_program_staff

NOTE_MAX = 2000


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > NOTE_MAX:
        raise ValidationError(
            _("%(what)s is too long: shorten it to %(max)s characters or fewer.")
            % {"what": what, "max": f"{NOTE_MAX:,}"}
        )
    return value


@transaction.atomic
def agency_membership_request(
    *, actor: User | None, user: User, agency, role: str, requested_via: str = ""
) -> AgencyMembership:
    """Ask for `user` to act for `agency` in `role`; the membership waits for verification.

    Asking again for the same agency returns the live membership unchanged. A user who already
    has a requested or verified membership of another agency gets a `ValidationError`: one
    agency at most (end the other first).
    """
    # Lock the account row so two requests at once cannot both pass the check below.
    User.objects.select_for_update().filter(pk=user.pk).first()
    live = (
        AgencyMembership.objects.select_for_update()
        .filter(user=user, status__in=LIVE_MEMBERSHIP_STATES)
        .first()
    )
    if live is not None:
        if live.agency_id == agency.pk:
            return live
        raise ValidationError(
            _(
                "This person already acts for %(agency)s, or has asked to. End that membership "
                "before asking for another agency."
            )
            % {"agency": live.agency}
        )
    membership = AgencyMembership(
        user=user,
        agency=agency,
        role=role,
        status=MembershipStatus.REQUESTED,
        requested_via=(requested_via or "")[:200],
    )
    membership.full_clean()
    membership.save()
    event_record(
        actor=actor,
        verb="membership_requested",
        target=membership,
        to_state=MembershipStatus.REQUESTED,
        internal=True,
        note=membership.requested_via,
        data={"agency": agency.pk, "role": role, "user": user.pk},
    )
    forget_memberships(user)
    return membership


def agency_membership_verify(
    *, actor: User, membership: AgencyMembership, method: str, note: str = ""
) -> AgencyMembership:
    """Program staff confirm that the person acts for the agency, saying how they checked.

    Raises `ValidationError` (no or unknown method, "other" without a note, verifying one's
    own membership) and the workflow's `TransitionError`s.
    """
    if method not in VerificationMethod.values:
        raise ValidationError(
            {
                "verification_method": _(
                    "Choose how you checked that this person acts for the agency."
                )
            }
        )
    note = _text(note, _("The note"))
    if not is_program_staff(actor):
        raise TransitionForbidden(_("Only program staff can verify a membership."))
    if actor.pk == membership.user_id:
        raise ValidationError(
            _("Nobody can verify their own membership. Ask another staff member.")
        )

    def stamp(locked: AgencyMembership) -> None:
        locked.verification_method = method
        locked.verification_note = note
        locked.verified_by = actor
        locked.verified_at = timezone.now()

    with transaction.atomic():
        locked = MEMBERSHIP_MACHINE.apply(
            actor=actor,
            obj=membership,
            action="verify",
            note=note or VerificationMethod(method).label,
            internal=True,
            before_save=stamp,
        )
    forget_memberships(membership.user)
    return locked


def agency_membership_refuse(
    *, actor: User, membership: AgencyMembership, reason: str
) -> AgencyMembership:
    """Program staff refuse a requested membership, with a reason (kept on the record)."""
    reason = _text(reason, _("The reason"))
    if not reason:
        raise ValidationError({"refusal_reason": _("Say why the membership is refused.")})

    def stamp(locked: AgencyMembership) -> None:
        locked.refusal_reason = reason

    locked = MEMBERSHIP_MACHINE.apply(
        actor=actor,
        obj=membership,
        action="refuse",
        note=reason,
        internal=True,
        before_save=stamp,
    )
    forget_memberships(membership.user)
    return locked


def agency_membership_end(
    *, actor: User, membership: AgencyMembership, note: str = ""
) -> AgencyMembership:
    """End a verified membership, or cancel a requested one (staff, or the member)."""
    note = _text(note, _("The note"))
    action = "cancel" if membership.status == MembershipStatus.REQUESTED else "end"
    locked = MEMBERSHIP_MACHINE.apply(
        actor=actor, obj=membership, action=action, note=note, internal=True
    )
    forget_memberships(membership.user)
    return locked


@transaction.atomic
def agency_membership_grant(
    *,
    actor: User,
    user: User,
    agency,
    role: str,
    method: str,
    note: str = "",
    requested_via: str = "",
) -> AgencyMembership:
    """Request and verify at once, for staff who have already checked (the administration
    site, demo seeding). Never a shortcut around the method: both events are written.

    An already verified membership of the same agency is returned unchanged.
    """
    membership = agency_membership_request(
        actor=actor, user=user, agency=agency, role=role, requested_via=requested_via
    )
    if membership.status == MembershipStatus.VERIFIED:
        return membership
    return agency_membership_verify(actor=actor, membership=membership, method=method, note=note)


@transaction.atomic
def agency_membership_evidence_add(
    *, actor: User | None, membership: AgencyMembership, note: str, data: dict | None = None
) -> None:
    """Attach evidence to a pending membership (say, a chief executive's confirmation of a
    request by this person). Evidence is shown to the staff who verify; it never verifies."""
    event_record(
        actor=actor,
        verb="membership_evidence",
        target=membership,
        internal=True,
        note=note[:NOTE_MAX],
        data=data or {},
    )
