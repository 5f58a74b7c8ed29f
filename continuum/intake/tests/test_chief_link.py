"""The chief executive's link and answer: the whole request shown, "I support this" or "I do
not support this" with a reason, both recorded; a signed-in chief answers from the request
page; staff and the requester resend the link or correct the address (the old link then stops
working); expired, tampered and draft links are refused; an answer never grants membership."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from continuum.accounts.models import AgencyMembership, MembershipStatus, VerifiedAddress
from continuum.accounts.selectors import address_is_verified
from continuum.accounts.services import address_verified_record, email_verify_token
from continuum.accounts.tests.factories import (
    AgencyExecutiveFactory,
    ProgramStaffFactory,
    UserFactory,
)
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.choices import RequestStatus
from continuum.intake.services.chief import (
    CHIEF_CONFIRM_MAX_AGE,
    chief_confirm_token,
    chief_respond,
)
from continuum.intake.tests.factories import AssistanceRequestFactory, submitted_request

from .request_form_helpers import fill_all_steps, step_url

LINK = re.compile(r"https?://\S+")


def _later(delta):
    return mock.patch("django.core.signing.time.time", return_value=time.time() + delta)


def _tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{value}:{flipped}"


def _path(message) -> str:
    return "/" + LINK.search(message.body).group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def submitted(db):
    requester = UserFactory()
    return submitted_request(requester=requester, requester_email=requester.email)


def _link(ar) -> str:
    return reverse("intake:chief_confirm", args=[chief_confirm_token(ar)])


@pytest.mark.django_db
def test_the_chief_sees_the_whole_request_and_supports_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = fill_all_steps(client, AgencyFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url(draft, "review"))
    (chief_mail,) = [m for m in mail.outbox if m.to == ["chief.morgan@riverton.gov"]]
    chief = Client()  # the chief has no account
    page = chief.get(_path(chief_mail))
    assert page.status_code == 200
    html = page.content.decode()
    draft.refresh_from_db()
    assert draft.narrative in html  # the whole request, narrative included
    assert "I support this request" in html and "I do not support this request" in html
    assert draft.chief_confirmed_at is None  # opening the link alone records nothing
    response = chief.post(_path(chief_mail), {"answer": "support"})
    assert response.status_code == 200
    assert "You said that you support request" in response.content.decode()
    draft.refresh_from_db()
    assert draft.chief_confirmed_at is not None
    event = Event.objects.for_target(draft).get(verb="chief_confirmed")
    assert event.data == {"email": "chief.morgan@riverton.gov", "supports": True}
    assert address_is_verified("chief.morgan@riverton.gov")
    detail = client.get(reverse("intake:request_detail", args=[draft.public_id]))
    assert "confirmed their support" in detail.content.decode()
    # The link now shows the answer; a second answer is refused.
    again = chief.post(_path(chief_mail), {"answer": "oppose", "reason": "Changed my mind"})
    assert again.status_code == 422
    assert "already answered" in again.content.decode()
    assert not Event.objects.for_target(draft).filter(verb="chief_declined").exists()


@pytest.mark.django_db
def test_not_supporting_needs_a_reason_and_is_recorded(client, submitted):
    url = _link(submitted)
    response = client.post(url, {"answer": "oppose", "reason": "  "})
    assert response.status_code == 422
    assert "Tell us why you do not support the request" in response.content.decode()
    assert not Event.objects.for_target(submitted).filter(verb="chief_declined").exists()
    response = client.post(url, {"answer": "oppose", "reason": "I never heard of this request."})
    assert response.status_code == 200
    assert "do not support" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.chief_confirmed_at is None
    event = Event.objects.for_target(submitted).get(verb="chief_declined")
    assert "I never heard of this request." in event.note
    assert not event.internal  # the agency side sees it on its timeline


@pytest.mark.django_db
def test_a_missing_or_forged_answer_is_refused(client, submitted):
    for data in ({}, {"answer": "maybe"}):
        response = client.post(_link(submitted), data)
        assert response.status_code == 422
        assert "Choose whether you support the request." in response.content.decode()


@pytest.mark.django_db
def test_the_answer_is_evidence_on_a_pending_membership_never_a_grant(submitted):
    membership = AgencyMembership.objects.get(user=submitted.requester)
    assert membership.status == MembershipStatus.REQUESTED  # asked for by submitting
    chief_respond(token=chief_confirm_token(submitted), supports=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED
    evidence = Event.objects.for_target(membership).get(verb="membership_evidence")
    assert submitted.tracking_number in evidence.note


@pytest.mark.django_db
def test_an_unlisted_agency_gets_no_membership(db):
    from continuum.agencies.tests.factories import StateFactory

    requester = UserFactory()
    ar = submitted_request(
        requester=requester,
        requester_email=requester.email,
        agency=None,
        unlisted_agency_name="Lakeview Police Department",
        unlisted_agency_type="municipal",
        unlisted_jurisdiction_level="local",
        unlisted_state=StateFactory(),
    )
    chief_respond(token=chief_confirm_token(ar), supports=True)
    assert not AgencyMembership.objects.filter(user=requester).exists()


@pytest.mark.django_db
def test_an_expired_chief_link_is_refused(client, submitted):
    url = _link(submitted)
    with _later(CHIEF_CONFIRM_MAX_AGE.total_seconds() + 60):
        get = client.get(url)
        post = client.post(url, {"answer": "support"})
    for response in (get, post):
        assert response.status_code == 400
        assert "This link has expired" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.chief_confirmed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("make_token", [_tampered, lambda t: "x:y:z", lambda t: t + "0"])
def test_a_tampered_chief_link_is_refused(client, submitted, make_token):
    url = reverse("intake:chief_confirm", args=[make_token(chief_confirm_token(submitted))])
    response = client.post(url, {"answer": "support"})
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


@pytest.mark.django_db
def test_a_verification_token_cannot_answer_for_a_chief(client):
    url = reverse("intake:chief_confirm", args=[email_verify_token(UserFactory())])
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_a_draft_cannot_be_answered(client):
    draft = AssistanceRequestFactory()
    assert draft.status == RequestStatus.DRAFT
    response = client.post(_link(draft), {"answer": "support"})
    assert response.status_code == 400


# --- the signed-in chief ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_chief_with_a_verified_address_answers_from_the_request_page(client):
    agency = AgencyFactory()
    chief = AgencyExecutiveFactory(agency=agency, user__email="chief@riverton.gov").user
    ar = submitted_request(agency=agency, chief_email="chief@riverton.gov")
    client.force_login(chief)
    detail = reverse("intake:request_detail", args=[ar.public_id])
    # Not offered until the chief's account address is verified.
    assert "request_chief_answer" not in client.get(detail).content.decode()
    assert reverse("intake:request_chief_answer", args=[ar.public_id]) not in (
        client.get(detail).content.decode()
    )
    forbidden = client.post(
        reverse("intake:request_chief_answer", args=[ar.public_id]), {"answer": "support"}
    )
    assert forbidden.status_code == 302
    assert not Event.objects.for_target(ar).filter(verb="chief_confirmed").exists()
    Client().get(reverse("accounts:verify_email", args=[email_verify_token(chief)]))
    assert reverse("intake:request_chief_answer", args=[ar.public_id]) in (
        client.get(detail).content.decode()
    )
    response = client.post(
        reverse("intake:request_chief_answer", args=[ar.public_id]), {"answer": "support"}
    )
    assert response.status_code == 302
    event = Event.objects.for_target(ar).get(verb="chief_confirmed")
    assert event.actor == chief


@pytest.mark.django_db
def test_someone_else_on_the_request_page_cannot_answer_for_the_chief(client, submitted):
    client.force_login(submitted.requester)
    address_verified_record(email=submitted.requester.email, how="account_link")
    response = client.post(
        reverse("intake:request_chief_answer", args=[submitted.public_id]), {"answer": "support"}
    )
    assert response.status_code == 302
    assert not Event.objects.for_target(submitted).filter(verb="chief_confirmed").exists()


# --- resending and correcting the address ---------------------------------------------------


@pytest.mark.django_db
def test_the_requester_resends_the_link_and_the_sends_are_rate_limited(
    client, submitted, django_capture_on_commit_callbacks
):
    client.force_login(submitted.requester)
    url = reverse("intake:request_chief_link", args=[submitted.public_id])
    data = {"chief_email": submitted.chief_email, "chief_name": submitted.chief_name}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # the submission sent one already: 3 an hour per address
            assert client.post(url, data).status_code == 302
    assert [m.to for m in mail.outbox] == [[submitted.chief_email]] * 2
    assert Event.objects.for_target(submitted).filter(verb="chief_link_resent").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 400
    assert "did not send another one" in response.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_correcting_the_address_kills_the_old_link_and_is_recorded(
    client, submitted, django_capture_on_commit_callbacks
):
    old_token = chief_confirm_token(submitted)
    client.force_login(submitted.requester)
    url = reverse("intake:request_chief_link", args=[submitted.public_id])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"chief_email": "Real.Chief@Riverton.gov", "chief_name": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.chief_email == "real.chief@riverton.gov"
    assert [m.to for m in mail.outbox] == [["real.chief@riverton.gov"]]
    event = Event.objects.for_target(submitted).get(verb="chief_email_corrected")
    assert event.actor == submitted.requester
    assert event.data["new_email"] == "real.chief@riverton.gov"
    old = Client().post(reverse("intake:chief_confirm", args=[old_token]), {"answer": "support"})
    assert old.status_code == 400
    assert Client().get(_path(mail.outbox[0])).status_code == 200


@pytest.mark.django_db
def test_correcting_after_an_answer_starts_the_question_again(client, submitted):
    chief_respond(token=chief_confirm_token(submitted), supports=True)
    client.force_login(submitted.requester)
    client.post(
        reverse("intake:request_chief_link", args=[submitted.public_id]),
        {"chief_email": "real.chief@riverton.gov"},
    )
    submitted.refresh_from_db()
    assert submitted.chief_confirmed_at is None
    response = Client().post(_link(submitted), {"answer": "support"})
    assert response.status_code == 200
    assert VerifiedAddress.objects.filter(email="real.chief@riverton.gov").exists()


@pytest.mark.django_db
def test_a_bad_corrected_address_gets_a_clear_message(client, submitted):
    client.force_login(submitted.requester)
    response = client.post(
        reverse("intake:request_chief_link", args=[submitted.public_id]),
        {"chief_email": "not an address"},
    )
    assert response.status_code == 400
    assert "Enter an email address like name@agency.gov." in response.content.decode()


@pytest.mark.django_db
def test_staff_resend_and_correct_from_the_triage_page(client, submitted):
    staff = ProgramStaffFactory()
    client.force_login(staff)
    page = client.get(reverse("intake:triage_detail", args=[submitted.public_id]))
    assert "chief-link" in page.content.decode()
    response = client.post(
        reverse("intake:triage_action", args=[submitted.public_id, "chief-link"]),
        {"chief-link-chief_email": "corrected@riverton.gov", "chief-link-chief_name": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.chief_email == "corrected@riverton.gov"
    assert Event.objects.for_target(submitted).get(verb="chief_email_corrected").actor == staff


@pytest.mark.django_db
def test_someone_outside_the_request_cannot_touch_the_chief_link(client, submitted):
    client.force_login(UserFactory())
    response = client.post(
        reverse("intake:request_chief_link", args=[submitted.public_id]),
        {"chief_email": "attacker@example.com"},
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.chief_email != "attacker@example.com"


@pytest.mark.django_db
def test_a_signed_in_chief_who_is_no_member_answers_from_my_requests(client):
    chief = UserFactory(email="chief@riverton.gov")
    ar = submitted_request(chief_email="Chief@Riverton.gov")
    page_url = reverse("intake:chief_request", args=[ar.public_id])
    client.force_login(chief)
    # Not before the address is verified, and never for someone else.
    assert client.get(page_url).status_code == 404
    Client().get(reverse("accounts:verify_email", args=[email_verify_token(chief)]))
    listing = client.get(reverse("intake:my_requests")).content.decode()
    assert page_url in listing
    page = client.get(page_url)
    assert page.status_code == 200 and ar.narrative in page.content.decode()
    assert client.post(page_url, {"answer": "oppose"}).status_code == 422
    response = client.post(page_url, {"answer": "oppose", "reason": "Not now."})
    assert response.status_code == 200
    assert Event.objects.for_target(ar).get(verb="chief_declined").actor == chief
    # The request's own page stays closed to the chief (no membership): 404.
    assert client.get(reverse("intake:request_detail", args=[ar.public_id])).status_code == 404
    other = Client()
    other.force_login(UserFactory())
    assert other.get(page_url).status_code == 404
