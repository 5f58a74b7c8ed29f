"""The life of an outgoing message: (state, action) → next state.

queued  --claim-->    sending   a worker takes it (the row is locked; one worker wins)
sending --deliver-->  sent      the mail server accepted it
sending --defer-->    queued    the attempt failed; the next one waits (backoff)
sending --give_up-->  failed    the last allowed attempt failed
sending --release-->  queued    its worker died mid-send (found by the sweep)
failed  --retry-->    queued    program staff ask for a new round of attempts
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.core.workflow import StateMachine, Transition

from .models import MessageState as S
from .models import OutboundMessage


def _is_due(message: Any) -> str | None:
    if message.next_attempt_at and message.next_attempt_at > timezone.now():
        return _("This message is waiting for its next attempt.")
    return None


def _staff(user: Any, message: Any) -> bool:
    from .permissions import can_retry_message

    return can_retry_message(user, message)


MESSAGE_MACHINE = StateMachine(
    name="outbound_message",
    model=OutboundMessage,
    field="status",
    transitions=[
        Transition(S.QUEUED, "claim", S.SENDING, guard=_is_due, verb="message_sending"),
        Transition(S.SENDING, "deliver", S.SENT, verb="message_sent"),
        Transition(S.SENDING, "defer", S.QUEUED, verb="message_attempt_failed"),
        Transition(S.SENDING, "give_up", S.FAILED, verb="message_failed"),
        Transition(S.SENDING, "release", S.QUEUED, verb="message_released"),
        Transition(S.FAILED, "retry", S.QUEUED, permission=_staff, verb="message_retried"),
    ],
)
