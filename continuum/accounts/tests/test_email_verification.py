"""Verifying an account's email address through the emailed link (valid, expired and tampered
tokens), asking for a new link, and the rate limit on those emails."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from continuum.accounts.models import VerifiedAddress
from continuum.accounts.selectors import address_is_verified, email_is_verified
from continuum.accounts.services import (
    EMAIL_VERIFY_MAX_AGE,
    email_verify_token,
    requester_email_verify,
)
from continuum.accounts.tests.factories import UserFactory
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.tests.request_form_helpers import fill_all_steps

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
    url = reverse("accounts:verify_email", args=[email_verify_token(user)])
    assert client.get(url).status_code == 200
    assert email_is_verified(user)


@pytest.mark.django_db
def test_an_expired_verification_link_is_refused_with_a_clear_message(client):
    user = UserFactory()
    url = reverse("accounts:verify_email", args=[email_verify_token(user)])
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
    url = reverse("accounts:verify_email", args=[make_token(email_verify_token(user))])
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
        response = client.post(reverse("accounts:verify_email_resend"))
    assert response.url == reverse("intake:my_requests")
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/verify-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_confirmed_address_is_verified_for_official_mail(client):
    user = UserFactory(email="pat@riverton.gov")
    assert not address_is_verified("pat@riverton.gov")
    client.get(reverse("accounts:verify_email", args=[email_verify_token(user)]))
    assert address_is_verified("PAT@riverton.gov ")
    assert VerifiedAddress.objects.get().how == VerifiedAddress.How.ACCOUNT_LINK
    user.is_active = False
    user.save()
    assert not address_is_verified("pat@riverton.gov")  # a turned-off account gets nothing
    assert not address_is_verified("")
