"""Program staff's outbox pages, and the administrators' message templates."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import AdministratorFactory, ProgramStaffFactory
from continuum.activity.models import Event
from continuum.activity.outbox.models import MessageState, MessageTemplate, OutboundMessage
from continuum.activity.outbox.services import _claim, _send, message_enqueue
from continuum.intake.tests.domain_fixtures import agency_a, member_a, outsider

from .factories import OutboundMessageFactory
from .mail_backends import RAISING

pytestmark = pytest.mark.django_db

LIST = reverse("activity:outbox_list")


def _failed(settings, **kwargs) -> OutboundMessage:
    """A message whose every attempt failed."""
    settings.CONTINUUM = {**settings.CONTINUUM, "OUTBOX": {"MAX_ATTEMPTS": 1}}
    settings.EMAIL_BACKEND = RAISING
    message = OutboundMessageFactory(**kwargs)
    (claimed,) = _claim([message.pk])
    assert _send(claimed) == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message.refresh_from_db()
    return message


@pytest.fixture
def staff_client(client):
    client.force_login(ProgramStaffFactory())
    return client


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_each_message_with_its_state_and_counts(staff_client, settings):
    sent = OutboundMessageFactory(subject="A sent one")
    (claimed,) = _claim([sent.pk])
    assert _send(claimed) == "sent"
    failed = _failed(settings, subject="A failed one")
    OutboundMessageFactory(subject="A queued one")
    page = staff_client.get(LIST).content.decode()
    for subject in ("A sent one", "A failed one", "A queued one"):
        assert subject in page
    assert reverse("activity:outbox_detail", args=[failed.pk]) in page
    assert "Failed: <strong>1</strong>" in page
    assert "Queued: <strong>1</strong>" in page


def test_the_list_filters_by_state(staff_client, settings):
    _failed(settings, subject="A failed one")
    OutboundMessageFactory(subject="A queued one")
    page = staff_client.get(LIST, {"state": "failed"}).content.decode()
    assert "A failed one" in page and "A queued one" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"state": "exploded"},
        {"before": "99999999999999999999999"},
        {"after": "-1"},
        {"before": "abc"},
    ],
)
def test_bad_filters_answer_with_a_message_not_an_error(staff_client, query):
    OutboundMessageFactory(subject="Still listed")
    response = staff_client.get(LIST, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "That filter or page is not valid" in page and "Still listed" in page


def test_the_list_pages_by_keyset_newest_first(staff_client):
    messages = [OutboundMessageFactory(subject=f"Message number {n:03d}") for n in range(60)]
    first = staff_client.get(LIST)
    rows = first.context["page"].rows
    assert [m.pk for m in rows] == [m.pk for m in reversed(messages)][:50]
    older = staff_client.get(LIST, {"before": first.context["page"].older})
    assert [m.pk for m in older.context["page"].rows] == [m.pk for m in reversed(messages[:10])]
    assert older.context["page"].older is None
    newer = staff_client.get(LIST, {"after": older.context["page"].newer})
    assert [m.pk for m in newer.context["page"].rows] == [m.pk for m in rows]


def test_the_list_costs_the_same_queries_however_many_messages(staff_client):
    OutboundMessageFactory.create_batch(3)
    staff_client.get(LIST)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        staff_client.get(LIST)
    OutboundMessageFactory.create_batch(80)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(LIST)
    assert len(many) == len(few)
    assert len(few) <= 6


# --- one message and its retry ----------------------------------------------------------------


def test_a_failed_message_shows_its_reason_and_staff_can_retry_it(staff_client, settings):
    message = _failed(settings)
    url = reverse("activity:outbox_detail", args=[message.pk])
    page = staff_client.get(url).content.decode()
    assert "This message was not sent" in page
    assert "The mail server closed the connection." in page
    assert reverse("activity:outbox_retry", args=[message.pk]) in page
    assert message.recipients[0] in page

    response = staff_client.post(reverse("activity:outbox_retry", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == url
    message.refresh_from_db()
    assert message.status == MessageState.QUEUED and message.attempts == 0
    retried = Event.objects.for_target(message).get(verb="message_retried")
    assert retried.actor is not None and retried.to_state == "queued"


def test_retry_is_delivered_once_committed(
    staff_client, settings, django_capture_on_commit_callbacks
):
    message = _failed(settings)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("activity:outbox_retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == MessageState.SENT
    assert [m.subject for m in mail.outbox] == [message.subject]


def test_a_message_that_is_not_failed_cannot_be_retried(staff_client):
    message = OutboundMessageFactory()
    page = staff_client.get(reverse("activity:outbox_detail", args=[message.pk])).content.decode()
    assert reverse("activity:outbox_retry", args=[message.pk]) not in page
    response = staff_client.post(reverse("activity:outbox_retry", args=[message.pk]), follow=True)
    assert response.status_code == 200
    assert "can&#x27;t be done now" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageState.QUEUED


def test_retry_answers_only_post(staff_client, settings):
    message = _failed(settings)
    response = staff_client.get(reverse("activity:outbox_retry", args=[message.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["activity:outbox_detail", "activity:outbox_retry"])
def test_a_message_is_not_found_for_anyone_but_staff(client, member_a, outsider, settings, name):
    message = _failed(settings)
    url = reverse(name, args=[message.pk])
    for user in (member_a, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    message.refresh_from_db()
    assert message.status == MessageState.FAILED
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_message_that_does_not_exist_is_not_found_for_staff(staff_client):
    assert staff_client.get(reverse("activity:outbox_detail", args=[999_999])).status_code == 404
    assert staff_client.post(reverse("activity:outbox_retry", args=[999_999])).status_code == 404


# --- message templates in the administration site ----------------------------------------------


@pytest.fixture
def admin_client_(client):
    admin = AdministratorFactory()
    client.force_login(admin)
    client.admin = admin
    return client


def _template_url(key: str) -> str:
    template = MessageTemplate.objects.get(key=key)
    return reverse("admin:activity_messagetemplate_change", args=[template.pk])


def _form(template: MessageTemplate, **changes) -> dict:
    data = {
        "subject": template.subject,
        "body": template.body,
        "description": template.description,
    }
    return {**data, **changes}


def test_every_intake_email_has_a_seeded_template():
    from continuum.intake import notifications

    keys = set(MessageTemplate.objects.values_list("key", flat=True))
    assert set(notifications.DECISION_TEMPLATES.values()) <= keys
    assert {
        "intake.submission_confirmation",
        "intake.chief_confirmation",
        "intake.information_request",
        "intake.staff_message",
        "intake.withdrawal_confirmation",
        "intake.information_answered",
        "intake.assignment",
    } <= keys
    for template in MessageTemplate.objects.all():
        template.full_clean()  # every seeded text is a valid template
        assert template.variables and template.sample_context


def test_the_admin_previews_a_template_with_its_sample_values(admin_client_):
    page = admin_client_.get(_template_url("intake.decision_declined")).content.decode()
    assert "Preview of the saved text, with the sample values" in page
    assert "A decision on your request CRI-2026-00042" in page
    assert "The reason: It duplicates another request." in page
    assert "<code>{{ decline_reason }}</code>" in page


def test_the_admin_refuses_a_template_with_a_syntax_error(admin_client_):
    template = MessageTemplate.objects.get(key="intake.staff_message")
    before = template.body
    data = _form(template, body="Hello {% if requester_name %}{{ requester_name }}")
    response = admin_client_.post(_template_url(template.key), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not a valid template" in page
    assert "Unclosed tag" in page
    template.refresh_from_db()
    assert template.body == before
    assert not Event.objects.for_target(template).exists()


def test_the_admin_refuses_a_subject_that_comes_out_empty(admin_client_):
    template = MessageTemplate.objects.get(key="intake.staff_message")
    response = admin_client_.post(_template_url(template.key), _form(template, subject="{{ x }}"))
    assert response.status_code == 200
    assert "This template is empty once filled in" in response.content.decode()


def test_the_admin_refuses_a_template_that_loads_tag_libraries(admin_client_):
    template = MessageTemplate.objects.get(key="intake.staff_message")
    data = _form(template, subject="{% load static %}{% static 'x' %}")
    response = admin_client_.post(_template_url(template.key), data)
    assert response.status_code == 200
    assert "This is not a valid template" in response.content.decode()


def test_an_admin_edit_goes_through_the_service_leaves_an_event_and_is_used(
    admin_client_, django_capture_on_commit_callbacks
):
    template = MessageTemplate.objects.get(key="intake.staff_message")
    data = _form(template, subject="News about {{ tracking_number }}")
    response = admin_client_.post(_template_url(template.key), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "News about {{ tracking_number }}"
    event = Event.objects.for_target(template).get()
    assert event.verb == "message_template_changed" and event.actor == admin_client_.admin
    assert event.data["changed"] == ["subject"]
    assert event.data["before"]["subject"] == "A message about your request {{ tracking_number }}"

    with django_capture_on_commit_callbacks(execute=True):
        message_enqueue(
            template=template.key,
            to=["pat@example.gov"],
            context={"tracking_number": "CRI-2026-00001", "message": "Hi"},
        )
    assert mail.outbox[0].subject == "News about CRI-2026-00001"


def test_templates_cannot_be_added_or_deleted_in_the_admin(admin_client_):
    template = MessageTemplate.objects.get(key="intake.staff_message")
    assert admin_client_.get(reverse("admin:activity_messagetemplate_add")).status_code == 403
    delete = reverse("admin:activity_messagetemplate_delete", args=[template.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert MessageTemplate.objects.filter(pk=template.pk).exists()


def test_only_administrators_change_templates_through_the_service():
    from continuum.activity.outbox.services import message_template_update
    from continuum.core.workflow import TransitionForbidden

    template = MessageTemplate.objects.get(key="intake.staff_message")
    with pytest.raises(TransitionForbidden):
        message_template_update(
            actor=ProgramStaffFactory(),
            template=template,
            subject="x",
            body="y",
            description="",
        )


def test_the_admin_retries_failed_messages(admin_client_, settings):
    message = _failed(settings)
    response = admin_client_.post(
        reverse("admin:activity_outboundmessage_changelist"),
        {"action": "retry_failed", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageState.QUEUED
