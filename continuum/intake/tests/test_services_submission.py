"""Submitting a request: completeness, tracking numbers, routing stored, emails, double submit."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from continuum.activity.models import Event
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.intake.choices import RequestStatus
from continuum.intake.models import TrackingCounter
from continuum.intake.services.submission import (
    request_submit,
    tracking_number_format,
)

from .domain_fixtures import agency_a, member_a, outsider, requester_a
from .factories import AssistanceRequestFactory, RawSubmittedRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]  # relative to today
TRACKING = re.compile(r"^CRI-\d{4}-\d{5}$")


def test_submit_gives_a_tracking_number_and_a_recommendation(requester_a, agency_a):
    draft = AssistanceRequestFactory(
        requester=requester_a, agency=agency_a, not_sure=False, services=["bias-audit"]
    )
    ar = request_submit(actor=requester_a, assistance_request=draft)
    assert ar.status == RequestStatus.SUBMITTED
    assert TRACKING.match(ar.tracking_number)
    assert ar.tracking_number.startswith(f"CRI-{timezone.localdate().year}-")
    assert ar.submitted_at is not None
    assert ar.recommended_program.slug == "critical-response"
    assert [s.slug for s in ar.recommended_services.all()] == ["bias-audit"]
    assert ar.routing_table.version == 2  # the active table
    assert ar.recommendation_reasons
    verbs = [(e.verb, e.internal) for e in Event.objects.for_target(ar)]
    assert ("submitted", False) in verbs
    assert ("routing_recommended", True) in verbs


def test_two_submissions_get_different_numbers_in_sequence(requester_a, agency_a):
    first = request_submit(
        actor=requester_a, assistance_request=AssistanceRequestFactory(requester=requester_a)
    )
    second = request_submit(
        actor=requester_a, assistance_request=AssistanceRequestFactory(requester=requester_a)
    )
    assert first.tracking_number != second.tracking_number
    n1, n2 = (int(ar.tracking_number[-5:]) for ar in (first, second))
    assert n2 == n1 + 1


def test_a_double_submit_is_refused_and_names_the_tracking_number(requester_a):
    draft = AssistanceRequestFactory(requester=requester_a)
    stale_copy = type(draft).objects.get(pk=draft.pk)  # the second browser tab
    ar = request_submit(actor=requester_a, assistance_request=draft)
    with pytest.raises(TransitionNotAllowed) as refused:
        request_submit(actor=requester_a, assistance_request=stale_copy)
    assert "already submitted" in str(refused.value)
    assert ar.tracking_number in str(refused.value)
    counter = TrackingCounter.objects.get(year=timezone.localdate().year)
    assert counter.last_number == int(ar.tracking_number[-5:]), "no number was used up"


def test_numbers_are_never_reused_even_if_a_number_exists_already(requester_a):
    year = timezone.localdate().year
    RawSubmittedRequestFactory(tracking_number=tracking_number_format(year, 1))
    ar = request_submit(
        actor=requester_a, assistance_request=AssistanceRequestFactory(requester=requester_a)
    )
    assert ar.tracking_number == tracking_number_format(year, 2)


def test_an_incomplete_draft_says_what_is_missing(requester_a):
    draft = AssistanceRequestFactory(
        requester=requester_a,
        chief_email="",
        narrative="",
        not_sure=False,
        has_critical_incident=True,
    )
    with pytest.raises(ValidationError) as error:
        request_submit(actor=requester_a, assistance_request=draft)
    messages = error.value.message_dict
    assert set(messages) == {
        "chief_email",
        "narrative",
        "services",
        "incident_date",
        "incident_kind",
    }
    assert messages["services"] == ["Choose at least one kind of help, or choose “Not sure”."]
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT and draft.tracking_number is None


def test_an_unlisted_agency_needs_its_details(requester_a):
    draft = AssistanceRequestFactory(
        requester=requester_a, agency=None, unlisted_agency_name="Pine Ridge Tribal Police"
    )
    with pytest.raises(ValidationError) as error:
        request_submit(actor=requester_a, assistance_request=draft)
    assert set(error.value.message_dict) == {
        "unlisted_agency_type",
        "unlisted_jurisdiction_level",
        "unlisted_state",
    }


def test_someone_else_cannot_submit_a_draft(requester_a, member_a, outsider):
    draft = AssistanceRequestFactory(requester=requester_a)
    for user in (member_a, outsider, AnonymousUser()):
        with pytest.raises(TransitionForbidden):
            request_submit(actor=user, assistance_request=draft)


def test_a_draft_without_an_account_can_be_submitted_from_its_session(agency_a):
    draft = AssistanceRequestFactory(requester=None, agency=agency_a)
    ar = request_submit(actor=AnonymousUser(), assistance_request=draft)
    assert ar.status == RequestStatus.SUBMITTED
    assert Event.objects.for_target(ar).get(verb="submitted").actor is None


def test_confirmation_emails_go_out_on_commit(
    requester_a, agency_a, django_capture_on_commit_callbacks
):
    draft = AssistanceRequestFactory(requester=requester_a, chief_email="chief@riverton.gov")
    with django_capture_on_commit_callbacks(execute=True):
        ar = request_submit(actor=requester_a, assistance_request=draft)
    assert len(mail.outbox) == 2
    to_requester, to_chief = mail.outbox
    assert to_requester.to == [requester_a.email]
    assert ar.tracking_number in to_requester.subject
    assert ar.tracking_number in to_requester.body
    assert "2 business days" in to_requester.body
    page = reverse("intake:request_detail", kwargs={"public_id": ar.public_id})
    assert page in to_requester.body
    assert to_chief.to == ["chief@riverton.gov"]
    assert ar.tracking_number in to_chief.body
    assert "/request/confirm/" in to_chief.body


def test_no_email_when_submission_fails(requester_a, django_capture_on_commit_callbacks):
    draft = AssistanceRequestFactory(requester=requester_a, narrative="")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        request_submit(actor=requester_a, assistance_request=draft)
    assert mail.outbox == []
