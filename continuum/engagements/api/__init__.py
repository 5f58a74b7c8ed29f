"""The engagements API, mounted under /api/v1/ (see `continuum.api.api`):

- `engagements`: the list of engagements the caller may see and one engagement;
- `activities`: the work the team logged (program staff and the working side only);
- `milestones`: the workplan, adding a step and marking one done;
- `schemas`: what comes in and goes out; `presenters`: rows to answers; `selectors`: the
  caller-scoped reads.

An engagement the caller may not see answers 404; an action the caller may not take on one they
see answers 403; bad input answers 422 with one message per field (`loc` names the field).
Writes go through the same services as the pages (`continuum.engagements.services`).
"""

from ninja import Router

from .activities import router as activities_router
from .engagements import router as engagements_router
from .milestones import router as milestones_router

router = Router()
router.add_router("", engagements_router)
router.add_router("", activities_router)
router.add_router("", milestones_router)

__all__ = ["router"]
