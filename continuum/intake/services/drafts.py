"""Drafts of the request form, saved one step at a time so nothing typed is lost.

A draft is an `AssistanceRequest` in the "draft" state. A draft started without an account
belongs to the browser session that started it (its `public_id` is listed in the session) until
someone signed in saves or sends it; from then on it belongs to that account.

At the "You" step a person without an account gives an address and a password. The answer on
the page is the same whether the address is new or already has an account (no one learns from
the form who has an account): a new address gets an account and an email to confirm it; a known
one gets an email saying so. Either way the person signs in before sending the request.

The chief executive's link lives in `continuum.intake.services.chief`; email verification in
`continuum.accounts.services`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from continuum.accounts.models import LinkSend, User
from continuum.accounts.roles import agency_membership_of
from continuum.accounts.services import (
    LinkSendLimited,
    link_send_allow,
    requester_verification_send,
    site_url,
    user_create,
)
from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest

from ..steps import STEP_FIELDS

# The chief executive's link moved to `chief.py`; these names stay importable from here.

_MANY_TO_MANY = frozenset({"services", "topics", "goals"})
_UNLISTED_FIELDS = STEP_FIELDS["agency"][1:]
_INCIDENT_FIELDS = STEP_FIELDS["incident"]

#: Session key listing the public ids (as strings) of drafts started in this browser session.
SESSION_DRAFTS_KEY = "intake_draft_ids"

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
    if step == "agency":
        draft.agency_sort_name = draft.agency_sort_name_computed()
    if step == "needs" and not draft.has_critical_incident:
        for name in _INCIDENT_FIELDS:
            field = AssistanceRequest._meta.get_field(name)
            setattr(draft, name, None if field.null else _model_value(field, None))

    draft.full_clean()
    draft.save()
    for name, values in many.items():
        getattr(draft, name).set(values)
    return draft


@transaction.atomic
def draft_claim(*, actor: Any, assistance_request: AssistanceRequest) -> AssistanceRequest:
    """A signed-in person takes over a draft started in their browser session (before sending
    it). Their account's name and address become the requester's. Raises
    `TransitionForbidden` when another account owns the draft already."""
    if not getattr(actor, "is_authenticated", False):
        raise TransitionForbidden(_("Sign in to send the request."))
    draft = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if draft.status != RequestStatus.DRAFT:
        raise TransitionNotAllowed(
            _("This request has been sent already, so its answers can no longer be changed here.")
        )
    if draft.requester_id == actor.pk:
        return draft
    if draft.requester_id is not None:
        raise TransitionForbidden(_("You do not have permission to change this draft."))
    draft.requester = actor
    draft.requester_email = actor.email
    draft.requester_name = draft.requester_name or actor.full_name
    draft.requester_title = draft.requester_title or actor.title
    draft.requester_phone = draft.requester_phone or actor.phone
    draft.full_clean()
    draft.save()
    event_record(actor=actor, verb="draft_claimed", target=draft, internal=True)
    return draft


@transaction.atomic
def requester_account_create(
    *, assistance_request: AssistanceRequest, cleaned_data: dict, password: str
) -> None:
    """The "You" step of someone without an account: save the answers to the draft, and
    create an account for the address unless one exists.

    Returns nothing, on purpose: the caller answers the same way whether the address was new
    (an account is created and emailed a link to confirm the address) or not (its owner is
    emailed that someone started a request with it). Nobody is signed in here; the person
    signs in before sending. Emails beyond the rate limit are skipped silently, for the same
    reason.
    """
    draft = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
    if draft.status != RequestStatus.DRAFT or draft.requester_id is not None:
        raise TransitionNotAllowed(_("This draft already belongs to an account. Sign in to go on."))
    email = cleaned_data["requester_email"].strip().lower()
    draft_save_step(
        actor=None,
        assistance_request=draft,
        step="you",
        cleaned_data={**cleaned_data, "requester_email": email},
    )
    existing = User.objects.filter(email__iexact=email).first()
    try:
        if existing is None:
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
            requester_verification_send(user=user)
        else:
            make_password(password)  # the same work as for a new account: no timing tell
            account_exists_notice_send(user=existing)
    except LinkSendLimited:
        pass


def account_exists_notice_send(*, user: User) -> None:
    """Tell an account's owner that someone started a request with their address at the
    request form (counted like a verification email). Raises `LinkSendLimited`."""
    link_send_allow(kind=LinkSend.Kind.EMAIL_VERIFICATION, email=user.email, account=None)
    message_enqueue(
        template="accounts.account_exists",
        to=[user.email],
        context={
            "full_name": user.full_name,
            "sign_in_url": site_url(reverse("accounts:login")),
            "reset_url": site_url(reverse("accounts:password_reset")),
            "site_name": settings.CONTINUUM["SITE_NAME"],
        },
        target=user,
    )
