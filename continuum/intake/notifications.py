"""Emails about a request, in plain words, each naming the request's tracking number.

Each function queues its email in the notification outbox (`message_enqueue`), inside the
transaction of the change that causes it: nothing is sent for a change that is rolled back, and
a worker delivers the message after the commit, with retries, so a failing mail server never
fails the page. The texts are message templates (administrators edit them; the keys are
below) seeded from the wording these functions had. The agency (the requester; on decisions
the chief executive too) is emailed on submission, on every decision, on information requests
and on staff messages. Program staff on call are alerted of every critical-incident request
(`on_call_alert_send`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from continuum.accounts.selectors import address_is_verified
from continuum.activity.outbox.services import message_enqueue

logger = logging.getLogger(__name__)

#: The agency's page for one request.
_REQUEST_PAGE_URL_NAMES = ("intake:request_detail",)

#: The message template of each decision, by the request's status after it.
DECISION_TEMPLATES = {
    "accepted": "intake.decision_accepted",
    "declined": "intake.decision_declined",
    "referred": "intake.decision_referred",
}


def _site_url(path: str = "/") -> str:
    return settings.CONTINUUM["SITE_URL"].rstrip("/") + path


def request_page_url(ar) -> str:
    """The agency's page for this request (absolute), or the site's home when not wired yet."""
    for name in _REQUEST_PAGE_URL_NAMES:
        try:
            return _site_url(reverse(name, kwargs={"public_id": ar.public_id}))
        except NoReverseMatch:
            continue
    return _site_url("/")


def _agency_recipients(ar, *, with_chief: bool = False) -> list[str]:
    """The agency's addresses for an official email: the requester (and on decisions the chief
    executive), each only once it is verified (`address_is_verified`): nothing official goes to
    an address somebody merely typed. The links that verify an address are sent elsewhere."""
    candidates = [ar.requester_email or (ar.requester.email if ar.requester_id else "")]
    if with_chief:
        candidates.append(ar.chief_email)
    recipients: list[str] = []
    for address in candidates:
        if (
            address
            and address.lower() not in {r.lower() for r in recipients}
            and address_is_verified(address)
        ):
            recipients.append(address)
    return recipients


def _request_context(ar) -> dict[str, Any]:
    return {
        "requester_name": ar.requester_name,
        "agency_name": ar.agency_display_name,
        "tracking_number": ar.tracking_number,
        "request_url": request_page_url(ar),
    }


def submission_confirmation_send(ar) -> None:
    message_enqueue(
        template="intake.submission_confirmation",
        to=_agency_recipients(ar),
        context={
            **_request_context(ar),
            "response_days": _target(ar),
            "chief_name": ar.chief_name,
        },
        target=ar,
    )


def chief_confirmation_send(ar) -> None:
    from .services.chief import chief_confirm_url

    try:
        link = chief_confirm_url(ar)
    except NoReverseMatch:
        logger.warning("The chief executive's confirmation URL is not wired; sending the site.")
        link = _site_url("/")
    message_enqueue(
        template="intake.chief_confirmation",
        to=[ar.chief_email],
        context={
            "chief_name": ar.chief_name,
            "requester_name": ar.requester_name,
            "requester_title": ar.requester_title,
            "agency_name": ar.agency_display_name,
            "tracking_number": ar.tracking_number,
            "confirm_url": link,
        },
        target=ar,
    )


def decision_send(ar) -> None:
    """Tell the agency the program's decision (accepted, declined or referred)."""
    status = ar.status
    context = {**_request_context(ar), "decision_note": ar.decision_note}
    if status == "accepted":
        context["program_name"] = ar.decided_program.name if ar.decided_program_id else "a program"
        context["services"] = ", ".join(s.name.lower() for s in _engagement_services(ar))
    elif status == "declined":
        context["decline_reason"] = ar.get_decline_reason_display()
    else:
        status = "referred"
        context["referral_target"] = ar.get_referral_target_display().lower()
    message_enqueue(
        template=DECISION_TEMPLATES[status],
        to=_agency_recipients(ar, with_chief=True),
        context=context,
        target=ar,
    )


def _engagement_services(ar) -> list:
    engagement = getattr(ar, "engagement", None)
    return list(engagement.services.all()) if engagement is not None else []


def information_request_send(ar, question: str) -> None:
    message_enqueue(
        template="intake.information_request",
        to=_agency_recipients(ar),
        context={**_request_context(ar), "question": question},
        target=ar,
    )


def staff_message_send(ar, body_text: str) -> None:
    message_enqueue(
        template="intake.staff_message",
        to=_agency_recipients(ar),
        context={**_request_context(ar), "message": body_text},
        target=ar,
    )


def withdrawal_confirmation_send(ar) -> None:
    message_enqueue(
        template="intake.withdrawal_confirmation",
        to=_agency_recipients(ar),
        context=_request_context(ar),
        target=ar,
    )


def information_answered_notify(ar) -> None:
    """Tell the assigned reviewer that the agency answered."""
    if not ar.reviewer_id:
        return
    message_enqueue(
        template="intake.information_answered",
        to=[ar.reviewer.email],
        context={
            "reviewer_name": ar.reviewer.full_name,
            "agency_name": ar.agency_display_name,
            "tracking_number": ar.tracking_number,
        },
        target=ar,
    )


def assignment_notify(reviewer, requests: list) -> None:
    """Tell a reviewer which requests were assigned to them."""
    if reviewer is None or not requests:
        return
    message_enqueue(
        template="intake.assignment",
        to=[reviewer.email],
        context={
            "reviewer_name": reviewer.full_name,
            "count": len(requests),
            "requests": [
                {"tracking_number": ar.tracking_number, "agency_name": ar.agency_display_name}
                for ar in requests
            ],
        },
        target=requests[0] if len(requests) == 1 else reviewer,
    )


def on_call_alert_send(ar) -> int:
    """Alert the program staff on call today of an urgent (critical-incident) request.

    One email each, named. With nobody on call (an empty rota), every active program staff
    member is alerted instead, so an urgent request never waits unseen. Returns how many emails
    were queued.
    """
    from .selectors import on_call_staff
    from .sla import CRITICAL_INCIDENT, response_targets

    staff = list(on_call_staff(day=timezone.localdate()))
    if not staff:
        logger.warning("Nobody is on call today: alerting every active program staff member.")
        staff = list(
            get_user_model()
            .objects.filter(is_active=True, is_program_staff=True)
            .order_by("full_name", "email")
        )
    recipients = [(person.full_name, person.email) for person in staff if person.email]
    try:
        triage_url = _site_url(reverse("intake:triage_detail", kwargs={"public_id": ar.public_id}))
    except NoReverseMatch:
        triage_url = _site_url("/")
    context = {
        "agency_name": ar.agency_display_name,
        "tracking_number": ar.tracking_number,
        "incident_kind": ar.get_incident_kind_display() if ar.incident_kind else "",
        "incident_date": date_format(ar.incident_date, "F j, Y") if ar.incident_date else "",
        "wants_consultation": bool(ar.wants_immediate_consultation),
        "response_days": response_targets()[CRITICAL_INCIDENT],
        "triage_url": triage_url,
    }
    queued = 0
    for name, email in recipients:
        message = message_enqueue(
            template="intake.on_call_alert",
            to=[email],
            context={**context, "staff_name": name},
            target=ar,
        )
        queued += message is not None
    return queued


def _target(ar=None) -> int:
    """The one response-time promise (`continuum.intake.promise`), as the emails state it."""
    from .promise import response_days

    return response_days(ar)
