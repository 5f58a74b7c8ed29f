"""The agency starts a message to program staff: one thread per request, seen by both sides.

Staff write through `triage.request_message_send`; the agency writes here (and answers a request
for information through `triage.request_information_answer`). Every message is a
`RequestMessage` on the request, with an event, and an email through the outbox: to the
assigned reviewer, or, when nobody is assigned yet, to the program's inbox
(`CONTINUUM["REPLY_TO_EMAIL"]`), in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record

from .. import permissions
from ..choices import MessageKind
from ..models import AssistanceRequest, RequestMessage
from .triage import MESSAGE_MAX, _forbid_unless, _text

AGENCY_MESSAGE_TEMPLATE = "intake.agency_message"


def _staff_recipients(row: AssistanceRequest) -> list[str]:
    if row.reviewer_id and row.reviewer.is_active and row.reviewer.email:
        return [row.reviewer.email]
    inbox = settings.CONTINUUM.get("REPLY_TO_EMAIL", "")
    return [inbox] if inbox else []


def request_message_from_agency(
    *, actor: Any, assistance_request: AssistanceRequest, body: str
) -> RequestMessage:
    """The requester or a verified member of the agency writes to program staff."""
    _forbid_unless(permissions.can_write_to_program(actor, assistance_request))
    text = _text(body, field="body", label="your message", max_length=MESSAGE_MAX)
    with transaction.atomic():
        row = (
            AssistanceRequest.objects.select_for_update(of=("self",))
            .select_related("reviewer")
            .get(pk=assistance_request.pk)
        )
        message = RequestMessage(
            assistance_request=row,
            author=actor,
            from_staff=False,
            kind=MessageKind.MESSAGE,
            body=text,
        )
        message.full_clean()
        message.save()
        event_record(
            actor=actor, verb="agency_message_sent", target=row, data={"message": message.pk}
        )
        message_enqueue(
            template=AGENCY_MESSAGE_TEMPLATE,
            to=_staff_recipients(row),
            context={
                "reviewer_name": row.reviewer.full_name if row.reviewer_id else "",
                "author_name": actor.full_name or actor.email,
                "agency_name": row.agency_display_name,
                "tracking_number": row.tracking_number,
                "message": text,
                "staff_url": settings.CONTINUUM["SITE_URL"].rstrip("/")
                + reverse("intake:triage_detail", kwargs={"public_id": row.public_id}),
            },
            target=row,
        )
    return message
