"""The two emailed links: the requester's email verification and the chief executive's
confirmation (valid, expired and tampered tokens)."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from continuum.accounts.models import AgencyMembership
from continuum.accounts.tests.factories import AgencyMembershipFactory, UserFactory
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.choices import RequestStatus
from continuum.intake.services.drafts import (
    CHIEF_CONFIRM_MAX_AGE,
    EMAIL_VERIFY_MAX_AGE,
    chief_confirm,
    chief_confirm_token,
    email_is_verified,
    email_verify_token,
    requester_email_verify,
)
from continuum.intake.tests.factories import AssistanceRequestFactory, submitted_request

from .request_form_helpers import fill_all_steps, step_url

LINK = re.compile(r"https?://\S+")


def _later(delta):
    """Patch the clock the signer reads to `delta` from now."""
    return mock.patch("django.core.signing.time.time", return_value=time.time() + delta)


def _tampered(token: str) -> str:
    value, signature = token.rsplit(":", 1)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{value}:{flipped}"


# --- email verification -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_emailed_verification_link_confirms_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = fill_all_steps(client, AgencyFactory())
    user = draft.requester
    (message,) = mail.outbox
    url = LINK.search(message.body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert "Your email address is confirmed" in response.content.decode()
    assert email_is_verified(user)
    event = Event.objects.for_target(user).get(verb="email_verified")
    assert event.data == {"email": user.email} and event.internal
    # Opening the link again changes nothing.
    client.get("/" + path)
    assert Event.objects.for_target(user).filter(verb="email_verified").count() == 1


@pytest.mark.django_db
def test_an_anonymous_visitor_can_use_the_verification_link(client):
    user = UserFactory()
    url = reverse("intake:verify_email", args=[email_verify_token(user)])
    response = client.get(url)
    assert response.status_code == 200
    assert "Your email address is confirmed" in response.content.decode()
    assert email_is_verified(user)


@pytest.mark.django_db
def test_an_expired_verification_link_is_refused_with_a_clear_message(client):
    user = UserFactory()
    url = reverse("intake:verify_email", args=[email_verify_token(user)])
    with _later(EMAIL_VERIFY_MAX_AGE.total_seconds() + 60):
        response = client.get(url)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert not email_is_verified(user)
    with _later(EMAIL_VERIFY_MAX_AGE.total_seconds() - 60):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("make_token", [_tampered, lambda t: "garbage", lambda t: t[:-3]])
def test_a_tampered_verification_link_is_refused(client, make_token):
    user = UserFactory()
    url = reverse("intake:verify_email", args=[make_token(email_verify_token(user))])
    response = client.get(url)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not email_is_verified(user)


@pytest.mark.django_db
def test_a_verification_link_stops_working_when_the_address_changes():
    from django.core.exceptions import ValidationError

    user = UserFactory(email="old@example.gov")
    token = email_verify_token(user)
    user.email = "new@example.gov"
    user.save()
    with pytest.raises(ValidationError, match="not valid"):
        requester_email_verify(token=token)
    assert not email_is_verified(user)


@pytest.mark.django_db
def test_a_verification_token_cannot_confirm_a_chief(client):
    user = UserFactory()
    url = reverse("intake:chief_confirm", args=[email_verify_token(user)])
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_a_signed_in_requester_can_ask_for_a_new_link(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:verify_email_resend"))
    assert response.url == reverse("intake:my_requests")
    assert mail.outbox[0].to == [user.email]
    assert "/request/verify-email/" in mail.outbox[0].body


# --- the chief executive's confirmation ---------------------------------------------------------


@pytest.fixture
def submitted(db):
    requester = UserFactory()
    return submitted_request(requester=requester, requester_email=requester.email)


@pytest.mark.django_db
def test_submission_emails_the_chief_a_link_that_confirms(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = fill_all_steps(client, AgencyFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url(draft, "review"))
    (chief_mail,) = [m for m in mail.outbox if m.to == ["chief.morgan@riverton.gov"]]
    path = "/" + LINK.search(chief_mail.body).group(0).split("://", 1)[1].split("/", 1)[1]
    from django.test import Client

    chief = Client()  # the chief has no account
    page = chief.get(path)
    assert page.status_code == 200
    assert "I confirm that I support this request" in page.content.decode()
    draft.refresh_from_db()
    assert draft.chief_confirmed_at is None  # opening the link alone confirms nothing
    response = chief.post(path)
    assert response.status_code == 200
    assert "Thank you for confirming" in response.content.decode()
    draft.refresh_from_db()
    assert draft.chief_confirmed_at is not None
    # The request page shows it to the requester.
    detail = client.get(reverse("intake:request_detail", args=[draft.public_id]))
    assert "confirmed their support" in detail.content.decode()


@pytest.mark.django_db
def test_chief_confirmation_records_an_event_and_makes_the_requester_a_member(submitted):
    assert not AgencyMembership.objects.filter(user=submitted.requester).exists()
    confirmed = chief_confirm(token=chief_confirm_token(submitted))
    assert confirmed.chief_confirmed_at is not None
    event = Event.objects.for_target(submitted).get(verb="chief_confirmed")
    assert not event.internal
    membership = AgencyMembership.objects.get(user=submitted.requester)
    assert membership.agency == submitted.agency
    assert membership.role == AgencyMembership.Role.POINT_OF_CONTACT
    # Confirming again changes nothing.
    again = chief_confirm(token=chief_confirm_token(submitted))
    assert again.chief_confirmed_at == confirmed.chief_confirmed_at
    assert Event.objects.for_target(submitted).filter(verb="chief_confirmed").count() == 1


@pytest.mark.django_db
def test_chief_confirmation_keeps_an_existing_membership(db):
    other_agency = AgencyFactory()
    membership = AgencyMembershipFactory(agency=other_agency)
    ar = submitted_request(requester=membership.user, requester_email=membership.user.email)
    chief_confirm(token=chief_confirm_token(ar))
    membership.refresh_from_db()
    assert membership.agency == other_agency


@pytest.mark.django_db
def test_chief_confirmation_of_an_unlisted_agency_gives_no_membership(db):
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
    chief_confirm(token=chief_confirm_token(ar))
    ar.refresh_from_db()
    assert ar.chief_confirmed_at is not None
    assert not AgencyMembership.objects.filter(user=requester).exists()


@pytest.mark.django_db
def test_an_expired_chief_link_is_refused(client, submitted):
    url = reverse("intake:chief_confirm", args=[chief_confirm_token(submitted)])
    with _later(CHIEF_CONFIRM_MAX_AGE.total_seconds() + 60):
        get = client.get(url)
        post = client.post(url)
    for response in (get, post):
        assert response.status_code == 400
        assert "This link has expired" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.chief_confirmed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("make_token", [_tampered, lambda t: "x:y:z", lambda t: t + "0"])
def test_a_tampered_chief_link_is_refused(client, submitted, make_token):
    url = reverse("intake:chief_confirm", args=[make_token(chief_confirm_token(submitted))])
    response = client.post(url)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.chief_confirmed_at is None


@pytest.mark.django_db
def test_a_chief_link_stops_working_when_the_chief_email_changes(client, submitted):
    token = chief_confirm_token(submitted)
    type(submitted).objects.filter(pk=submitted.pk).update(chief_email="someone@else.gov")
    assert client.post(reverse("intake:chief_confirm", args=[token])).status_code == 400


@pytest.mark.django_db
def test_a_draft_cannot_be_confirmed(client):
    draft = AssistanceRequestFactory()
    assert draft.status == RequestStatus.DRAFT
    response = client.post(reverse("intake:chief_confirm", args=[chief_confirm_token(draft)]))
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.chief_confirmed_at is None
