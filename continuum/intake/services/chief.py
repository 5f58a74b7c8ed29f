"""The chief executive's answer to a request, and the link we email them for it.

The link carries a signed, timed token (`TimestampSigner`, valid 30 days) naming the request
and the chief's address: correcting the address makes every older link useless. Through it, or
signed in with an account whose address is verified and is the chief's, the chief says "I
support this" (sets `chief_confirmed_at`, event `chief_confirmed`) or "I do not support this"
with a reason (event `chief_declined`). Either answer proves that the address reaches its
owner (`address_verified_record`) and is attached as *evidence* to the requester's pending
agency membership; it never grants one: program staff verify memberships.

Program staff and the requester can send the link again or correct the address; each send is
rate-limited per account and per address (`link_send_allow`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.accounts.models import LinkSend, MembershipStatus, VerifiedAddress
from continuum.accounts.selectors import email_is_verified
from continuum.accounts.services import (
    LINK_INVALID,
    address_verified_record,
    agency_membership_evidence_add,
    link_send_allow,
    signed_link_read,
    site_url,
)
from continuum.activity.models import Event
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

from .. import notifications, permissions
from ..choices import OPEN_STATUSES, RequestStatus
from ..models import AssistanceRequest

CHIEF_CONFIRM_SALT = "continuum.intake.chief-confirm"
CHIEF_CONFIRM_MAX_AGE = datetime.timedelta(days=30)
REASON_MAX = 2000

#: The events that say the chief answered, and the one that starts the question afresh.
ANSWER_VERBS = ("chief_confirmed", "chief_declined")
RESET_VERB = "chief_email_corrected"


def chief_confirm_token(assistance_request: AssistanceRequest) -> str:
    """A signed, timed token naming the request and the chief executive's address."""
    from django.core import signing

    return signing.TimestampSigner(salt=CHIEF_CONFIRM_SALT).sign_object(
        {
            "request": str(assistance_request.public_id),
            "email": assistance_request.chief_email.lower(),
        }
    )


def chief_confirm_url(assistance_request: AssistanceRequest) -> str:
    """The absolute link emailed to the chief executive."""
    token = chief_confirm_token(assistance_request)
    return site_url(reverse("intake:chief_confirm", kwargs={"token": token}))


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def chief_confirm_request(*, token: str) -> AssistanceRequest:
    """The submitted request a chief executive's link is for (to show before answering).

    Raises `ValidationError` (code "expired" or "invalid") with a message to show; a link to an
    address that was corrected since is invalid.
    """
    payload = signed_link_read(
        token,
        salt=CHIEF_CONFIRM_SALT,
        max_age=CHIEF_CONFIRM_MAX_AGE,
        expired=_(
            "This link has expired: confirmation links work for %(days)s days. Ask the person "
            "who made the request to send you a new one."
        )
        % {"days": CHIEF_CONFIRM_MAX_AGE.days},
    )
    found = None
    if _is_uuid(payload.get("request")):
        found = (
            AssistanceRequest.objects.select_related("agency__state", "unlisted_state")
            .exclude(status=RequestStatus.DRAFT)
            .filter(public_id=payload.get("request"))
            .first()
        )
    if found is None or found.chief_email.lower() != str(payload.get("email", "")).lower():
        raise ValidationError(LINK_INVALID, code="invalid")
    return found


def chief_answer_of(assistance_request: AssistanceRequest) -> Event | None:
    """The chief's answer to the request at its current address (an event), or None."""
    events = (
        Event.objects.for_target(assistance_request)
        .filter(verb__in=(*ANSWER_VERBS, RESET_VERB))
        .order_by("-created_at", "-id")
    )
    latest = events.first()
    if latest is None or latest.verb == RESET_VERB:
        return None
    return latest


def _clean_reason(supports: bool, reason: str) -> str:
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not supports and not reason:
        raise ValidationError(
            {"reason": _("Tell us why you do not support the request, so staff can follow up.")}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": _("Shorten your reason to %(max)s characters or fewer.")
                % {"max": f"{REASON_MAX:,}"}
            }
        )
    return reason


def _record_answer(
    *, actor: Any, row: AssistanceRequest, supports: bool, reason: str, how: str
) -> AssistanceRequest:
    """Record the chief's answer on a locked request (once per address)."""
    if chief_answer_of(row) is not None:
        raise TransitionNotAllowed(
            _("The chief executive has already answered. Contact the program team to change it.")
        )
    if supports:
        row.chief_confirmed_at = timezone.now()
        row.full_clean()
        row.save(update_fields=["chief_confirmed_at", "updated_at"])
    email = row.chief_email.lower()
    name = row.chief_name or _("The chief executive")
    if supports:
        note = _("%(name)s confirmed their support %(how)s.") % {"name": name, "how": how}
    else:
        note = _("%(name)s does not support the request (%(how)s). Their reason: %(reason)s") % {
            "name": name,
            "how": how,
            "reason": reason,
        }
    if supports and reason:
        note += " " + reason
    event_record(
        actor=actor,
        verb="chief_confirmed" if supports else "chief_declined",
        target=row,
        note=note,
        data={"email": email, "supports": supports},
    )
    address_verified_record(email=email, how=VerifiedAddress.How.CHIEF_LINK)
    _membership_evidence(row, note=note, supports=supports)
    return row


def _membership_evidence(row: AssistanceRequest, *, note: str, supports: bool) -> None:
    """Show the answer to staff beside the requester's pending membership of this agency."""
    requester = row.requester
    if requester is None or row.agency_id is None:
        return
    pending = requester.agency_memberships.filter(
        agency_id=row.agency_id, status=MembershipStatus.REQUESTED
    ).first()
    if pending is not None:
        agency_membership_evidence_add(
            actor=None,
            membership=pending,
            note=_("Request %(number)s: %(note)s (address %(email)s)")
            % {"number": row.tracking_number, "note": note, "email": row.chief_email},
            data={"request": str(row.public_id), "supports": supports},
        )


@transaction.atomic
def chief_respond(*, token: str, supports: bool, reason: str = "") -> AssistanceRequest:
    """The chief executive answers through the emailed link."""
    reason = _clean_reason(supports, reason)
    found = chief_confirm_request(token=token)
    row = AssistanceRequest.objects.select_for_update().get(pk=found.pk)
    return _record_answer(
        actor=None, row=row, supports=supports, reason=reason, how=_("through the emailed link")
    )


def chief_can_answer_signed_in(user: Any, assistance_request: AssistanceRequest) -> bool:
    """The signed-in user is the request's chief executive: their verified account address is
    the chief's, and the request is submitted and still open."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and assistance_request.status in OPEN_STATUSES
        and assistance_request.chief_email
        and user.email.lower() == assistance_request.chief_email.lower()
        and email_is_verified(user)
    )


@transaction.atomic
def chief_respond_signed_in(
    *, actor: Any, assistance_request: AssistanceRequest, supports: bool, reason: str = ""
) -> AssistanceRequest:
    """The chief executive, signed in, answers from the request's page."""
    reason = _clean_reason(supports, reason)
    row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if not chief_can_answer_signed_in(actor, row):
        raise TransitionForbidden(_("Only the request's chief executive can answer here."))
    return _record_answer(
        actor=actor, row=row, supports=supports, reason=reason, how=_("signed in")
    )


def can_manage_chief_link(user: Any, assistance_request: AssistanceRequest) -> bool:
    """Send the link again or correct the address: program staff, or the requester, while the
    request is open."""
    if assistance_request.status not in OPEN_STATUSES:
        return False
    return permissions.is_program_staff(user) or permissions.is_requester(user, assistance_request)


def chief_link_send(*, actor: Any, assistance_request: AssistanceRequest) -> None:
    """Email the chief executive the link (once the transaction commits), counted against the
    rate limit of the address and of the account. Raises `LinkSendLimited`."""
    link_send_allow(
        kind=LinkSend.Kind.CHIEF_LINK, email=assistance_request.chief_email, account=actor
    )
    notifications.chief_confirmation_send(assistance_request)


@transaction.atomic
def chief_link_resend(*, actor: Any, assistance_request: AssistanceRequest) -> AssistanceRequest:
    """Send the chief's link again (recorded). Raises `LinkSendLimited`,
    `TransitionForbidden` and `TransitionNotAllowed` with messages to show."""
    row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if not can_manage_chief_link(actor, row):
        raise TransitionForbidden(_("You cannot send this link now."))
    if chief_answer_of(row) is not None:
        raise TransitionNotAllowed(_("The chief executive has already answered."))
    chief_link_send(actor=actor, assistance_request=row)
    event_record(
        actor=actor,
        verb="chief_link_resent",
        target=row,
        note=_("The confirmation link was sent again to %(email)s.") % {"email": row.chief_email},
    )
    return row


@transaction.atomic
def chief_email_correct(
    *, actor: Any, assistance_request: AssistanceRequest, chief_email: str, chief_name: str = ""
) -> AssistanceRequest:
    """Correct the chief executive's address (and name), forget any answer given through the
    old address, and send the link to the new one. Older links stop working."""
    chief_email = (chief_email or "").strip().lower()
    try:
        validate_email(chief_email)
    except ValidationError:
        raise ValidationError(
            {"chief_email": _("Enter an email address like name@agency.gov.")}
        ) from None
    row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if not can_manage_chief_link(actor, row):
        raise TransitionForbidden(_("You cannot change the chief executive's address now."))
    old_email, old_name = row.chief_email, row.chief_name
    chief_name = (chief_name or "").strip() or row.chief_name
    if chief_email == old_email.lower() and chief_name == old_name:
        raise ValidationError(
            {"chief_email": _("That is the address we have already. Enter the corrected one.")}
        )
    row.chief_email = chief_email
    row.chief_name = chief_name
    row.chief_confirmed_at = None
    row.full_clean()
    row.save(update_fields=["chief_email", "chief_name", "chief_confirmed_at", "updated_at"])
    event_record(
        actor=actor,
        verb=RESET_VERB,
        target=row,
        note=_("The chief executive's address was corrected from %(old)s to %(new)s.")
        % {"old": old_email or "-", "new": chief_email},
        data={"old_email": old_email, "new_email": chief_email, "old_name": old_name},
    )
    chief_link_send(actor=actor, assistance_request=row)
    return row


def chief_link_update(
    *, actor: Any, assistance_request: AssistanceRequest, chief_email: str, chief_name: str = ""
) -> str:
    """Resend the link when the address is unchanged, or correct it and send to the new one.

    Returns "resent" or "corrected". Raises like `chief_link_resend` and `chief_email_correct`.
    """
    email = (chief_email or "").strip().lower()
    name = (chief_name or "").strip()
    if email == assistance_request.chief_email.lower() and (
        not name or name == assistance_request.chief_name
    ):
        chief_link_resend(actor=actor, assistance_request=assistance_request)
        return "resent"
    chief_email_correct(
        actor=actor, assistance_request=assistance_request, chief_email=email, chief_name=name
    )
    return "corrected"


def chief_link_message(outcome: str, assistance_request: AssistanceRequest) -> str:
    """What to tell the person after `chief_link_update`."""
    assistance_request.refresh_from_db(fields=["chief_email"])
    if outcome == "resent":
        return _("We sent the link again to %(email)s.") % {"email": assistance_request.chief_email}
    return _(
        "The address is corrected, and the link was sent to %(email)s. Older links no longer work."
    ) % {"email": assistance_request.chief_email}


def requests_awaiting_chief(user: Any):
    """Open requests naming the signed-in user's verified address as their chief executive's."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return AssistanceRequest.objects.none()
    if not email_is_verified(user):
        return AssistanceRequest.objects.none()
    return (
        AssistanceRequest.objects.filter(
            chief_email__iexact=user.email, status__in=list(OPEN_STATUSES)
        )
        .select_related("agency__state", "unlisted_state")
        .order_by("-submitted_at", "-pk")
    )


def request_for_chief(user: Any, public_id: Any) -> AssistanceRequest:
    """One open request naming the user's verified address as the chief's; Http404 otherwise
    (the same proof as holding the emailed link)."""
    from django.http import Http404

    if not _is_uuid(public_id):
        raise Http404("No such request.")
    found = requests_awaiting_chief(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such request.")
    return found
