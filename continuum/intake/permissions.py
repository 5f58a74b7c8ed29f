"""Who may do what to one assistance request (rights are decided per object, never by role alone).

Visibility: program staff and administrators see every submitted request; the requester sees
their own; an agency member sees every non-draft request of their agency; a draft is seen only
by the person who created it; nobody else sees anything (views answer 404).

"The agency side" of a request is its requester and the members of its agency. Decisions,
reviews, internal notes and messages to the agency belong to program staff and administrators.
"""

from __future__ import annotations

from continuum.accounts.roles import agency_membership_of

from .choices import OPEN_STATUSES, RequestStatus


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_program_staff(user) -> bool:
    """Program staff or administrator, with an active account."""
    return _active(user) and bool(user.is_program_staff or user.is_superuser)


def is_requester(user, ar) -> bool:
    return _active(user) and ar.requester_id is not None and ar.requester_id == user.pk


def is_agency_member_of(user, ar) -> bool:
    """The user acts for the agency the request belongs to (a directory agency only)."""
    if not _active(user) or ar.agency_id is None:
        return False
    membership = agency_membership_of(user)
    return membership is not None and membership.agency_id == ar.agency_id


def is_agency_side(user, ar) -> bool:
    return is_requester(user, ar) or is_agency_member_of(user, ar)


def can_triage(user) -> bool:
    """Work the triage queue: program staff and administrators."""
    return is_program_staff(user)


def can_view_request(user, ar) -> bool:
    if not _active(user):
        return False
    if ar.status == RequestStatus.DRAFT:
        return is_requester(user, ar)
    return is_program_staff(user) or is_agency_side(user, ar)


def can_edit_draft(user, ar) -> bool:
    """Change a draft's answers.

    A draft owned by an account is edited only by that account. A draft started without an
    account belongs to the browser session that created it: the caller checks the session
    first; this returns True for such a draft only while no account owns it.
    """
    if ar.status != RequestStatus.DRAFT:
        return False
    if ar.requester_id is None:
        return True
    return is_requester(user, ar)


def can_submit_request(user, ar) -> bool:
    """Submit a draft: the same people who may edit it."""
    return can_edit_draft(user, ar)


def can_withdraw_request(user, ar) -> bool:
    """The agency side may withdraw at any time before a decision."""
    return ar.status in OPEN_STATUSES and can_view_request(user, ar) and is_agency_side(user, ar)


def can_answer_information(user, ar) -> bool:
    return (
        ar.status == RequestStatus.NEEDS_INFORMATION
        and can_view_request(user, ar)
        and is_agency_side(user, ar)
    )


def can_review_request(user, ar) -> bool:
    """Start the review or ask the agency for information: program staff on a submitted request."""
    return is_program_staff(user) and ar.status != RequestStatus.DRAFT


def can_decide_request(user, ar) -> bool:
    """Accept, decline or refer: program staff and administrators, on a submitted request."""
    return is_program_staff(user) and ar.status != RequestStatus.DRAFT


def can_message_request(user, ar) -> bool:
    """Send the agency a message (staff to agency)."""
    return is_program_staff(user) and ar.status != RequestStatus.DRAFT


def can_note_request(user, ar) -> bool:
    """Add an internal note (never shown to the agency)."""
    return is_program_staff(user) and ar.status != RequestStatus.DRAFT


def can_assign_request(user, ar) -> bool:
    return is_program_staff(user) and ar.status != RequestStatus.DRAFT
