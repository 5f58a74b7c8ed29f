"""Who may see and do what with assistance requests and their messages: declared once here.

Visibility: program staff and administrators see every submitted request; the requester sees
their own (drafts included); a VERIFIED member of the request's agency sees every submitted
request of that agency; nobody else sees anything (views answer 404). Membership comes from
`agency_membership_of`, which only ever returns a membership program staff verified.

"The agency side" of a request is its requester and the verified members of its agency.
Decisions, reviews, internal notes and messages to the agency belong to program staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.accounts.roles import agency_membership_of
from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .choices import OPEN_STATUSES, RequestStatus
from .models import AssistanceRequest, OnCallShift, RequestMessage, SavedQueueView

STAFF_ONLY = Audience.STAFF
STAFF_AND_AGENCY = Audience.STAFF | Audience.AGENCY

#: Sent requests: out of the draft state, with the time they were sent (`request_submit` sets
#: both in one transition).
SENT = Q(submitted_at__isnull=False) & ~Q(status=RequestStatus.DRAFT)


def is_requester(user: Any, ar: AssistanceRequest) -> bool:
    return is_active_user(user) and ar.requester_id is not None and ar.requester_id == user.pk


def is_agency_member_of(user: Any, ar: AssistanceRequest) -> bool:
    """The user is a verified member of the agency the request belongs to (a listed agency)."""
    if not is_active_user(user) or ar.agency_id is None:
        return False
    membership = agency_membership_of(user)
    return membership is not None and membership.agency_id == ar.agency_id


def is_agency_side(user: Any, ar: AssistanceRequest) -> bool:
    return is_requester(user, ar) or is_agency_member_of(user, ar)


def _submitted(ar: AssistanceRequest) -> bool:
    return ar.status != RequestStatus.DRAFT


class AssistanceRequestPolicy(Policy):
    model = AssistanceRequest
    rules = (
        "edit_draft",
        "submit",
        "withdraw",
        "answer_information",
        "write_to_program",
        "review",
        "decide",
        "message",
        "note",
        "assign",
    )
    # A draft started without an account belongs to the browser session that made it: the view
    # checks the session first, and nobody can "view" such a draft through the policy.
    rules_without_view = frozenset({"edit_draft", "submit"})
    default_event_audience = STAFF_AND_AGENCY
    event_audiences = {
        "note_added": STAFF_ONLY,
        "reviewer_assigned": STAFF_ONLY,
        "reviewer_unassigned": STAFF_ONLY,
        "routing_recommended": STAFF_ONLY,
    }

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        own = Q(requester_id=user.pk)
        if is_program_staff(user):
            return own | ~Q(status=RequestStatus.DRAFT)
        membership = agency_membership_of(user)
        if membership is None:
            return own
        # The union of two id lists, not one OR over two columns: each side uses its own index,
        # so an agency's few requests are found without walking the table.
        own_ids = AssistanceRequest.objects.filter(own).order_by().values("pk")
        agency_ids = (
            AssistanceRequest.objects.filter(agency_id=membership.agency_id)
            .exclude(status=RequestStatus.DRAFT)
            .order_by()
            .values("pk")
        )
        return Q(pk__in=own_ids.union(agency_ids))

    def sent_visible_to(self, user: Any) -> Q:
        """`visible_to` on sent requests only (the triage queue and its counts): the same rows
        as `visible_to(user) & SENT`, which a test in `intake/tests/test_permissions.py` holds
        it to for every kind of viewer.

        For program staff it is `SENT` alone: their rule's other half (`requester = me`) only
        adds their own drafts, which are not sent. Written out, the OR needs each row's
        requester, so every bounded count read the table behind the status index (2 to 3 ms a
        count at 10x on SQLite); without it the counts read the index alone."""
        if is_program_staff(user):
            return SENT
        return self.visible_to(user) & SENT

    def view(self, user: Any, ar: AssistanceRequest) -> bool:
        if not is_active_user(user):
            return False
        if not _submitted(ar):
            return is_requester(user, ar)
        return is_program_staff(user) or is_agency_side(user, ar)

    def audience_of(self, user: Any, ar: AssistanceRequest) -> Audience:
        if not self.view(user, ar):
            return Audience.NONE
        if is_program_staff(user):
            return Audience.everyone()
        return Audience.AGENCY | Audience.PUBLIC

    # --- the agency side --------------------------------------------------------------------

    def edit_draft(self, user: Any, ar: AssistanceRequest) -> bool:
        """Change a draft's answers: the account that owns it, or (no account yet) the browser
        session that created it, which the caller checks first."""
        if _submitted(ar):
            return False
        return ar.requester_id is None or is_requester(user, ar)

    def submit(self, user: Any, ar: AssistanceRequest) -> bool:
        return self.edit_draft(user, ar)

    def withdraw(self, user: Any, ar: AssistanceRequest) -> bool:
        """The agency side may withdraw at any time before a decision."""
        return ar.status in OPEN_STATUSES and self.view(user, ar) and is_agency_side(user, ar)

    def answer_information(self, user: Any, ar: AssistanceRequest) -> bool:
        return (
            ar.status == RequestStatus.NEEDS_INFORMATION
            and self.view(user, ar)
            and is_agency_side(user, ar)
        )

    def write_to_program(self, user: Any, ar: AssistanceRequest) -> bool:
        """The agency side starts a message to program staff on a sent request (any status but
        withdrawn: after a decision the conversation goes on with the agency's contact)."""
        return (
            _submitted(ar)
            and ar.status != RequestStatus.WITHDRAWN
            and self.view(user, ar)
            and is_agency_side(user, ar)
        )

    # --- program staff ----------------------------------------------------------------------

    def _staff_on_submitted(self, user: Any, ar: AssistanceRequest) -> bool:
        return is_program_staff(user) and _submitted(ar)

    def review(self, user: Any, ar: AssistanceRequest) -> bool:
        """Start the review or ask the agency for information."""
        return self._staff_on_submitted(user, ar)

    def decide(self, user: Any, ar: AssistanceRequest) -> bool:
        """Accept, decline or refer."""
        return self._staff_on_submitted(user, ar)

    def message(self, user: Any, ar: AssistanceRequest) -> bool:
        """Send the agency a message."""
        return self._staff_on_submitted(user, ar)

    def note(self, user: Any, ar: AssistanceRequest) -> bool:
        """Add an internal note (never shown to the agency)."""
        return self._staff_on_submitted(user, ar)

    def assign(self, user: Any, ar: AssistanceRequest) -> bool:
        return self._staff_on_submitted(user, ar)


REQUESTS = register(AssistanceRequestPolicy())


class RequestMessagePolicy(Policy):
    """A message between staff and the agency is seen by whoever sees its request."""

    model = RequestMessage

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        return Q(assistance_request__in=REQUESTS.queryset(user).order_by().values("pk"))

    def view(self, user: Any, message: RequestMessage) -> bool:
        return REQUESTS.view(user, message.assistance_request)

    def audience_of(self, user: Any, message: RequestMessage) -> Audience:
        """The same as on its request (a message's attachments follow the request's audiences)."""
        return REQUESTS.audience_of(user, message.assistance_request)


MESSAGES = register(RequestMessagePolicy())


class SavedQueueViewPolicy(Policy):
    """A saved view of the queue is its owner's alone (while they are program staff)."""

    model = SavedQueueView
    rules = ("delete",)

    def visible_to(self, user: Any) -> Q:
        return Q(owner_id=user.pk) if is_program_staff(user) else NOTHING

    def view(self, user: Any, saved: SavedQueueView) -> bool:
        return is_program_staff(user) and saved.owner_id == user.pk

    def delete(self, user: Any, saved: SavedQueueView) -> bool:
        return self.view(user, saved)


SAVED_VIEWS = register(SavedQueueViewPolicy())


class OnCallShiftPolicy(Policy):
    """The on-call rota is the program's own: program staff and administrators see it."""

    model = OnCallShift

    def visible_to(self, user: Any) -> Q:
        return Q() if is_program_staff(user) else NOTHING

    def view(self, user: Any, shift: OnCallShift) -> bool:
        return is_program_staff(user)


ON_CALL = register(OnCallShiftPolicy())
