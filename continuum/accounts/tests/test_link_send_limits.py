"""The rate limit on emails to addresses nobody has verified (verification links): counted in
the database per address and per account, over an hour and a day, with a clear message."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.models import LinkSend
from continuum.accounts.services import LinkSendLimited, link_send_allow
from continuum.accounts.services.sending import ACCOUNT_LIMITS, ADDRESS_LIMITS
from continuum.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
KIND = LinkSend.Kind.EMAIL_VERIFICATION
PER_ADDRESS_HOUR = ADDRESS_LIMITS[0][1]
PER_ADDRESS_DAY = ADDRESS_LIMITS[1][1]
PER_ACCOUNT_HOUR = ACCOUNT_LIMITS[0][1]


def _send(email="x@example.gov", account=None):
    return link_send_allow(kind=KIND, email=email, account=account)


def test_an_address_gets_a_few_links_an_hour_then_a_clear_refusal():
    for _ in range(PER_ADDRESS_HOUR):
        _send("Pat@Example.gov")
    with pytest.raises(LinkSendLimited, match="try again in an hour"):
        _send("pat@example.gov ")  # the same address, however it is typed
    assert LinkSend.objects.count() == PER_ADDRESS_HOUR  # the refused send is not counted
    _send("someone.else@example.gov")  # other addresses are not affected


def test_the_hour_passes_but_the_day_has_its_own_limit():
    hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    for _ in range(PER_ADDRESS_DAY - 1):
        LinkSend.objects.create(kind=KIND, email="pat@example.gov", created_at=hour_ago)
    _send("pat@example.gov")
    with pytest.raises(LinkSendLimited, match="try again tomorrow"):
        _send("pat@example.gov")
    # Sends older than a day no longer count.
    LinkSend.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    _send("pat@example.gov")


def test_an_account_cannot_spray_links_across_many_addresses():
    account = UserFactory()
    for number in range(PER_ACCOUNT_HOUR):
        _send(f"target{number}@example.gov", account)
    with pytest.raises(LinkSendLimited):
        _send("one.more@example.gov", account)
    _send("one.more@example.gov", UserFactory())  # another account may still send to it


def test_the_resend_button_says_when_the_limit_is_hit(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(PER_ADDRESS_HOUR):
            client.post(reverse("accounts:verify_email_resend"))
        response = client.post(reverse("accounts:verify_email_resend"), follow=True)
    assert len(mail.outbox) == PER_ADDRESS_HOUR
    assert "did not send another one" in response.content.decode()


def test_old_sends_are_forgotten():
    LinkSend.objects.create(
        kind=KIND, email="old@example.gov", created_at=timezone.now() - datetime.timedelta(days=3)
    )
    _send("new@example.gov")
    assert list(LinkSend.objects.values_list("email", flat=True)) == ["new@example.gov"]
