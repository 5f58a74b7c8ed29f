"""Submitting a request: completeness check, tracking number, routing, the `submit` transition."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.accounts.models import AgencyMembership
from continuum.accounts.roles import agency_membership_of, pending_agency_membership_of
from continuum.accounts.services import LinkSendLimited, agency_membership_request
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

from .. import notifications, permissions, sla
from ..choices import RequestStatus
from ..models import AssistanceRequest, TrackingCounter
from ..routing import Recommendation, recommend
from ..workflow import REQUEST_MACHINE
from .chief import chief_link_send

TRACKING_PREFIX = "CRI"


def tracking_number_format(year: int, number: int) -> str:
    return f"{TRACKING_PREFIX}-{year}-{number:05d}"


def tracking_number_allocate(*, year: int) -> str:
    """The next tracking number of `year`, under a row lock of the year's counter.

    Call inside the transaction that stores it. Numbers only go up: a number is never handed out
    twice, and one already used (say, by imported records) is skipped.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Allocate tracking numbers inside the transaction that stores them.")
    counter, _ = TrackingCounter.objects.select_for_update().get_or_create(year=year)
    while True:
        counter.last_number += 1
        number = tracking_number_format(year, counter.last_number)
        if not AssistanceRequest.objects.filter(tracking_number=number).exists():
            break
    counter.save(update_fields=["last_number"])
    return number


def request_missing_answers(ar: AssistanceRequest) -> dict[str, str]:
    """What a draft still lacks before it can be submitted: field name → a plain message."""
    missing: dict[str, str] = {}
    if ar.agency_id is None:
        unlisted = {
            "unlisted_agency_name": "Enter your agency's name.",
            "unlisted_agency_type": "Choose your agency's type.",
            "unlisted_jurisdiction_level": "Choose your agency's jurisdiction level.",
        }
        if not ar.unlisted_agency_name.strip() and not ar.unlisted_agency_type:
            missing["agency"] = (
                "Choose your agency from the directory, or tell us about it if it is not listed."
            )
        else:
            for name, message in unlisted.items():
                if not str(getattr(ar, name)).strip():
                    missing[name] = message
            if ar.unlisted_state_id is None:
                missing["unlisted_state"] = "Choose your agency's state or territory."
    if not ar.requester_name.strip():
        missing["requester_name"] = "Enter your name."
    if not ar.requester_email.strip():
        missing["requester_email"] = "Enter your email address."
    if not ar.chief_name.strip():
        missing["chief_name"] = "Enter your chief executive's name."
    if not ar.chief_title.strip():
        missing["chief_title"] = "Enter your chief executive's title."
    if not ar.chief_email.strip():
        missing["chief_email"] = "Enter your chief executive's email address."
    if not ar.attests_voluntary:
        missing["attests_voluntary"] = "Confirm that your agency asks for assistance voluntarily."
    if not ar.attests_chief_supports:
        missing["attests_chief_supports"] = (
            "Confirm that your chief executive supports this request."
        )
    if not ar.not_sure and not ar.services.exists():
        missing["services"] = "Choose at least one kind of help, or choose “Not sure”."
    if not ar.narrative.strip():
        missing["narrative"] = "Tell us what happened or what your agency wants to change."
    if ar.has_critical_incident:
        if ar.incident_date is None:
            missing["incident_date"] = "Enter the date of the critical incident."
        elif ar.incident_date > timezone.localdate():
            missing["incident_date"] = "The date of the critical incident must be in the past."
        if not ar.incident_kind:
            missing["incident_kind"] = "Choose what kind of critical incident it was."
    return missing


def _recommendation_data(rec: Recommendation) -> dict[str, Any]:
    return {
        "routing_table_version": rec.table.version if rec.table else None,
        "program": rec.program.slug if rec.program else None,
        "services": rec.service_slugs,
        "reasons": rec.reasons,
    }


def recommendation_store(*, actor: Any, row: AssistanceRequest, rec: Recommendation) -> None:
    """Write a recommendation on a locked, already saved request, with an internal event."""
    row.recommended_program = rec.program
    row.recommendation_reasons = rec.reasons
    row.routing_table = rec.table
    row.full_clean()
    row.save(
        update_fields=[
            "recommended_program",
            "recommendation_reasons",
            "routing_table",
            "updated_at",
        ]
    )
    row.recommended_services.set(rec.services)
    event_record(
        actor=actor,
        verb="routing_recommended",
        target=row,
        internal=True,
        note="; ".join(rec.reasons),
        data=_recommendation_data(rec),
    )


def membership_ask_for_requester(*, actor: Any, row: AssistanceRequest) -> None:
    """A requester who acts for no agency yet asks, by submitting, to be a point of contact of
    the request's agency. The membership waits for program staff to verify it: until then the
    requester sees only the requests they wrote."""
    requester = row.requester
    if requester is None or row.agency_id is None:
        return
    if agency_membership_of(requester) or pending_agency_membership_of(requester):
        return
    agency_membership_request(
        actor=actor,
        user=requester,
        agency=row.agency,
        role=AgencyMembership.Role.POINT_OF_CONTACT,
        requested_via=_("Request %(number)s (the request form)") % {"number": row.tracking_number},
    )


def request_submit(*, actor: Any, assistance_request: AssistanceRequest) -> AssistanceRequest:
    """Submit a complete draft: tracking number, routing recommendation, `submit`, emails.

    Raises `ValidationError` naming what is missing; `TransitionNotAllowed` when the request is
    not a draft any more (a second submit, from another tab say: the message gives the
    tracking number); `TransitionForbidden` when the actor may not submit this draft.
    """
    with transaction.atomic():
        row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
        if row.status != RequestStatus.DRAFT:
            raise TransitionNotAllowed(
                f"This request was already submitted. Its tracking number is {row.tracking_number}."
            )
        if not permissions.can_submit_request(actor, row):
            raise TransitionForbidden("You do not have permission to submit this request.")
        missing = request_missing_answers(row)
        if missing:
            raise ValidationError(missing)
        now = timezone.now()
        number = tracking_number_allocate(year=timezone.localdate(now).year)

        def stamp(locked: AssistanceRequest) -> None:
            locked.tracking_number = number
            locked.submitted_at = now
            locked.agency_sort_name = locked.agency_sort_name_computed()

        row = REQUEST_MACHINE.apply(
            actor=actor, obj=assistance_request, action="submit", before_save=stamp
        )
        recommendation_store(actor=actor, row=row, rec=recommend(row))
        membership_ask_for_requester(actor=actor, row=row)
        notifications.submission_confirmation_send(row)
        if sla.is_urgent(row):
            notifications.on_call_alert_send(row)
        if row.chief_email:
            try:
                chief_link_send(actor=actor, assistance_request=row)
            except LinkSendLimited:
                event_record(
                    actor=None,
                    verb="chief_link_not_sent",
                    target=row,
                    internal=True,
                    note=_(
                        "The chief executive's link was not sent: too many links went to "
                        "%(email)s lately. Send it again from the request page later."
                    )
                    % {"email": row.chief_email},
                )
    assistance_request.refresh_from_db()
    return assistance_request
