"""What documents can be attached to in intake: a request (from its agency or staff page) and a
message (an answer to a request for information, a staff message). Discovered by
`continuum.documents` at start-up (see `continuum.documents.targets`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse

from continuum.core.policy import Audience, is_program_staff
from continuum.documents.choices import AGENCY_AND_STAFF, STAFF_ONLY
from continuum.documents.targets import AttachmentTarget, register_target

from .choices import OPEN_STATUSES, RequestStatus
from .models import AssistanceRequest, RequestMessage
from .policy import REQUESTS, is_agency_side
from .selectors import request_for_viewer

#: What the agency side (requester, verified members) holds on a request it may see.
AGENCY_SIDE = Audience.AGENCY | Audience.PUBLIC


def can_attach_to_request(user: Any, ar: AssistanceRequest) -> bool:
    """Program staff on any submitted request; the agency side while the request is open."""
    if ar.status == RequestStatus.DRAFT or not REQUESTS.view(user, ar):
        return False
    if is_program_staff(user):
        return True
    return ar.status in OPEN_STATUSES and is_agency_side(user, ar)


def request_page_url(user: Any, ar: AssistanceRequest) -> str:
    name = "intake:triage_detail" if is_program_staff(user) else "intake:request_detail"
    return reverse(name, kwargs={"public_id": ar.public_id})


def _request_visibilities(user: Any, ar: AssistanceRequest) -> list[Audience]:
    if is_program_staff(user):
        return [AGENCY_AND_STAFF, STAFF_ONLY]
    return [AGENCY_AND_STAFF]


register_target(
    AttachmentTarget(
        model=AssistanceRequest,
        slug="request",
        lookup=lambda user, key: request_for_viewer(viewer=user, public_id=key),
        can_attach=can_attach_to_request,
        visibilities=_request_visibilities,
        page_url=request_page_url,
        others=AGENCY_SIDE,
        gather=lambda ar: [ar, *ar.messages.all()],
    )
)


def _no_lookup(user: Any, key: str) -> RequestMessage:
    # A message's files are attached when it is written (its form has the file field).
    raise Http404("Attach files to a message when you write it.")


def can_attach_to_message(user: Any, message: RequestMessage) -> bool:
    """The message's author, or program staff (a new version of a file the agency sent), while
    they may attach to its request."""
    if not can_attach_to_request(user, message.assistance_request):
        return False
    return is_program_staff(user) or message.author_id == user.pk


register_target(
    AttachmentTarget(
        model=RequestMessage,
        slug="message",
        lookup=_no_lookup,
        can_attach=can_attach_to_message,
        visibilities=lambda user, message: [AGENCY_AND_STAFF],
        page_url=lambda user, message: request_page_url(user, message.assistance_request),
        others=AGENCY_SIDE,
    )
)
