"""The outbox: messages are rows written in the change's transaction, delivered by a worker
with retries and backoff, never failing the page that caused them."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from continuum.activity.models import Event
from continuum.activity.outbox.models import MessageState, MessageTemplate, OutboundMessage
from continuum.activity.outbox.services import (
    backoff_delay,
    message_deliver,
    message_enqueue,
    outbox_sweep,
)
from continuum.intake.choices import RequestStatus
from continuum.intake.tests.domain_fixtures import agency_a, requester_a, staff
from continuum.intake.tests.factories import program, service, submitted_request

from .factories import OutboundMessageFactory
from .mail_backends import RAISING

pytestmark = pytest.mark.django_db

CONTEXT = {
    "requester_name": "Pat Rivera",
    "agency_name": "Riverton Police Department",
    "tracking_number": "CRI-2026-00042",
    "request_url": "https://continuum.example/my-requests/x/",
}


def _make_due(message: OutboundMessage) -> None:
    """Move the next attempt into the past (as if the backoff wait were over)."""
    OutboundMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )


def _enqueue(**kwargs) -> OutboundMessage:
    kwargs.setdefault("template", "intake.withdrawal_confirmation")
    kwargs.setdefault("to", ["pat.rivera@riverton.gov"])
    kwargs.setdefault("context", CONTEXT)
    return message_enqueue(**kwargs)


# --- the acceptance test of the issue ----------------------------------------------------------


@pytest.fixture
def ar(agency_a, requester_a):
    return submitted_request(agency=agency_a, requester=requester_a, services=["policy-review"])


def test_a_decision_succeeds_while_the_mail_server_fails_and_the_worker_sends_it_later(
    client, staff, ar, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    data = {
        "accept-program": program("cri-tac").pk,
        "accept-services": [service("policy-review").pk],
        "step": "confirm",  # the decision's second step (its summary was confirmed)
    }
    url = reverse("intake:triage_action", args=[ar.public_id, "accept"])
    with override_settings(EMAIL_BACKEND=RAISING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    ar.refresh_from_db()
    assert ar.status == RequestStatus.ACCEPTED

    # The message is kept: queued for another attempt, with the reason the first one failed.
    message = OutboundMessage.objects.get(template_key="intake.decision_accepted")
    assert message.status == MessageState.QUEUED
    assert message.attempts == 1
    assert "The mail server closed the connection" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert mail.outbox == []
    assert message.target == ar

    # Later, with the mail server back, the worker's sweep sends it.
    _make_due(message)
    outcome = outbox_sweep(grace=datetime.timedelta(0))
    assert outcome["sent"] >= 1
    message.refresh_from_db()
    assert message.status == MessageState.SENT
    assert message.sent_at is not None and message.last_error == ""
    # (The sweep also sends the submission's confirmations, queued by the fixture.)
    subject = f"Your request {ar.tracking_number} was accepted"
    (email,) = [m for m in mail.outbox if m.subject == subject]
    assert "We accepted your request into" in email.body
    staff_page = client.get(reverse("activity:outbox_detail", args=[message.pk])).content.decode()
    assert f"request: {ar.tracking_number}</dd>" in staff_page
    verbs = list(Event.objects.for_target(message).values_list("verb", flat=True))
    assert verbs == ["message_sending", "message_attempt_failed", "message_sending", "message_sent"]


def test_the_outbox_row_is_written_in_the_callers_transaction(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _enqueue()
        raise RuntimeError("the change is rolled back")
    assert not OutboundMessage.objects.exists()
    assert mail.outbox == []


def test_a_message_is_sent_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _enqueue()
    assert message.status == MessageState.QUEUED and mail.outbox == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == MessageState.SENT
    (email,) = mail.outbox
    assert email.to == ["pat.rivera@riverton.gov"]
    assert email.subject == "Your request CRI-2026-00042 was withdrawn"
    assert email.body.startswith("Hello Pat Rivera,\n\nYour request CRI-2026-00042 for Riverton")
    assert "Office of Community Oriented Policing Services (COPS Office)\n" in email.body
    # Every email says how to answer it, and its replies reach a mailbox staff read.
    assert email.reply_to == ["AskCopsRC@usdoj.gov"]
    assert email.body.endswith(
        "To answer, reply to this email: replies go to AskCopsRC@usdoj.gov, which program staff "
        "read. Or call the COPS Office Response Center at 800-421-6770.\n"
    )


@override_settings(CONTINUUM={**settings.CONTINUUM, "REPLY_TO_EMAIL": "", "HELP_PHONE": ""})
def test_without_a_reply_address_the_email_has_no_reply_to_and_no_footer(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue()
    (email,) = mail.outbox
    assert email.reply_to == []
    assert "To answer" not in email.body


def test_recipients_are_deduplicated_and_nobody_means_no_message():
    message = _enqueue(to=["A@example.gov", "a@example.gov", "", "b@example.gov"])
    assert message.recipients == ["A@example.gov", "b@example.gov"]
    assert _enqueue(to=["", "  "]) is None


def test_nothing_is_queued_while_the_outbox_is_disabled():
    from continuum.activity.outbox.services import outbox_disabled

    with outbox_disabled():
        assert _enqueue() is None
    assert not OutboundMessage.objects.exists()
    assert _enqueue() is not None  # on again after the block


# --- retries, backoff and giving up ------------------------------------------------------------


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    minutes = [backoff_delay(n).total_seconds() / 60 for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


@override_settings(EMAIL_BACKEND=RAISING)
def test_each_failed_attempt_waits_longer():
    message = _enqueue()
    waits = []
    for attempt in (1, 2, 3):
        _make_due(message)
        before = timezone.now()
        assert message_deliver(message_id=message.pk) == "deferred"
        message.refresh_from_db()
        assert message.attempts == attempt
        waits.append(round((message.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4]


def test_a_message_not_due_yet_is_left_alone():
    message = _enqueue()
    OutboundMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=3)
    )
    assert message_deliver(message_id=message.pk) == "skipped"
    assert outbox_sweep(grace=datetime.timedelta(0))["sent"] == 0
    message.refresh_from_db()
    assert message.status == MessageState.QUEUED and message.attempts == 0


def test_after_the_last_allowed_attempt_the_message_is_failed_with_the_reason(settings):
    settings.EMAIL_BACKEND = RAISING
    settings.CONTINUUM = {**settings.CONTINUUM, "OUTBOX": {"MAX_ATTEMPTS": 3}}
    message = _enqueue()
    outcomes = []
    for _ in range(4):
        _make_due(message)
        outcomes.append(message_deliver(message_id=message.pk))
    assert outcomes == ["deferred", "deferred", "failed", "skipped"]
    message.refresh_from_db()
    assert message.status == MessageState.FAILED
    assert message.attempts == 3
    assert message.last_error.startswith("The mail server closed the connection.")
    failed = Event.objects.for_target(message).get(verb="message_failed")
    assert failed.to_state == "failed" and failed.note == message.last_error


def test_a_sent_message_is_not_sent_again():
    message = _enqueue()
    assert message_deliver(message_id=message.pk) == "sent"
    assert message_deliver(message_id=message.pk) == "skipped"
    assert outbox_sweep(grace=datetime.timedelta(0))["sent"] == 0
    assert len(mail.outbox) == 1


def test_a_message_another_worker_is_sending_is_skipped():
    message = _enqueue()
    from continuum.activity.outbox.services import _claim

    (claimed,) = _claim([message.pk])  # worker 1 took it
    assert claimed.status == MessageState.SENDING
    assert message_deliver(message_id=message.pk) == "skipped"  # worker 2
    assert mail.outbox == []


def test_the_sweep_requeues_a_message_whose_worker_died_and_sends_it(settings):
    message = _enqueue()
    from continuum.activity.outbox.services import _claim

    _claim([message.pk])
    OutboundMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    outcome = outbox_sweep(grace=datetime.timedelta(0))
    assert outcome["released"] == 1 and outcome["sent"] == 1
    message.refresh_from_db()
    assert message.status == MessageState.SENT and message.attempts == 2


def test_the_sweep_leaves_fresh_messages_to_the_task_worker():
    message = _enqueue()  # due now, its task just queued
    assert outbox_sweep(grace=datetime.timedelta(seconds=60))["sent"] == 0
    _make_due(message)
    assert outbox_sweep(grace=datetime.timedelta(seconds=60))["sent"] == 1


def test_the_outbox_deliver_command(capsys):
    message = OutboundMessageFactory()
    _make_due(message)
    call_command("outbox_deliver")
    assert "1 sent" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.status == MessageState.SENT


def test_the_outbox_deliver_loop_survives_a_database_error_and_stops_on_a_signal(capsys):
    import os
    import signal

    from django.db import OperationalError

    message = OutboundMessageFactory()
    _make_due(message)
    real_sweep = outbox_sweep
    calls = []

    def sweep(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_sweep(**kwargs)

    def sleep(seconds):
        if len(calls) >= 2:
            os.kill(os.getpid(), signal.SIGTERM)  # as `make run` does on Ctrl+C

    before = signal.getsignal(signal.SIGTERM)
    command = "continuum.activity.management.commands.outbox_deliver"
    with (
        mock.patch(f"{command}.outbox_sweep", sweep),
        mock.patch(f"{command}.time.sleep", sleep),
        mock.patch(f"{command}.close_old_connections", lambda: None),
    ):
        call_command("outbox_deliver", "--every", "5")
    assert len(calls) == 2
    assert "1 sent" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGTERM) == before  # its handlers are put back


def test_the_outbox_deliver_command_refuses_bad_options():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("outbox_deliver", "--limit", "0")


# --- templates that are missing or broken never fail the caller -------------------------------


def test_a_missing_template_keeps_a_failed_message_with_the_reason():
    message = _enqueue(template="intake.no_such_template")
    assert message.status == MessageState.FAILED
    assert "intake.no_such_template" in message.last_error
    assert mail.outbox == []


def test_a_template_that_fails_to_render_keeps_a_failed_message():
    MessageTemplate.objects.filter(key="intake.withdrawal_confirmation").update(
        body="{{ tracking_number|date:'Y'|add:tracking_number.nothing }}{% now 1 2 3 %}"
    )
    message = _enqueue()
    assert message.status == MessageState.FAILED
    assert "could not be rendered" in message.last_error


def test_a_template_whose_subject_comes_out_empty_keeps_a_failed_message():
    MessageTemplate.objects.filter(key="intake.withdrawal_confirmation").update(
        subject="{{ no_such_variable }}"
    )
    message = _enqueue()
    assert message.status == MessageState.FAILED
    assert message.subject == "intake.withdrawal_confirmation"
    assert "subject is empty" in message.last_error


def test_user_text_is_not_template_code_and_is_not_html_escaped(
    django_capture_on_commit_callbacks,
):
    context = {**CONTEXT, "requester_name": "{{ request_url }} & <Pat>"}
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(context=context)
    assert mail.outbox[0].body.startswith("Hello {{ request_url }} & <Pat>,")


# --- the real task queue: the database backend and its worker ---------------------------------


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
def test_the_database_queue_and_its_worker_deliver_the_message(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert mail.outbox == []  # nothing is sent until a worker runs
    # The worker runs here, inside the test's transaction: it must not close the connection
    # between tasks as it does in its own process.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    message.refresh_from_db()
    assert message.status == MessageState.SENT
    assert len(mail.outbox) == 1
