"""Outbox messages can carry text attachments (calendar invitations): stored on the row in the
caller's transaction, attached with their content type's parameters when the worker sends."""

from email import message_from_bytes

import pytest
from django.core import mail

from continuum.activity.outbox.models import MessageState
from continuum.activity.outbox.services import message_deliver, message_enqueue

pytestmark = pytest.mark.django_db

CONTEXT = {
    "requester_name": "Pat Rivera",
    "agency_name": "Riverton Police Department",
    "tracking_number": "CRI-2026-00042",
    "request_url": "https://continuum.example/my-requests/x/",
}
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def _enqueue(attachments):
    return message_enqueue(
        template="intake.withdrawal_confirmation",
        to=["pat.rivera@riverton.gov"],
        context=CONTEXT,
        attachments=attachments,
    )


def test_an_attachment_is_kept_on_the_row_and_sent_with_its_method():
    message = _enqueue(
        [
            {
                "filename": "invitation.ics",
                "content_type": "text/calendar; method=REQUEST",
                "content": ICS,
            }
        ]
    )
    message.refresh_from_db()
    assert message.attachments == [
        {
            "filename": "invitation.ics",
            "content_type": "text/calendar; method=REQUEST",
            "content": ICS,
        }
    ]
    assert message_deliver(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert message.status == MessageState.SENT
    (email,) = mail.outbox
    parsed = message_from_bytes(email.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    assert part.get_content_disposition() == "attachment"
    # MIME serialization chooses the line endings (CRLF on the wire); the lines are the same.
    assert part.get_payload(decode=True).decode().splitlines() == ICS.splitlines()
    # The body is still the plain text of the template.
    assert email.body.startswith("Hello Pat Rivera")


def test_a_message_without_attachments_sends_none():
    message = _enqueue(None)
    assert message.attachments == []
    message_deliver(message_id=message.pk)
    (email,) = mail.outbox
    assert email.attachments == []


@pytest.mark.parametrize(
    "bad",
    [
        {"filename": "../x.ics", "content_type": "text/calendar", "content": ICS},
        {"filename": "", "content_type": "text/calendar", "content": ICS},
        {"filename": "x.exe", "content_type": "application/octet-stream", "content": "MZ"},
        {"filename": "x.ics", "content_type": "text/calendar", "content": b"bytes"},
        {"filename": "x.ics", "content_type": "text/calendar", "content": "x" * 200_001},
    ],
)
def test_an_attachment_the_outbox_cannot_send_is_refused_and_nothing_is_queued(bad):
    from continuum.activity.outbox.models import OutboundMessage

    with pytest.raises(ValueError):
        _enqueue([bad])
    assert not OutboundMessage.objects.exists()


def test_staff_see_the_attachments_of_a_message(client):
    from django.urls import reverse

    from continuum.accounts.tests.factories import ProgramStaffFactory

    message = _enqueue(
        [{"filename": "invitation.ics", "content_type": "text/calendar", "content": ICS}]
    )
    client.force_login(ProgramStaffFactory())
    page = client.get(reverse("activity:outbox_detail", args=[message.pk]))
    assert "invitation.ics (text/calendar)" in page.content.decode()
