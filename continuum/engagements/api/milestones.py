"""Milestones in the API: an engagement's workplan, adding a step, marking one done.

Whoever sees the engagement sees its workplan; program staff and the working side keep it
(403 for the agency side); an engagement or milestone the caller may not see answers 404.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Path, Router
from ninja.responses import Status

from continuum.api.fields import DatabaseId

from ..selectors import engagement_for_viewer
from ..services.workplan import milestone_add, milestone_complete
from .engagements import operation
from .presenters import milestone_of
from .schemas import MilestoneCompleteIn, MilestoneIn, MilestoneListOut, MilestoneOut
from .selectors import milestone_of as find_milestone
from .selectors import milestones_of
from .writing import renamed, require_work, team_member_user

router = Router(tags=["Engagements"])

FIELD_NAMES = {"owner": "owner_id"}


@operation(
    router,
    "get",
    "/engagements/{public_id}/milestones/",
    "milestone_list",
    "List an engagement's milestones",
    out=MilestoneListOut,
)
def milestone_list(request, public_id: uuid.UUID):
    """The engagement's workplan in order of due date, each milestone with its owner and whether
    it is overdue (due before today and not done)."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    today = timezone.localdate()
    return {
        "items": [
            milestone_of(m, today)
            for m in milestones_of(viewer=request.user, engagement=engagement)
        ]
    }


@operation(
    router,
    "post",
    "/engagements/{public_id}/milestones/",
    "milestone_create",
    "Add a milestone (program staff and the team)",
    out=MilestoneOut,
    status=201,
)
def milestone_create(request, public_id: uuid.UUID, payload: MilestoneIn):
    """Add a step to the workplan: a title, a due date and, if you like, an owner from the
    engagement's team and a description. An engagement that has ended takes no more (422)."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    require_work(request.user, engagement)
    try:
        milestone = milestone_add(
            actor=request.user,
            engagement=engagement,
            title=payload.title,
            due_on=payload.due_on,
            owner=team_member_user(engagement, payload.owner_id, "owner_id"),
            description=payload.description,
        )
    except ValidationError as error:
        raise renamed(error, FIELD_NAMES) from error
    found = find_milestone(viewer=request.user, engagement=engagement, milestone_id=milestone.pk)
    return Status(201, milestone_of(found))


@operation(
    router,
    "post",
    "/engagements/{public_id}/milestones/{milestone_id}/complete/",
    "milestone_complete",
    "Mark a milestone done (program staff and the team)",
    out=MilestoneOut,
)
def milestone_complete_endpoint(
    request,
    public_id: uuid.UUID,
    milestone_id: Path[DatabaseId],
    payload: MilestoneCompleteIn | None = None,
):
    """Mark a milestone of the engagement done, on `completed_on` (today if left out; never in
    the future). A milestone already done answers 422."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    milestone = find_milestone(
        viewer=request.user, engagement=engagement, milestone_id=milestone_id
    )
    require_work(request.user, engagement)
    completed_on = (payload.completed_on if payload else None) or timezone.localdate()
    milestone_complete(actor=request.user, milestone=milestone, completed_on=completed_on)
    found = find_milestone(viewer=request.user, engagement=engagement, milestone_id=milestone.pk)
    return milestone_of(found)
