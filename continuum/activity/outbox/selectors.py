"""Reads of the outbox, always scoped by the viewer (program staff see every message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..policy import MESSAGES_OUT
from .models import MessageState, OutboundMessage

PAGE_SIZE = 50

#: The states whose numbers the list shows (the ones that may need someone's attention).
COUNTED_STATES = (MessageState.QUEUED, MessageState.SENDING, MessageState.FAILED)


def messages_visible_to(viewer: Any) -> QuerySet[OutboundMessage]:
    return MESSAGES_OUT.queryset(viewer)


def message_for_viewer(viewer: Any, pk: int) -> OutboundMessage:
    """One message, or 404 for a viewer who may not see it (or a message that does not exist)."""
    message = messages_visible_to(viewer).select_related("target_type").filter(pk=pk).first()
    if message is None:
        raise Http404("No such message.")
    return message


@dataclass(frozen=True)
class MessagePage:
    rows: list[OutboundMessage]
    #: Cursors for the older and newer pages (message ids), None where there is none.
    older: int | None
    newer: int | None


def message_page(
    viewer: Any,
    *,
    state: str = "",
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> MessagePage:
    """A page of messages, newest first, paged by id (keyset): its cost does not grow with the
    table. `before` gives the page of messages older than that id, `after` the newer ones."""
    messages = messages_visible_to(viewer).defer("body")
    if state:
        messages = messages.filter(status=state)
    if after is not None:
        rows = list(messages.filter(pk__gt=after).order_by("pk")[: size + 1])
        has_newer = len(rows) > size
        rows = rows[:size][::-1]
        has_older = bool(rows) and messages.filter(pk__lt=rows[-1].pk).exists()
    else:
        older_than = messages.filter(pk__lt=before) if before is not None else messages
        rows = list(older_than.order_by("-pk")[: size + 1])
        has_older = len(rows) > size
        rows = rows[:size]
        has_newer = bool(before and rows) and messages.filter(pk__gt=rows[0].pk).exists()
    return MessagePage(
        rows=rows,
        older=rows[-1].pk if rows and has_older else None,
        newer=rows[0].pk if rows and has_newer else None,
    )


def message_counts(viewer: Any) -> dict[str, int]:
    """How many messages are queued, being sent and failed (one query, on the state index)."""
    messages = messages_visible_to(viewer).filter(status__in=COUNTED_STATES)
    totals = messages.aggregate(
        **{state.value: Count("pk", filter=Q(status=state)) for state in COUNTED_STATES}
    )
    return {state.value: totals[state.value] or 0 for state in COUNTED_STATES}
