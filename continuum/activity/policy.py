"""Who may see outgoing messages: program staff and administrators only.

An email's text can quote an agency's request, so the outbox is the program's own record; the
people it was sent to have it in their mailbox and see the request itself through its policy.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.core.policy import NOTHING, Policy, is_program_staff, register

from .outbox.models import OutboundMessage


class OutboundMessagePolicy(Policy):
    model = OutboundMessage
    rules = ("retry",)

    def visible_to(self, user: Any) -> Q:
        return Q() if is_program_staff(user) else NOTHING

    def view(self, user: Any, message: OutboundMessage) -> bool:
        return is_program_staff(user)

    def retry(self, user: Any, message: OutboundMessage) -> bool:
        return self.view(user, message)


MESSAGES_OUT = register(OutboundMessagePolicy())
