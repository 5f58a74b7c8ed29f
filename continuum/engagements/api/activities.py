"""Activities in the API: the work the team logged on an engagement, and logging more.

Activities carry hours and costs: only program staff and the working side (its team, its
provider organization's staff) see and log them (`ActivityPolicy`). The agency side, which sees
the engagement, gets 403; anyone who may not see the engagement gets 404.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from ninja import Router
from ninja.responses import Status

from ..selectors import engagement_for_viewer
from ..services.activities import activity_log
from .engagements import operation
from .presenters import activity_of
from .schemas import ActivityIn, ActivityListOut, ActivityOut
from .selectors import activities_of, activity_totals
from .writing import agency_by_ori, renamed, require_work

router = Router(tags=["Engagements"])

FIELD_NAMES = {"peer_agency": "peer_agency_ori"}


@operation(
    router,
    "get",
    "/engagements/{public_id}/activities/",
    "activity_list",
    "List an engagement's activities (program staff and the team)",
    out=ActivityListOut,
)
def activity_list(request, public_id: uuid.UUID):
    """The engagement's activities, newest first, with the total hours and travel cost so far.
    For program staff and the team delivering the assistance (403 for the agency side)."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    activities = activities_of(viewer=request.user, engagement=engagement)
    totals = activity_totals(activities)
    return {
        "total_hours": totals["hours"],
        "total_travel_cost": totals["travel_cost"],
        "items": [activity_of(activity) for activity in activities],
    }


@operation(
    router,
    "post",
    "/engagements/{public_id}/activities/",
    "activity_create",
    "Log an activity (program staff and the team)",
    out=ActivityOut,
    status=201,
)
def activity_create(request, public_id: uuid.UUID, payload: ActivityIn):
    """Log work the team did: kind, date (not in the future), hours, delivery mode, participants,
    travel cost and notes; for a peer exchange, the other agency's ORI. An engagement that has
    ended takes no more activities (422)."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    require_work(request.user, engagement)
    try:
        activity = activity_log(
            actor=request.user,
            engagement=engagement,
            kind=payload.kind.value,
            occurred_on=payload.occurred_on,
            hours=payload.hours,
            delivery_mode=payload.delivery_mode.value,
            participants=payload.participants,
            travel_cost=payload.travel_cost,
            notes=payload.notes,
            peer_agency=agency_by_ori(payload.peer_agency_ori, "peer_agency_ori"),
        )
    except ValidationError as error:
        raise renamed(error, FIELD_NAMES) from error
    activity = activities_of(viewer=request.user, engagement=engagement).get(pk=activity.pk)
    return Status(201, activity_of(activity))
