"""Emails about an engagement's delivery, to the agency side, through the outbox.

Each function queues its email (`message_enqueue`) inside the transaction of the change that
causes it, so nothing is sent for a change rolled back and a failing mail server never fails a
page. Only verified addresses receive them (`address_is_verified`): the requester, the agency's
point of contact named in the agreement and the agency point of contact on the team. The texts
are message templates seeded by `migrations/0006_delivery_message_templates.py`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from continuum.accounts.selectors import address_is_verified
from continuum.activity.outbox.services import message_enqueue

from ..choices import TeamRole
from ..models import Deliverable, Engagement

STATUS_TEMPLATES = {
    "withdrawn": "engagements.withdrawn",
    "terminated": "engagements.terminated",
    "closed": "engagements.closed",
}


def site_url(path: str = "/") -> str:
    return settings.CONTINUUM["SITE_URL"].rstrip("/") + path


def agency_recipients(engagement: Engagement) -> list[str]:
    """The agency side's verified addresses for this engagement, each once."""
    ar = engagement.assistance_request
    candidates = [ar.requester_email or (ar.requester.email if ar.requester_id else "")]
    agreement = getattr(engagement, "agreement", None)
    if agreement is not None and agreement.point_of_contact_id:
        candidates.append(agreement.point_of_contact.email)
    candidates += list(
        engagement.team.filter(role=TeamRole.AGENCY_CONTACT, left_at__isnull=True).values_list(
            "user__email", flat=True
        )
    )
    recipients: list[str] = []
    for address in candidates:
        if (
            address
            and address.lower() not in {r.lower() for r in recipients}
            and address_is_verified(address)
        ):
            recipients.append(address)
    return recipients


def _context(engagement: Engagement) -> dict[str, Any]:
    ar = engagement.assistance_request
    return {
        "requester_name": ar.requester_name,
        "agency_name": engagement.agency_label,
        "program_name": engagement.program.name,
        "tracking_number": ar.tracking_number,
        "engagement_url": site_url(engagement.get_absolute_url()),
    }


def engagement_status_notify(engagement: Engagement) -> None:
    """Tell the agency side the engagement ended (closed, withdrawn or terminated)."""
    template = STATUS_TEMPLATES.get(engagement.status)
    if template is None:
        return
    message_enqueue(
        template=template,
        to=agency_recipients(engagement),
        context={**_context(engagement), "end_reason": engagement.end_reason},
        target=engagement,
    )


def deliverable_fact_check_notify(deliverable: Deliverable, note: str = "") -> None:
    """Ask the agency side to check the facts of a deliverable."""
    engagement = deliverable.engagement
    message_enqueue(
        template="engagements.deliverable_fact_check",
        to=agency_recipients(engagement),
        context={
            **_context(engagement),
            "deliverable_title": deliverable.title,
            "note": note,
        },
        target=deliverable,
    )


def evaluation_invite(engagement: Engagement, *, to: str, token: str) -> None:
    """Send the agency its evaluation link (the token is in the link only)."""
    message_enqueue(
        template="engagements.evaluation_invite",
        to=[to],
        context={
            **_context(engagement),
            "evaluation_url": site_url(
                reverse("engagements:evaluation_answer", kwargs={"token": token})
            ),
        },
        target=engagement,
    )
