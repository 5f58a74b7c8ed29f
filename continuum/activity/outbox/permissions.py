"""Who may see and act on outgoing messages: program staff and administrators only."""

from __future__ import annotations

from typing import Any


def can_view_messages(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (getattr(user, "is_program_staff", False) or user.is_superuser)
    )


def can_retry_message(user: Any, message: Any) -> bool:
    return can_view_messages(user)
