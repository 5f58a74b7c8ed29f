"""Emails about a request, in plain words, each naming the request's tracking number.

Every function here schedules its email with `transaction.on_commit`, so nothing is sent for a
change that is rolled back. The agency (the requester; on decisions the chief executive too) is
emailed on submission, on every decision, on information requests and on staff messages.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

SIGN_OFF = (
    "\n\nThe Collaborative Reform Initiative team\n"
    "U.S. Department of Justice, Office of Community Oriented Policing Services (COPS Office)\n"
)

#: The agency's page for one request.
_REQUEST_PAGE_URL_NAMES = ("intake:request_detail",)


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
    recipients = []
    requester_email = ar.requester_email or (ar.requester.email if ar.requester_id else "")
    if requester_email:
        recipients.append(requester_email)
    if (
        with_chief
        and ar.chief_email
        and ar.chief_email.lower() not in {r.lower() for r in recipients}
    ):
        recipients.append(ar.chief_email)
    return recipients


def _send_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    transaction.on_commit(
        lambda: mail.send_mail(
            subject, body + SIGN_OFF, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False
        )
    )


def _greeting(name: str) -> str:
    return f"Hello {name},\n\n" if name else "Hello,\n\n"


def submission_confirmation_send(ar) -> None:
    body = (
        _greeting(ar.requester_name)
        + f"We received your request for technical assistance for {ar.agency_display_name}.\n\n"
        f"Your tracking number is {ar.tracking_number}. Please use it whenever you contact us.\n\n"
        "What happens next: program staff will read your request and answer within "
        f"{_target()} business days. We may ask you for more information. We have also emailed "
        f"{ar.chief_name or 'your chief executive'} a link to confirm that they support the "
        "request.\n\n"
        f"Follow your request here: {request_page_url(ar)}\n\n"
        "You can withdraw the request at any time before we decide on it."
    )
    _send_on_commit(f"We received your request {ar.tracking_number}", body, _agency_recipients(ar))


def chief_confirmation_send(ar) -> None:
    from .services.drafts import chief_confirm_url

    try:
        link = chief_confirm_url(ar)
    except NoReverseMatch:
        logger.warning("The chief executive's confirmation URL is not wired; sending the site.")
        link = _site_url("/")
    body = (
        _greeting(ar.chief_name) + f"{ar.requester_name or 'Someone at your agency'}"
        f"{', ' + ar.requester_title if ar.requester_title else ''} asked the Collaborative Reform "
        f"Initiative for technical assistance for {ar.agency_display_name}, and said that you "
        f"support the request. Its tracking number is {ar.tracking_number}.\n\n"
        f"Please confirm that you support it by opening this link:\n{link}\n\n"
        "If you do not know about this request, do not open the link; reply to this email or "
        "contact the COPS Office instead."
    )
    _send_on_commit(
        f"Please confirm your agency's request {ar.tracking_number}", body, [ar.chief_email]
    )


def decision_send(ar) -> None:
    """Tell the agency the program's decision (accepted, declined or referred)."""
    status = ar.status
    if status == "accepted":
        program = ar.decided_program.name if ar.decided_program_id else "a program"
        services = ", ".join(s.name.lower() for s in _engagement_services(ar))
        what = f"We accepted your request into {program}"
        what += f", for {services}.\n\n" if services else ".\n\n"
        what += (
            "A member of the program team will contact you to plan the work together. "
            "Taking part is voluntary: you can stop at any time."
        )
        subject = f"Your request {ar.tracking_number} was accepted"
    elif status == "declined":
        what = (
            "We are not able to take on your request.\n\n"
            f"The reason: {ar.get_decline_reason_display()}."
        )
        subject = f"A decision on your request {ar.tracking_number}"
    else:
        what = (
            "We referred your request to a better place to help: "
            f"{ar.get_referral_target_display().lower()}."
        )
        subject = f"Your request {ar.tracking_number} was referred"
    note = f"\n\nA note from program staff:\n{ar.decision_note}" if ar.decision_note else ""
    body = (
        _greeting(ar.requester_name)
        + f"We have made a decision on your request {ar.tracking_number} for "
        f"{ar.agency_display_name}.\n\n{what}{note}\n\n"
        f"See the request and its history here: {request_page_url(ar)}"
    )
    _send_on_commit(subject, body, _agency_recipients(ar, with_chief=True))


def _engagement_services(ar) -> list:
    engagement = getattr(ar, "engagement", None)
    return list(engagement.services.all()) if engagement is not None else []


def information_request_send(ar, question: str) -> None:
    body = (
        _greeting(ar.requester_name)
        + f"Program staff need more information about your request {ar.tracking_number} for "
        f"{ar.agency_display_name}.\n\nTheir question:\n{question}\n\n"
        f"Please answer on the request's page: {request_page_url(ar)}\n\n"
        "While we wait for your answer, the time we take to respond does not run."
    )
    _send_on_commit(
        f"We need more information about your request {ar.tracking_number}",
        body,
        _agency_recipients(ar),
    )


def staff_message_send(ar, body_text: str) -> None:
    body = (
        _greeting(ar.requester_name)
        + f"Program staff sent you a message about your request {ar.tracking_number} for "
        f"{ar.agency_display_name}:\n\n{body_text}\n\n"
        f"See the request and its messages here: {request_page_url(ar)}"
    )
    _send_on_commit(
        f"A message about your request {ar.tracking_number}", body, _agency_recipients(ar)
    )


def withdrawal_confirmation_send(ar) -> None:
    body = (
        _greeting(ar.requester_name)
        + f"Your request {ar.tracking_number} for {ar.agency_display_name} has been withdrawn. "
        "Its record is kept, and you can make a new request at any time.\n\n"
        f"See the request here: {request_page_url(ar)}"
    )
    _send_on_commit(
        f"Your request {ar.tracking_number} was withdrawn", body, _agency_recipients(ar)
    )


def information_answered_notify(ar) -> None:
    """Tell the assigned reviewer that the agency answered."""
    if not ar.reviewer_id:
        return
    body = (
        _greeting(ar.reviewer.full_name)
        + f"{ar.agency_display_name} answered your request for information on "
        f"{ar.tracking_number}. The request is back in review."
    )
    _send_on_commit(f"{ar.tracking_number}: the agency answered", body, [ar.reviewer.email])


def assignment_notify(reviewer, requests: list) -> None:
    """Tell a reviewer which requests were assigned to them."""
    if reviewer is None or not requests:
        return
    numbers = "\n".join(f"- {ar.tracking_number}: {ar.agency_display_name}" for ar in requests)
    body = (
        _greeting(reviewer.full_name)
        + f"You were assigned {len(requests)} request{'s' if len(requests) != 1 else ''} "
        f"to review:\n{numbers}"
    )
    subject = (
        f"You were assigned {requests[0].tracking_number}"
        if len(requests) == 1
        else f"You were assigned {len(requests)} requests"
    )
    _send_on_commit(subject, body, [reviewer.email])


def _target() -> int:
    from .sla import first_response_target

    return first_response_target()
