"""Program staff's side of the API: the triage queue, decisions, notes and messages.

Every operation here is for program staff; the services check the right again under a row lock
(403 for anyone else on a request they may see, 404 on one they may not), and the request's
state decides what may happen next (409 otherwise).
"""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import ValidationError as InputError
from ninja.responses import Status

from continuum.api.errors import validation_error_details
from continuum.catalog.models import Program, Service

from .. import permissions, sla
from ..selectors import (
    queue_counts,
    queue_filters_with_default,
    triage_queue,
    triage_queue_page,
)
from ..services import triage as triage_services
from .drafts import ids_by_slug
from .presenters import fresh_detail, message_of, queue_item, viewer_request
from .schemas import (
    ERRORS,
    AcceptIn,
    AssignIn,
    DeclineIn,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    QuestionIn,
    QueueFilters,
    QueuePageOut,
    ReferIn,
    RequestOut,
)

router = Router(tags=["Triage"])


def _operation(method: str, path: str, name: str, summary: str, *, status: int = 200, out=None):
    """An operation whose operationId and URL name are both `name` (the access map's key)."""
    return getattr(router, method)(
        path,
        response={status: out or RequestOut, **ERRORS},
        operation_id=name,
        url_name=name,
        summary=summary,
    )


def _decision(path: str, name: str, summary: str):
    return _operation("post", f"/requests/{{public_id}}/{path}", name, summary)


def _staff_only(request) -> None:
    if not permissions.can_triage(request.user):
        raise PermissionDenied(_("Only program staff can use the triage queue."))


@_operation(
    "get", "/triage/queue", "triage_queue", "The triage queue (program staff)", out=QueuePageOut
)
def queue(request, params: Query[QueueFilters]):
    """Submitted requests, filtered and sorted, a page at a time (program staff): open work
    unless `status` says otherwise; follow `next_cursor` for the next page."""
    _staff_only(request)
    filters = params.dict(exclude={"ordering", "cursor", "page_size"}, exclude_none=True)
    filters = queue_filters_with_default(filters)
    try:
        rows = triage_queue(viewer=request.user, filters=filters, ordering=params.ordering)
        counts = queue_counts(viewer=request.user, filters=filters)
    except ValidationError as error:
        # The selectors name the filter at fault; say it is a query parameter.
        raise InputError(validation_error_details(error, where="query")) from error
    try:
        page = triage_queue_page(
            rows, ordering=params.ordering, cursor=params.cursor, size=params.page_size
        )
    except ValidationError as error:
        cursor_error = ValidationError({"cursor": error.messages})
        raise InputError(validation_error_details(cursor_error, where="query")) from error
    now = timezone.now()
    matching = counts["matching"]
    targets = sla.response_targets()
    return {
        "count": int(matching),
        "count_capped": matching.capped,
        "next_cursor": page.next_cursor,
        "previous_cursor": page.prev_cursor,
        "counts": counts_out(counts),
        "items": [queue_item(ar, now, targets) for ar in page.rows],
    }


def counts_out(counts: dict) -> dict:
    """The queue's counts as plain numbers, with the names of those past the cap."""
    flat = {key: value for key, value in counts.items() if key != "by_status"}
    flat["by_status"] = counts["by_status"]
    capped = sorted(
        [key for key, value in flat.items() if getattr(value, "capped", False)]
        + [f"by_status.{key}" for key, value in counts["by_status"].items() if value.capped]
    )
    flat = {key: value if key == "by_status" else int(value) for key, value in flat.items()}
    flat["by_status"] = {key: int(value) for key, value in counts["by_status"].items()}
    flat["capped"] = capped
    return flat


@_decision("start-review", "request_start_review", "Start the review (program staff)")
def request_start_review(request, public_id: uuid.UUID):
    """Start the review (program staff)."""
    ar = viewer_request(request, public_id)
    triage_services.request_review_start(actor=request.user, assistance_request=ar)
    return fresh_detail(request, ar)


@_decision(
    "request-information", "request_information", "Ask the agency for information (program staff)"
)
def request_information(request, public_id: uuid.UUID, payload: QuestionIn):
    """Ask the agency for information; the first-response clock pauses (program staff)."""
    ar = viewer_request(request, public_id)
    triage_services.request_information_ask(
        actor=request.user, assistance_request=ar, question=payload.question
    )
    return fresh_detail(request, ar)


@_decision("accept", "request_accept", "Accept into a program (program staff)")
def request_accept(request, public_id: uuid.UUID, payload: AcceptIn):
    """Accept into a program with chosen services: creates the engagement (program staff)."""
    ar = viewer_request(request, public_id)
    program = Program.objects.filter(slug=payload.program).first()
    if program is None:
        raise ValidationError({"program": f"“{payload.program}” is not a program."})
    service_ids = ids_by_slug(Service, payload.services, "services", "a service")
    services = sorted(Service.objects.filter(pk__in=service_ids), key=lambda s: s.pk)
    triage_services.request_accept(
        actor=request.user,
        assistance_request=ar,
        program=program,
        services=services,
        note=payload.note,
    )
    return fresh_detail(request, ar)


@_decision("decline", "request_decline", "Decline (program staff)")
def request_decline(request, public_id: uuid.UUID, payload: DeclineIn):
    """Decline with a reason from the list and a note the agency reads (program staff)."""
    ar = viewer_request(request, public_id)
    triage_services.request_decline(
        actor=request.user, assistance_request=ar, reason=payload.reason.value, note=payload.note
    )
    return fresh_detail(request, ar)


@_decision("refer", "request_refer", "Refer elsewhere (program staff)")
def request_refer(request, public_id: uuid.UUID, payload: ReferIn):
    """Refer to resources or another office, with a referral note (program staff)."""
    ar = viewer_request(request, public_id)
    triage_services.request_refer(
        actor=request.user, assistance_request=ar, target=payload.target.value, note=payload.note
    )
    return fresh_detail(request, ar)


@_decision("assign", "request_assign", "Assign a reviewer (program staff)")
def request_assign(request, public_id: uuid.UUID, payload: AssignIn):
    """Assign a reviewer, or remove the reviewer with null (program staff)."""
    ar = viewer_request(request, public_id)
    reviewer = None
    if payload.reviewer_id is not None:
        reviewer = get_user_model().objects.filter(pk=payload.reviewer_id).first()
        if reviewer is None:
            raise ValidationError({"reviewer_id": _("Nobody has that id.")})
    triage_services.request_assign(actor=request.user, assistance_requests=[ar], reviewer=reviewer)
    return fresh_detail(request, ar)


@_operation(
    "post",
    "/requests/{public_id}/notes",
    "request_note",
    "Add an internal note (program staff)",
    status=201,
    out=NoteOut,
)
def request_note(request, public_id: uuid.UUID, payload: NoteIn):
    """Add an internal note: never shown to the agency (program staff)."""
    ar = viewer_request(request, public_id)
    event = triage_services.request_note_add(
        actor=request.user, assistance_request=ar, note=payload.note
    )
    return Status(201, {"created_at": event.created_at, "note": event.note})


@_operation(
    "post",
    "/requests/{public_id}/messages",
    "request_message",
    "Message the requester (program staff)",
    status=201,
    out=MessageOut,
)
def request_message(request, public_id: uuid.UUID, payload: MessageIn):
    """Send the requester a message; they are emailed (program staff)."""
    ar = viewer_request(request, public_id)
    message = triage_services.request_message_send(
        actor=request.user, assistance_request=ar, body=payload.body
    )
    return Status(201, message_of(message))
