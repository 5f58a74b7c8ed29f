"""Program staff's work on submitted requests, and the agency's answers and withdrawal.

Every function is keyword-only, runs in one transaction, and raises `ValidationError` for bad
input and a `TransitionError` (`TransitionForbidden`, `TransitionNotAllowed`) for a refused
action; both carry a message to show as is. Status changes go through `REQUEST_MACHINE`.
Emails go out on commit (see `continuum.intake.notifications`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from continuum.activity.models import Event
from continuum.activity.services import event_record
from continuum.catalog.models import Program
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.documents.services import Upload, document_attach

from .. import notifications, permissions
from ..choices import MessageKind, RequestStatus
from ..models import AssistanceRequest, RequestMessage
from ..routing import recommend
from ..sla import business_days_between
from ..workflow import REQUEST_MACHINE
from .decisions import DECISIONS
from .submission import recommendation_store

NO_PERMISSION = "You do not have permission to do this."
MESSAGE_MAX = 4000
NOTE_MAX = 4000
WITHDRAWAL_REASON_MAX = 2000


def _forbid_unless(allowed: bool) -> None:
    if not allowed:
        raise TransitionForbidden(NO_PERMISSION)


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: f"Enter {label}."})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: f"{label[0].upper()}{label[1:]} must be {max_length:,} characters or "
                f"fewer; it has {len(text):,}."
            }
        )
    return text


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _close_pause(row: AssistanceRequest, now: datetime.datetime) -> None:
    """Stop the pause of the SLA clock (if any), adding its business days to the paused total."""
    if row.clock_paused_at is not None:
        row.paused_business_days += business_days_between(_local(row.clock_paused_at), _local(now))
        row.clock_paused_at = None


def _mark_first_response(row: AssistanceRequest, now: datetime.datetime) -> None:
    if row.first_response_at is None:
        row.first_response_at = now


# --- assignment, notes, messages ------------------------------------------------------------


def request_assign(
    *, actor: Any, assistance_requests: Iterable[AssistanceRequest | int], reviewer: Any
) -> int:
    """Assign `reviewer` (program staff, or None to unassign) to one or many submitted requests.

    Returns how many requests changed. The reviewer is checked once and the rows are updated in
    one statement; each changed request gets an internal event.
    """
    _forbid_unless(permissions.can_triage(actor))
    if reviewer is not None and not permissions.is_program_staff(reviewer):
        raise ValidationError({"reviewer": "Choose a reviewer from the program staff."})
    ids = {getattr(item, "pk", item) for item in assistance_requests}
    if not ids:
        raise ValidationError({"assistance_requests": "Choose at least one request to assign."})
    reviewer_id = reviewer.pk if reviewer is not None else None
    with transaction.atomic():
        rows = list(
            AssistanceRequest.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=RequestStatus.DRAFT)
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise ValidationError(
                {"assistance_requests": "Some of the chosen requests could not be found."}
            )
        changed = [row for row in rows if row.reviewer_id != reviewer_id]
        if not changed:
            return 0
        AssistanceRequest.objects.filter(pk__in=[row.pk for row in changed]).update(
            reviewer_id=reviewer_id, updated_at=timezone.now()
        )
        for row in changed:
            event_record(
                actor=actor,
                verb="reviewer_assigned" if reviewer is not None else "reviewer_unassigned",
                target=row,
                note=f"Assigned to {reviewer}." if reviewer is not None else "Reviewer removed.",
                data={"reviewer": reviewer_id, "previous_reviewer": row.reviewer_id},
            )
        if reviewer is not None and reviewer.pk != getattr(actor, "pk", None):
            notifications.assignment_notify(reviewer, changed)
    return len(changed)


def request_note_add(*, actor: Any, assistance_request: AssistanceRequest, note: str) -> Event:
    """An internal note by program staff: an internal event, never shown to the agency."""
    _forbid_unless(permissions.can_note_request(actor, assistance_request))
    text = _text(note, field="note", label="a note", max_length=NOTE_MAX)
    with transaction.atomic():
        return event_record(actor=actor, verb="note_added", target=assistance_request, note=text)


def request_message_send(
    *,
    actor: Any,
    assistance_request: AssistanceRequest,
    body: str,
    attachment: Upload | None = None,
) -> RequestMessage:
    """A message from program staff to the agency; the requester is emailed."""
    _forbid_unless(permissions.can_message_request(actor, assistance_request))
    text = _text(body, field="body", label="a message", max_length=MESSAGE_MAX)
    with transaction.atomic():
        row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
        message = RequestMessage(
            assistance_request=row,
            author=actor,
            from_staff=True,
            kind=MessageKind.MESSAGE,
            body=text,
        )
        message.full_clean()
        message.save()
        if attachment is not None:  # documents (issue 7): the file joins the message
            document_attach(actor=actor, target=message, upload=attachment)
        if row.first_response_at is None:
            row.first_response_at = timezone.now()
            row.save(update_fields=["first_response_at", "updated_at"])
        event_record(actor=actor, verb="message_sent", target=row, data={"message": message.pk})
        notifications.staff_message_send(row, text)
    assistance_request.first_response_at = row.first_response_at
    return message


# --- review and information -------------------------------------------------------------------


def request_review_start(*, actor: Any, assistance_request: AssistanceRequest) -> AssistanceRequest:
    """Start the review; the first reviewer to start it is assigned if nobody was."""
    now = timezone.now()

    def stamp(row: AssistanceRequest) -> None:
        _mark_first_response(row, now)
        if row.reviewer_id is None:
            row.reviewer = actor

    with transaction.atomic():
        return REQUEST_MACHINE.apply(
            actor=actor, obj=assistance_request, action="start_review", before_save=stamp
        )


def request_information_ask(
    *, actor: Any, assistance_request: AssistanceRequest, question: str
) -> AssistanceRequest:
    """Ask the agency for information: pauses the SLA clock until the agency answers."""
    _forbid_unless(permissions.can_review_request(actor, assistance_request))
    text = _text(question, field="question", label="your question", max_length=MESSAGE_MAX)
    now = timezone.now()

    def pause(row: AssistanceRequest) -> None:
        _mark_first_response(row, now)
        row.clock_paused_at = now

    with transaction.atomic():
        row = REQUEST_MACHINE.apply(
            actor=actor,
            obj=assistance_request,
            action="ask_information",
            note=text,
            before_save=pause,
        )
        message = RequestMessage(
            assistance_request=row,
            author=actor,
            from_staff=True,
            kind=MessageKind.INFORMATION_REQUEST,
            body=text,
        )
        message.full_clean()
        message.save()
        notifications.information_request_send(row, text)
    return row


def request_information_answer(
    *,
    actor: Any,
    assistance_request: AssistanceRequest,
    answer: str,
    attachment: Upload | None = None,
) -> AssistanceRequest:
    """The agency answers a request for information: the SLA clock runs again."""
    _forbid_unless(permissions.can_view_request(actor, assistance_request))
    text = _text(answer, field="answer", label="your answer", max_length=MESSAGE_MAX)
    now = timezone.now()

    with transaction.atomic():
        row = REQUEST_MACHINE.apply(
            actor=actor,
            obj=assistance_request,
            action="answer_information",
            note=text,
            before_save=lambda locked: _close_pause(locked, now),
        )
        message = RequestMessage(
            assistance_request=row,
            author=actor,
            from_staff=False,
            kind=MessageKind.ANSWER,
            body=text,
        )
        message.full_clean()
        message.save()
        if attachment is not None:  # documents (issue 7): the file joins the answer
            document_attach(actor=actor, target=message, upload=attachment)
        notifications.information_answered_notify(
            AssistanceRequest.objects.select_related("reviewer").get(pk=row.pk)
        )
    return row


# --- decisions ------------------------------------------------------------------------------


def request_decide(
    *, actor: Any, assistance_request: AssistanceRequest, decision: str, note: str = "", **details
) -> AssistanceRequest:
    """Decide on a submitted request: accept (``program``, ``services``), decline (``reason``)
    or refer (``target``), with a note the agency reads (required to decline or refer).

    One transaction: the transition with its event, the decision's fields, the engagement of
    an acceptance, and the email to the agency.
    """
    kind = DECISIONS.get(decision)
    if kind is None:
        raise ValidationError({"decision": "Choose accept, decline or refer."})
    _forbid_unless(permissions.can_decide_request(actor, assistance_request))
    recorded = kind.fields(details)
    text = _text(
        note, field="note", label=kind.note_label, max_length=NOTE_MAX, required=kind.note_required
    )
    now = timezone.now()

    def stamp(row: AssistanceRequest) -> None:
        _close_pause(row, now)
        _mark_first_response(row, now)
        row.decided_at = now
        row.decided_by = actor
        row.decision_note = text
        for name, value in recorded.items():
            setattr(row, name, value)

    with transaction.atomic():
        row = REQUEST_MACHINE.apply(
            actor=actor, obj=assistance_request, action=kind.action, note=text, before_save=stamp
        )
        if kind.then is not None:
            kind.then(actor, row, details)
        notifications.decision_send(
            AssistanceRequest.objects.select_related("decided_program", "engagement").get(pk=row.pk)
            if decision == "accept"
            else row
        )
    return row


def request_accept(
    *, actor: Any, assistance_request: AssistanceRequest, program: Program, services, note=""
) -> AssistanceRequest:
    """Accept into `program` with `services`: creates the engagement (status "planning")."""
    return request_decide(
        actor=actor,
        assistance_request=assistance_request,
        decision="accept",
        program=program,
        services=services,
        note=note,
    )


def request_decline(
    *, actor: Any, assistance_request: AssistanceRequest, reason: str, note: str
) -> AssistanceRequest:
    """Decline with a reason from the list and a note the agency reads."""
    return request_decide(
        actor=actor,
        assistance_request=assistance_request,
        decision="decline",
        reason=reason,
        note=note,
    )


def request_refer(
    *, actor: Any, assistance_request: AssistanceRequest, target: str, note: str
) -> AssistanceRequest:
    """Refer to resources or another office, with a referral note the agency reads."""
    return request_decide(
        actor=actor,
        assistance_request=assistance_request,
        decision="refer",
        target=target,
        note=note,
    )


def request_withdraw(
    *, actor: Any, assistance_request: AssistanceRequest, reason: str = ""
) -> AssistanceRequest:
    """The agency withdraws its request before a decision; its whole record is kept."""
    _forbid_unless(permissions.can_view_request(actor, assistance_request))
    text = _text(
        reason,
        field="reason",
        label="the reason",
        max_length=WITHDRAWAL_REASON_MAX,
        required=False,
    )
    now = timezone.now()

    def stamp(row: AssistanceRequest) -> None:
        _close_pause(row, now)
        row.withdrawal_reason = text

    with transaction.atomic():
        row = REQUEST_MACHINE.apply(
            actor=actor, obj=assistance_request, action="withdraw", note=text, before_save=stamp
        )
        notifications.withdrawal_confirmation_send(row)
    return row


def request_route(
    *, actor: Any, assistance_request: AssistanceRequest, table=None
) -> AssistanceRequest:
    """Compute the recommendation again (with the active table, or `table`) and store it."""
    _forbid_unless(permissions.can_triage(actor))
    with transaction.atomic():
        row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
        if row.status == RequestStatus.DRAFT:
            raise TransitionNotAllowed("A draft is routed when it is submitted.")
        recommendation_store(actor=actor, row=row, rec=recommend(row, table=table))
    assistance_request.refresh_from_db()
    return assistance_request
