"""The request workflow: draft → submitted → in review ⇄ needs information → a decision.

Status changes only through `REQUEST_MACHINE.apply` (called by the services in
`continuum.intake.services`), which locks the row, checks the permission and the guard together,
and writes the event. Withdrawal is open to the agency side at any time before a decision.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from continuum.core.workflow import StateMachine, Transition

from .choices import RequestStatus as S
from .models import AssistanceRequest
from .policy import REQUESTS


def _ready_to_submit(ar) -> str | None:
    if ar.agency_id is None and not ar.unlisted_agency_name.strip():
        return "Choose your agency, or tell us about it if it is not listed, before you submit."
    if not (ar.attests_voluntary and ar.attests_chief_supports):
        return (
            "Confirm that your agency asks voluntarily and that your chief executive supports "
            "the request before you submit."
        )
    return None


def _not_decided(ar) -> str | None:
    if ar.decided_at is not None:
        return "A decision has already been made on this request."
    return None


def _can_still_withdraw(ar) -> str | None:
    if ar.decided_at is not None:
        return "This request has already been decided, so it can no longer be withdrawn."
    return None


_DECIDABLE = (S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFORMATION)

_transitions = [
    Transition(
        S.DRAFT,
        "submit",
        S.SUBMITTED,
        permission=REQUESTS.predicate("submit"),
        guard=_ready_to_submit,
        label=_("Submit request"),
        verb="submitted",
    ),
    Transition(
        S.SUBMITTED,
        "start_review",
        S.IN_REVIEW,
        permission=REQUESTS.predicate("review"),
        label=_("Start review"),
        verb="review_started",
    ),
    *(
        Transition(
            source,
            "ask_information",
            S.NEEDS_INFORMATION,
            permission=REQUESTS.predicate("review"),
            label=_("Ask the agency for information"),
            verb="information_requested",
        )
        for source in (S.SUBMITTED, S.IN_REVIEW)
    ),
    Transition(
        S.NEEDS_INFORMATION,
        "answer_information",
        S.IN_REVIEW,
        permission=REQUESTS.predicate("answer_information"),
        label=_("Send your answer"),
        verb="information_provided",
    ),
]
for _source in _DECIDABLE:
    _transitions += [
        Transition(
            _source,
            "accept",
            S.ACCEPTED,
            permission=REQUESTS.predicate("decide"),
            guard=_not_decided,
            label=_("Accept"),
            verb="accepted",
        ),
        Transition(
            _source,
            "decline",
            S.DECLINED,
            permission=REQUESTS.predicate("decide"),
            guard=_not_decided,
            label=_("Decline"),
            verb="declined",
        ),
        Transition(
            _source,
            "refer",
            S.REFERRED,
            permission=REQUESTS.predicate("decide"),
            guard=_not_decided,
            label=_("Refer elsewhere"),
            verb="referred",
        ),
        Transition(
            _source,
            "withdraw",
            S.WITHDRAWN,
            permission=REQUESTS.predicate("withdraw"),
            guard=_can_still_withdraw,
            label=_("Withdraw request"),
            verb="withdrawn",
        ),
    ]

REQUEST_MACHINE = StateMachine(
    name="assistance_request",
    model=AssistanceRequest,
    field="status",
    transitions=_transitions,
)

#: Plain words for the events of a request's timeline, by event verb.
EVENT_LABELS: dict[str, str] = {
    "submitted": _("Request submitted"),
    "review_started": _("Review started"),
    "information_requested": _("Program staff asked for more information"),
    "information_provided": _("The agency answered the request for information"),
    "accepted": _("Request accepted"),
    "declined": _("Request declined"),
    "referred": _("Request referred elsewhere"),
    "withdrawn": _("Request withdrawn by the agency"),
    "message_sent": _("Program staff sent a message"),
    "note_added": _("Internal note"),
    "reviewer_assigned": _("Reviewer assigned"),
    "reviewer_unassigned": _("Reviewer removed"),
    "routing_recommended": _("Routing recommendation recorded"),
    "chief_confirmed": _("The chief executive confirmed the request"),
    "chief_declined": _("The chief executive does not support the request"),
    "chief_email_corrected": _("The chief executive's email address was corrected"),
    "chief_link_resent": _("The chief executive's link was sent again"),
    "chief_link_not_sent": _("The chief executive's link was not sent (too many sends)"),
    "draft_claimed": _("The draft was linked to the requester's account"),
    "agency_message_sent": _("The agency sent a message"),
    "agency_added_to_directory": _("Program staff added the agency to the directory"),
    "created": _("Request started"),
}


def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb.replace("_", " ").capitalize()))
