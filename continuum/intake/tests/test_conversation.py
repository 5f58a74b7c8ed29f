"""Issue 7 §3: the agency starts a message (one thread seen by both sides), the decision summary
on the agency's page, and one response-time promise on the page, in the email and for staff."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.core.workflow import TransitionForbidden
from continuum.intake import promise
from continuum.intake.choices import RequestStatus
from continuum.intake.models import RequestMessage
from continuum.intake.services import triage
from continuum.intake.services.conversation import request_message_from_agency
from continuum.intake.tests.factories import program, service, submitted_request

from .domain_fixtures import agency_a, agency_b, member_a, member_b, outsider, requester_a, staff

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def request_a(requester_a, agency_a):
    return submitted_request(
        requester=requester_a, requester_email=requester_a.email, agency=agency_a
    )


def _post_message(user, ar, body):
    return as_user(user).post(
        reverse("intake:request_message", args=[ar.public_id]), {"body": body}
    )


def test_the_agency_starts_a_message_that_staff_see_in_the_same_thread(
    requester_a, staff, request_a
):
    response = _post_message(requester_a, request_a, "Can we talk before our council meets?")
    assert response.status_code == 302
    message = RequestMessage.objects.get(assistance_request=request_a)
    assert (message.from_staff, message.author) == (False, requester_a)
    assert Event.objects.filter(verb="agency_message_sent", target_id=str(request_a.pk)).exists()
    # Nobody is assigned yet: the program's inbox is told.
    (email,) = OutboundMessage.objects.filter(template_key="intake.agency_message")
    assert email.recipients == [settings.CONTINUUM["REPLY_TO_EMAIL"]]
    assert "Can we talk before our council meets?" in email.body
    assert request_a.tracking_number in email.subject
    # Staff see it on their page; the agency's colleague sees it on theirs.
    staff_page = as_user(staff).get(reverse("intake:triage_detail", args=[request_a.public_id]))
    assert "Can we talk before our council meets?" in staff_page.content.decode()


def test_the_assigned_reviewer_is_emailed(requester_a, staff, request_a):
    triage.request_review_start(actor=staff, assistance_request=request_a)
    request_message_from_agency(actor=requester_a, assistance_request=request_a, body="Hello")
    (email,) = OutboundMessage.objects.filter(template_key="intake.agency_message")
    assert email.recipients == [staff.email]


def test_a_verified_colleague_can_write_and_sees_the_thread(member_a, requester_a, request_a):
    assert _post_message(member_a, request_a, "From the deputy chief").status_code == 302
    page = as_user(requester_a).get(reverse("intake:request_detail", args=[request_a.public_id]))
    assert "From the deputy chief" in page.content.decode()


def test_another_agency_or_an_outsider_gets_404(member_b, outsider, request_a):
    for user in (member_b, outsider):
        assert _post_message(user, request_a, "Hi").status_code == 404
    assert not RequestMessage.objects.exists()


def test_staff_cannot_write_as_the_agency(staff, request_a):
    with pytest.raises(TransitionForbidden):
        request_message_from_agency(actor=staff, assistance_request=request_a, body="x")


def test_bad_messages_are_refused_with_a_clear_message(requester_a, request_a):
    empty = _post_message(requester_a, request_a, "   ")
    assert empty.status_code == 400
    assert "Write your message before you send it." in empty.content.decode()
    long = _post_message(requester_a, request_a, "x" * 4001)
    assert long.status_code == 400
    assert "Shorten it to 4,000 characters" in long.content.decode()
    assert not RequestMessage.objects.exists()


def test_a_withdrawn_request_takes_no_more_messages(requester_a, request_a):
    triage.request_withdraw(actor=requester_a, assistance_request=request_a, reason="")
    response = _post_message(requester_a, request_a, "Hello?")
    assert response.status_code == 302
    assert not RequestMessage.objects.exists()
    page = as_user(requester_a).get(reverse("intake:request_detail", args=[request_a.public_id]))
    assert "Write to program staff" not in page.content.decode()


def test_after_acceptance_the_page_names_the_contact_what_was_agreed_and_what_next(
    requester_a, staff, request_a
):
    triage.request_review_start(actor=staff, assistance_request=request_a)
    triage.request_accept(
        actor=staff,
        assistance_request=request_a,
        program=program("cri-tac"),
        services=[service("policy-review"), service("training")],
    )
    html = (
        as_user(requester_a)
        .get(reverse("intake:request_detail", args=[request_a.public_id]))
        .content.decode()
    )
    assert "Your request was accepted" in html
    assert "Your contact at the program" in html
    assert staff.full_name in html and f"mailto:{staff.email}" in html
    assert program("cri-tac").name in html
    assert service("policy-review").name in html and service("training").name in html
    assert "What happens next" in html


def test_before_a_decision_there_is_no_summary_and_the_promise_is_stated(requester_a, request_a):
    html = (
        as_user(requester_a)
        .get(reverse("intake:request_detail", args=[request_a.public_id]))
        .content.decode()
    )
    assert "Your contact at the program" not in html
    assert promise.response_promise(request_a) in html


@override_settings(CONTINUUM={**settings.CONTINUUM, "FIRST_RESPONSE_BUSINESS_DAYS": 3})
def test_one_promise_on_the_pages_and_in_the_email(client, requester_a, request_a):
    from continuum.intake import sla

    days = sla.first_response_target()  # the standard target, kept as data
    assert promise.response_days() == days
    sentence = promise.response_promise()
    assert f"{days} business days" in sentence
    assert sentence in client.get(reverse("intake:request_start")).content.decode()
    from continuum.intake import notifications

    notifications.submission_confirmation_send(request_a)
    email = (
        OutboundMessage.objects.filter(template_key="intake.submission_confirmation")
        .order_by("pk")
        .last()
    )
    assert f"within {days} business days" in email.body


def test_the_colleagues_page_does_not_say_about_you(member_a, request_a):
    html = (
        as_user(member_a)
        .get(reverse("intake:request_detail", args=[request_a.public_id]))
        .content.decode()
    )
    assert "About you" not in html and "Who made the request" in html
