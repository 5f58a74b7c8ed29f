"""Who may do what to one assistance request: the rules of `continuum.intake.policy`, by name.

Nothing is decided here: each `can_*` is a rule of the declared policy, so the views, the API,
the services and the state machine's transitions all ask the same question.
"""

from __future__ import annotations

from continuum.core.policy import is_program_staff

from .policy import REQUESTS, is_agency_member_of, is_agency_side, is_requester

__all__ = [
    "can_answer_information",
    "can_assign_request",
    "can_decide_request",
    "can_edit_draft",
    "can_message_request",
    "can_note_request",
    "can_review_request",
    "can_submit_request",
    "can_triage",
    "can_view_request",
    "can_withdraw_request",
    "can_write_to_program",
    "is_agency_member_of",
    "is_agency_side",
    "is_program_staff",
    "is_requester",
]


def can_triage(user) -> bool:
    """Work the triage queue (no one request yet): program staff and administrators."""
    return is_program_staff(user)


can_view_request = REQUESTS.predicate("view")
can_edit_draft = REQUESTS.predicate("edit_draft")
can_submit_request = REQUESTS.predicate("submit")
can_withdraw_request = REQUESTS.predicate("withdraw")
can_answer_information = REQUESTS.predicate("answer_information")
can_review_request = REQUESTS.predicate("review")
can_decide_request = REQUESTS.predicate("decide")
can_message_request = REQUESTS.predicate("message")
can_write_to_program = REQUESTS.predicate("write_to_program")
can_note_request = REQUESTS.predicate("note")
can_assign_request = REQUESTS.predicate("assign")
