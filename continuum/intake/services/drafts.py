"""Drafts of the request form, and the two links we email around a request.

A draft is an `AssistanceRequest` in the "draft" state, saved one step at a time so nothing typed
is lost. A draft started without an account belongs to the browser session that started it (its
`public_id` is listed in the session) until the person creates an account at the "You" step;
from then on it belongs to that account.

The two emailed links carry signed, timed tokens (`django.core.signing.TimestampSigner`):
- the requester's email verification (valid 3 days; recorded as an `email_verified` event on the
  user, read back by `email_is_verified`);
- the chief executive's confirmation (valid 30 days; sets `chief_confirmed_at`, records a
  `chief_confirmed` event, and makes the requester a point of contact of the agency).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.models import AgencyMembership, User
from continuum.accounts.roles import agency_membership_of
from continuum.accounts.services import agency_membership_set, user_create
from continuum.activity.models import Event
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest

#: The steps of the form that save answers, in order (the review page is not one of them).
STEPS: tuple[str, ...] = ("agency", "you", "authorization", "needs", "incident")

#: The model fields each step writes. Many-to-many fields are set after the row is saved.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "agency": (
        "agency",
        "unlisted_agency_name",
        "unlisted_agency_type",
        "unlisted_jurisdiction_level",
        "unlisted_state",
    ),
    "you": ("requester_name", "requester_title", "requester_email", "requester_phone"),
    "authorization": (
        "chief_name",
        "chief_title",
        "chief_email",
        "attests_voluntary",
        "attests_chief_supports",
    ),
    "needs": (
        "services",
        "not_sure",
        "topics",
        "goals",
        "concern_scope",
        "narrative",
        "desired_timeframe",
        "earlier_assistance",
        "has_critical_incident",
    ),
    "incident": (
        "incident_date",
        "incident_kind",
        "incident_public_attention",
        "other_reviews_underway",
        "other_reviews_detail",
    ),
}
_MANY_TO_MANY = frozenset({"services", "topics", "goals"})
_UNLISTED_FIELDS = STEP_FIELDS["agency"][1:]
_INCIDENT_FIELDS = STEP_FIELDS["incident"]

#: Session key listing the public ids (as strings) of drafts started in this browser session.
SESSION_DRAFTS_KEY = "intake_draft_ids"

EMAIL_VERIFY_SALT = "continuum.intake.email-verify"
EMAIL_VERIFY_MAX_AGE = datetime.timedelta(days=3)
CHIEF_CONFIRM_SALT = "continuum.intake.chief-confirm"
CHIEF_CONFIRM_MAX_AGE = datetime.timedelta(days=30)

LINK_INVALID = (
    "This link is not valid. Check that you copied the whole link from the email, or ask for a "
    "new one."
)


# --- drafts -----------------------------------------------------------------------------------


@transaction.atomic
def draft_create(*, actor: Any, session: Any) -> AssistanceRequest:
    """Start a draft. Signed in: it belongs to the account, prefilled from it (and with the
    agency the account acts for, if any).

    Not signed in: it belongs to this browser session until an account is created at step 2.
    """
    signed_in = bool(getattr(actor, "is_authenticated", False))
    draft = AssistanceRequest()  # a new request is a draft
    if signed_in:
        draft.requester = actor
        draft.requester_name = actor.full_name
        draft.requester_title = actor.title
        draft.requester_email = actor.email
        draft.requester_phone = actor.phone
        membership = agency_membership_of(actor)
        if membership is not None:
            draft.agency = membership.agency  # prefilled; the requester may change it
    draft.full_clean()
    draft.save()
    event_record(actor=actor if signed_in else None, verb="created", target=draft)
    if not signed_in:
        session_drafts = list(session.get(SESSION_DRAFTS_KEY, []))
        session_drafts.append(str(draft.public_id))
        session[SESSION_DRAFTS_KEY] = session_drafts[-20:]
    return draft


def draft_in_session(*, session: Any, assistance_request: AssistanceRequest) -> bool:
    """The draft was started in this browser session and no account owns it yet."""
    return assistance_request.requester_id is None and str(
        assistance_request.public_id
    ) in session.get(SESSION_DRAFTS_KEY, [])


def session_draft_ids(session: Any) -> list[str]:
    return list(session.get(SESSION_DRAFTS_KEY, []))


def _model_value(field: models.Field, value: Any) -> Any:
    """Turn an empty form value into what the column stores for "no answer"."""
    if value is None and not field.null:
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.CharField | models.TextField):
            return ""
    return value


@transaction.atomic
def draft_save_step(
    *, actor: Any, assistance_request: AssistanceRequest, step: str, cleaned_data: dict
) -> AssistanceRequest:
    """Save one step's answers to the draft (under a row lock) and return the saved row.

    Only the fields of `step` are written; keys of `cleaned_data` that are missing are left as
    they were. A signed-in actor saving a draft that no account owns yet takes it over.
    Raises `TransitionNotAllowed` once the request is no longer a draft, and
    `TransitionForbidden` when another account owns it.
    """
    if step not in STEP_FIELDS:
        raise ValueError(f"Unknown step {step!r}.")
    draft = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if draft.status != RequestStatus.DRAFT:
        raise TransitionNotAllowed(
            "This request has been sent already, so its answers can no longer be changed here."
        )
    signed_in = bool(getattr(actor, "is_authenticated", False))
    if draft.requester_id is not None and not (signed_in and draft.requester_id == actor.pk):
        raise TransitionForbidden("You do not have permission to change this draft.")
    if signed_in and draft.requester_id is None:
        draft.requester = actor

    many: dict[str, Any] = {}
    for name in STEP_FIELDS[step]:
        if name not in cleaned_data:
            continue
        value = cleaned_data[name]
        if name in _MANY_TO_MANY:
            many[name] = list(value or [])
            continue
        if name == "has_critical_incident" and value is None:
            continue  # not answered yet: keep the earlier answer
        setattr(draft, name, _model_value(AssistanceRequest._meta.get_field(name), value))

    if step == "agency" and draft.agency_id is not None:
        for name in _UNLISTED_FIELDS:
            setattr(draft, name, None if name == "unlisted_state" else "")
    if step == "needs" and not draft.has_critical_incident:
        for name in _INCIDENT_FIELDS:
            field = AssistanceRequest._meta.get_field(name)
            setattr(draft, name, None if field.null else "")

    draft.full_clean()
    draft.save()
    for name, values in many.items():
        getattr(draft, name).set(values)
    return draft


@transaction.atomic
def requester_account_create(
    *, assistance_request: AssistanceRequest, cleaned_data: dict, password: str
) -> User:
    """Create the requester's account from the "You" step, give it the draft, and email a link
    to verify the address. The caller signs the new user in."""
    draft = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if draft.status != RequestStatus.DRAFT or draft.requester_id is not None:
        raise TransitionNotAllowed("This draft already belongs to an account. Sign in to go on.")
    email = cleaned_data["requester_email"].strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"requester_email": "An account already uses this email address. Sign in instead."}
        )
    user = user_create(
        actor=None,
        email=email,
        full_name=cleaned_data["requester_name"],
        password=password,
        title=cleaned_data.get("requester_title", ""),
    )
    phone = cleaned_data.get("requester_phone", "")
    if phone:
        user.phone = phone
        user.full_clean(exclude=["password"])
        user.save(update_fields=["phone"])
    draft_save_step(
        actor=user,
        assistance_request=draft,
        step="you",
        cleaned_data={**cleaned_data, "requester_email": email},
    )
    requester_verification_send(user=user)
    return user


# --- email verification -----------------------------------------------------------------------


def _site_url(path: str) -> str:
    return settings.CONTINUUM["SITE_URL"].rstrip("/") + path


def email_verify_token(user: User) -> str:
    """A signed, timed token naming the account and the address it confirms."""
    return signing.TimestampSigner(salt=EMAIL_VERIFY_SALT).sign_object(
        {"user": user.pk, "email": user.email.lower()}
    )


def email_verify_url(user: User) -> str:
    return _site_url(reverse("intake:verify_email", kwargs={"token": email_verify_token(user)}))


def requester_verification_send(*, user: User) -> None:
    """Email the account a link to verify its address (sent once the transaction commits)."""
    context = {
        "user": user,
        "url": email_verify_url(user),
        "days": EMAIL_VERIFY_MAX_AGE.days,
        "site_name": settings.CONTINUUM["SITE_NAME"],
    }
    subject = "Confirm your email address"
    body = render_to_string("intake/request/email/verify_email.txt", context)
    transaction.on_commit(
        lambda: mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )


def email_is_verified(user: Any) -> bool:
    """The account's current email address was confirmed through the emailed link."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Event.objects.for_target(user)
        .filter(verb="email_verified", data__email=user.email.lower())
        .exists()
    )


def _unsign(token: str, *, salt: str, max_age: datetime.timedelta, expired: str) -> dict:
    try:
        payload = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(expired, code="expired") from None
    except (signing.BadSignature, ValueError, UnicodeError):
        raise ValidationError(LINK_INVALID, code="invalid") from None
    if not isinstance(payload, dict):
        raise ValidationError(LINK_INVALID, code="invalid")
    return payload


@transaction.atomic
def requester_email_verify(*, token: str) -> User:
    """Record that the address in `token` belongs to its account; return the account.

    Raises `ValidationError` (code "expired" or "invalid") with a message to show.
    """
    payload = _unsign(
        token,
        salt=EMAIL_VERIFY_SALT,
        max_age=EMAIL_VERIFY_MAX_AGE,
        expired=(
            f"This link has expired: links to confirm an email address work for "
            f"{EMAIL_VERIFY_MAX_AGE.days} days. Sign in and ask for a new one on “My requests”."
        ),
    )
    user = User.objects.filter(pk=payload.get("user"), is_active=True).first()
    if user is None or user.email.lower() != str(payload.get("email", "")).lower():
        raise ValidationError(LINK_INVALID, code="invalid")
    if not email_is_verified(user):
        event_record(
            actor=user,
            verb="email_verified",
            target=user,
            internal=True,
            data={"email": user.email.lower()},
        )
    return user


# --- the chief executive's confirmation ---------------------------------------------------------


def chief_confirm_token(assistance_request: AssistanceRequest) -> str:
    """A signed, timed token naming the request and the chief executive's address."""
    return signing.TimestampSigner(salt=CHIEF_CONFIRM_SALT).sign_object(
        {
            "request": str(assistance_request.public_id),
            "email": assistance_request.chief_email.lower(),
        }
    )


def chief_confirm_url(assistance_request: AssistanceRequest) -> str:
    """The absolute link emailed to the chief executive when the request is submitted."""
    token = chief_confirm_token(assistance_request)
    return _site_url(reverse("intake:chief_confirm", kwargs={"token": token}))


def chief_confirm_request(*, token: str) -> AssistanceRequest:
    """The submitted request a chief executive's link is for (to show before confirming).

    Raises `ValidationError` (code "expired" or "invalid") with a message to show.
    """
    payload = _unsign(
        token,
        salt=CHIEF_CONFIRM_SALT,
        max_age=CHIEF_CONFIRM_MAX_AGE,
        expired=(
            f"This link has expired: confirmation links work for {CHIEF_CONFIRM_MAX_AGE.days} "
            "days. Ask the person who made the request to contact the program team."
        ),
    )
    assistance_request = (
        AssistanceRequest.objects.select_related("agency__state", "unlisted_state")
        .exclude(status=RequestStatus.DRAFT)
        .filter(public_id=payload.get("request"))
        .first()
        if _is_uuid(payload.get("request"))
        else None
    )
    if (
        assistance_request is None
        or assistance_request.chief_email.lower() != str(payload.get("email", "")).lower()
    ):
        raise ValidationError(LINK_INVALID, code="invalid")
    return assistance_request


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def chief_confirm(*, token: str) -> AssistanceRequest:
    """The chief executive confirms, through the emailed link, that they support the request.

    Sets `chief_confirmed_at` once (confirming again changes nothing), records a
    `chief_confirmed` event, and makes the requester a point of contact of the request's agency
    unless they already act for an agency: the chief executive vouched for them.
    """
    found = chief_confirm_request(token=token)
    assistance_request = AssistanceRequest.objects.select_for_update().get(pk=found.pk)
    if assistance_request.chief_confirmed_at is not None:
        return assistance_request
    assistance_request.chief_confirmed_at = timezone.now()
    assistance_request.full_clean()
    assistance_request.save(update_fields=["chief_confirmed_at", "updated_at"])
    event_record(
        actor=None,
        verb="chief_confirmed",
        target=assistance_request,
        note=f"{assistance_request.chief_name} confirmed their support by email.",
    )
    requester = assistance_request.requester
    if (
        requester is not None
        and assistance_request.agency_id is not None
        and not AgencyMembership.objects.filter(user=requester).exists()
    ):
        agency_membership_set(
            actor=None,
            user=requester,
            agency=assistance_request.agency,
            role=AgencyMembership.Role.POINT_OF_CONTACT,
        )
    return assistance_request
