"""Who may see and act on outgoing messages: the rules of `continuum.activity.policy`."""

from __future__ import annotations

from typing import Any

from continuum.core.policy import is_program_staff

from ..policy import MESSAGES_OUT


def can_view_messages(user: Any) -> bool:
    """Open the outbox at all (no one message yet): program staff and administrators."""
    return is_program_staff(user)


can_retry_message = MESSAGES_OUT.predicate("retry")
