"""The intake API, mounted under /api/v1/ (see `continuum.api.api`), split by audience:

- `agency`: drafts, submission, reading, answering and withdrawing (the agency's side);
- `triage`: the queue, decisions, notes and messages (program staff);
- `schemas`: what comes in and goes out; `presenters`: rows to answers; `drafts`: API fields
  to the request form's steps.

A request the caller may not see answers 404; an action the caller may not take on a request
they see answers 403; an action the request's state refuses answers 409; bad input answers 422
with one message per field (`loc` names the field). API tokens are managed on the account's
"API tokens" page (`continuum.api`), not through the API.
"""

from ninja import Router

from .agency import router as agency_router
from .triage import router as triage_router

router = Router()
router.add_router("", agency_router)
router.add_router("", triage_router)

__all__ = ["router"]
