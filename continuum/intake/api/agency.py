"""The agency's side of the API: drafts, submission, reading, answering, withdrawing.

The same operations as the pages, through the same code: drafts are validated by the request
form's step forms; every other write is a service of `continuum.intake.services`; every read
starts from `requests_visible_to`. A request the caller may not see answers 404.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from ninja import Query, Router
from ninja.errors import ValidationError as InputError
from ninja.responses import Status

from continuum.api.errors import validation_error_details

from ..selectors import request_list_page
from ..services import triage as triage_services
from ..services.drafts import draft_create
from ..services.submission import request_submit
from .drafts import draft_answers_save
from .presenters import detail as detail_of
from .presenters import fresh_detail, summary, viewer_request
from .schemas import (
    ERRORS,
    AnswerIn,
    ListParams,
    RequestDraftIn,
    RequestOut,
    RequestPageOut,
    WithdrawIn,
)

router = Router(tags=["Requests"])


def _operation(method: str, path: str, name: str, summary: str, *, status: int = 200, out=None):
    """An operation whose operationId and URL name are both `name` (the access map's key)."""
    return getattr(router, method)(
        path,
        response={status: out or RequestOut, **ERRORS},
        operation_id=name,
        url_name=name,
        summary=summary,
    )


@_operation(
    "get", "/requests/", "request_list", "List the requests you may see", out=RequestPageOut
)
def request_list(request, params: Query[ListParams]):
    """The requests you may see, newest first, a page at a time (follow `next_cursor`): your own
    (drafts included) and your agency's; every submitted request for program staff."""
    try:
        page = request_list_page(viewer=request.user, cursor=params.cursor, size=params.page_size)
    except ValidationError as error:
        cursor_error = ValidationError({"cursor": error.messages})
        raise InputError(validation_error_details(cursor_error, where="query")) from error
    count = page.extra["count"]
    return {
        "count": int(count),
        "count_capped": count.capped,
        "next_cursor": page.next_cursor,
        "previous_cursor": page.prev_cursor,
        "items": [summary(ar) for ar in page.rows],
    }


@_operation("post", "/requests/", "request_create", "Start a draft request", status=201)
def request_create(request, payload: RequestDraftIn):
    """Start a draft with any answers you have now."""
    answers = payload.dict(exclude_unset=True)
    # One transaction: answers that do not validate leave no empty draft behind.
    with transaction.atomic():
        ar = draft_create(actor=request.user, session={})
        if answers:
            draft_answers_save(request.user, ar, answers)
    return Status(201, fresh_detail(request, ar))


@_operation("get", "/requests/{public_id}", "request_read", "Read one request")
def request_read(request, public_id: uuid.UUID):
    """One request you may see (404 otherwise)."""
    return detail_of(request.user, viewer_request(request, public_id))


@_operation("patch", "/requests/{public_id}", "request_update", "Change a draft's answers")
def request_update(request, public_id: uuid.UUID, payload: RequestDraftIn):
    """Change a draft's answers (only the fields you send). A sent request answers 409."""
    ar = viewer_request(request, public_id)
    draft_answers_save(request.user, ar, payload.dict(exclude_unset=True))
    return fresh_detail(request, ar)


@_operation("post", "/requests/{public_id}/submit", "request_submit", "Submit a draft")
def request_submit_endpoint(request, public_id: uuid.UUID):
    """Send a complete draft: it gets its tracking number. 422 lists what is missing."""
    ar = viewer_request(request, public_id)
    request_submit(actor=request.user, assistance_request=ar)
    return fresh_detail(request, ar)


@_operation(
    "post", "/requests/{public_id}/answer", "request_answer", "Answer a request for information"
)
def request_answer(request, public_id: uuid.UUID, payload: AnswerIn):
    """Answer the program's request for information."""
    ar = viewer_request(request, public_id)
    triage_services.request_information_answer(
        actor=request.user, assistance_request=ar, answer=payload.answer
    )
    return fresh_detail(request, ar)


@_operation("post", "/requests/{public_id}/withdraw", "request_withdraw", "Withdraw a request")
def request_withdraw(request, public_id: uuid.UUID, payload: WithdrawIn):
    """Withdraw a request before the decision; its record is kept."""
    ar = viewer_request(request, public_id)
    triage_services.request_withdraw(
        actor=request.user, assistance_request=ar, reason=payload.reason
    )
    return fresh_detail(request, ar)
