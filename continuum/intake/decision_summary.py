"""What the agency's page says after a decision: who its contact at the program is, what was
agreed (program and services), and what happens next. Read only, scoped by the viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from . import permissions
from .choices import RequestStatus

DECIDED = (RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.REFERRED)


@dataclass
class DecisionSummary:
    status: str
    decided_at: object
    contact_name: str
    contact_email: str
    program: object | None
    services: list = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def _contact(ar):
    person = ar.reviewer if ar.reviewer_id else ar.decided_by
    inbox = settings.CONTINUUM.get("REPLY_TO_EMAIL", "")
    if person is not None and person.is_active:
        return person.full_name or _("Program staff"), person.email or inbox
    return _("Program staff"), inbox


def _next_steps(ar) -> list[str]:
    if ar.status == RequestStatus.ACCEPTED:
        return [
            _(
                "Your contact will get in touch to plan the work with you: who "
                "takes part, a schedule, and what your agency prepares."
            ),
            _(
                "Nothing is asked of you before then. You can write to your contact here at "
                "any time."
            ),
            _("Your agency can still step back at any time; nothing of its record is lost."),
        ]
    if ar.status == RequestStatus.REFERRED:
        return [
            _(
                "The program your request was referred to will contact you. Your contact here can "
                "tell you who, and answer questions in the meantime."
            ),
            _("You can write to your contact here, or make a new request at any time."),
        ]
    return [
        _(
            "This decision is about this request only. You can ask your contact about it, and make "
            "a new request at any time."
        ),
    ]


def decision_summary_for_viewer(*, viewer, ar) -> DecisionSummary | None:
    """The summary of the decision on `ar`, or None while there is none. Http404 when the viewer
    may not see the request."""
    if not permissions.can_view_request(viewer, ar):
        raise Http404("No such request.")
    if ar.status not in DECIDED:
        return None
    engagement = getattr(ar, "engagement", None) if ar.status == RequestStatus.ACCEPTED else None
    if engagement is not None:
        program = engagement.program
        services = list(engagement.services.order_by("name"))
    else:
        program = ar.decided_program if ar.status == RequestStatus.ACCEPTED else None
        services = list(ar.services.order_by("name")) if program is not None else []
    name, email = _contact(ar)
    return DecisionSummary(
        status=ar.status,
        decided_at=ar.decided_at,
        contact_name=name,
        contact_email=email,
        program=program,
        services=services,
        next_steps=_next_steps(ar),
    )
