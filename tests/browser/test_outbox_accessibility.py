"""The outbox's staff pages have no WCAG 2.1 A/AA violation found by axe, in every state: the
list (all, filtered, empty), a failed message with its reason, and after a retry."""

import pytest
from django.conf import settings
from django.test import override_settings

from continuum.accounts.tests.factories import PASSWORD, ProgramStaffFactory
from continuum.activity.outbox.models import MessageState
from continuum.activity.outbox.services import _claim, _send
from continuum.activity.tests.factories import OutboundMessageFactory
from continuum.activity.tests.mail_backends import RAISING

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, user) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/triage/")  # staff land on the queue (issue 7)


def _failed_message():
    message = OutboundMessageFactory(subject="Your request CRI-2026-00042 was accepted")
    one_attempt = {**settings.CONTINUUM, "OUTBOX": {"MAX_ATTEMPTS": 1}}
    with override_settings(CONTINUUM=one_attempt, EMAIL_BACKEND=RAISING):
        (claimed,) = _claim([message.pk])
        assert _send(claimed) == "failed"
    message.refresh_from_db()
    assert message.status == MessageState.FAILED
    return message


@VIEWPORTS
def test_outbox_pages(page, axe):
    OutboundMessageFactory.create_batch(3)
    sent = OutboundMessageFactory(subject="A message that was sent")
    (claimed,) = _claim([sent.pk])
    _send(claimed)
    failed = _failed_message()
    _sign_in(page, ProgramStaffFactory())

    page.goto("/staff/outbox/")
    assert page.get_by_role("heading", level=1).inner_text() == "Outbox"
    assert page.get_by_role("link", name=failed.subject).is_visible()
    axe(page)

    page.get_by_label("State", exact=True).select_option("failed")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/staff/outbox/?state=failed*")
    assert page.get_by_role("heading", name="Messages: Failed").is_visible()
    axe(page)

    page.goto("/staff/outbox/?state=sending")
    assert page.get_by_text("No message here.").is_visible()
    axe(page)

    page.goto(f"/staff/outbox/{failed.pk}/")
    assert page.get_by_role("heading", name="This message was not sent").is_visible()
    axe(page)

    page.get_by_role("button", name="Retry").click()
    page.wait_for_load_state()
    assert page.get_by_text("The message is queued to be sent again.").is_visible()
    axe(page)
