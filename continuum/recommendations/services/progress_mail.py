"""Emails of implementation progress and validation, through the outbox (issue 10 §3).

- A report waits: the validators on the team (lead expert and experts) are told.
- A report is accepted or returned: the person who submitted it and the agency's contacts
  (`agency_recipients`) are told, with the validator's comments.

Each is queued inside the transaction of the change that causes it, and only to verified
addresses (`address_is_verified`). The texts are message templates seeded by
`migrations/0004_progress_message_templates.py` (program staff can edit them).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from continuum.accounts.selectors import address_is_verified
from continuum.activity.outbox.services import message_enqueue
from continuum.engagements.choices import EXPERT_ROLES
from continuum.engagements.services.delivery_mail import agency_recipients, site_url

from ..models import ImplementationReport

TEXT_MAX = 600


def _unique_verified(addresses: list[str]) -> list[str]:
    found: list[str] = []
    for address in addresses:
        if (
            address
            and address.lower() not in {f.lower() for f in found}
            and address_is_verified(address)
        ):
            found.append(address)
    return found


def _context(report: ImplementationReport) -> dict[str, Any]:
    engagement = report.engagement
    recommendation = report.recommendation
    text = recommendation.text
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1].rstrip() + "…"
    return {
        "agency_name": engagement.agency_label,
        "program_name": engagement.program.name,
        "recommendation": recommendation.label,
        "recommendation_text": text,
        "status": report.proposed_value.label,
        "scale": report.scale.name,
        "submitted_by": str(report.submitted_by),
        "decided_by": str(report.decided_by) if report.decided_by_id else "",
        "comment": report.verdict_comment,
        "report_url": site_url(
            reverse(
                "recommendations:progress_report",
                kwargs={"public_id": engagement.public_id, "report_id": report.public_id},
            )
        ),
    }


def validator_recipients(report: ImplementationReport) -> list[str]:
    """The verified addresses of the experts on the team (never the submitter)."""
    addresses = (
        report.engagement.team.filter(role__in=EXPERT_ROLES, left_at__isnull=True)
        .exclude(user_id=report.submitted_by_id)
        .values_list("user__email", flat=True)
    )
    return _unique_verified(list(addresses))


def progress_reported_notify(report: ImplementationReport) -> None:
    message_enqueue(
        template="recommendations.progress_reported",
        to=validator_recipients(report),
        context=_context(report),
        target=report.engagement,
    )


def progress_decided_notify(report: ImplementationReport) -> None:
    """Accepted or returned: to the submitter and the agency's contacts (not the validator)."""
    template = (
        "recommendations.progress_accepted"
        if report.state == "accepted"
        else "recommendations.progress_returned"
    )
    decided_by = report.decided_by.email if report.decided_by_id else ""
    candidates = [report.submitted_by.email, *agency_recipients(report.engagement)]
    to = [a for a in _unique_verified(candidates) if a.lower() != decided_by.lower()]
    message_enqueue(template=template, to=to, context=_context(report), target=report.engagement)
