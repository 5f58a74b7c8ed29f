"""Engagements in the API: the list of those the caller may see, and one engagement.

Every read starts from the engagements policy (`continuum.engagements.policy`): an engagement
the caller may not see answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from ninja import Query, Router
from ninja.errors import ValidationError as InputError

from continuum.api.errors import validation_error_details

from .presenters import detail, summary
from .schemas import ERRORS, EngagementListParams, EngagementOut, EngagementPageOut
from .selectors import engagement_detail, engagement_list_page

router = Router(tags=["Engagements"])


def operation(router: Router, method: str, path: str, name: str, summary: str, *, out, status=200):
    """An operation whose operationId and URL name are both `name` (the access map's key)."""
    return getattr(router, method)(
        path,
        response={status: out, **ERRORS},
        operation_id=name,
        url_name=name,
        summary=summary,
    )


@operation(
    router,
    "get",
    "/engagements/",
    "engagement_list",
    "List the engagements you may see",
    out=EngagementPageOut,
)
def engagement_list(request, params: Query[EngagementListParams]):
    """The engagements you may see, newest first, a page at a time (send `next` back as
    `after`): every engagement for program staff; your organization's for provider staff; the
    ones you are on for experts; your agency's for its members. Filter by `status` and
    `program` (a program's slug)."""
    try:
        page = engagement_list_page(
            viewer=request.user,
            status=params.status,
            program=params.program,
            after=params.after,
            limit=params.limit,
        )
    except ValidationError as error:
        cursor_error = ValidationError({"after": error.messages})
        raise InputError(validation_error_details(cursor_error, where="query")) from error
    return {"next": page.next_cursor, "items": [summary(e) for e in page.rows]}


@operation(
    router,
    "get",
    "/engagements/{public_id}/",
    "engagement_read",
    "Read one engagement",
    out=EngagementOut,
)
def engagement_read(request, public_id: uuid.UUID):
    """One engagement you may see (404 otherwise): its program, services and topics, agency,
    provider organization, dates, status and the people on its team now."""
    return detail(engagement_detail(viewer=request.user, public_id=public_id))
