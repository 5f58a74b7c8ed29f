"""Program staff's work on a request, the agency's answers and withdrawal, and the decisions."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from continuum.accounts.tests.factories import ProgramStaffFactory, address_verify
from continuum.activity.models import Event
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.engagements.models import Engagement
from continuum.intake.choices import MessageKind, RequestStatus
from continuum.intake.models import AssistanceRequest
from continuum.intake.services import triage
from continuum.intake.sla import business_days_between

from .domain_fixtures import (
    administrator,
    agency_a,
    agency_b,
    member_a,
    member_b,
    requester_a,
    staff,
)
from .factories import program, service, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def ar(requester_a, agency_a):
    return submitted_request(
        requester=requester_a,
        agency=agency_a,
        services=["policy-review"],
        chief_email="chief@riverton.gov",
    )


def _verbs(ar):
    return list(Event.objects.for_target(ar).values_list("verb", flat=True))


# --- assignment, notes, messages ------------------------------------------------------------


def test_bulk_assignment(staff, requester_a, django_capture_on_commit_callbacks):
    reviewer = ProgramStaffFactory()
    requests = [submitted_request(requester=requester_a) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        changed = triage.request_assign(
            actor=staff, assistance_requests=requests, reviewer=reviewer
        )
    assert changed == 3
    assert set(AssistanceRequest.objects.values_list("reviewer", flat=True)) == {reviewer.pk}
    assert all("reviewer_assigned" in _verbs(r) for r in requests)
    assert len(mail.outbox) == 1 and "3 requests" in mail.outbox[0].subject
    # Assigning again changes nothing; unassigning works too.
    assert triage.request_assign(actor=staff, assistance_requests=requests, reviewer=reviewer) == 0
    assert triage.request_assign(actor=staff, assistance_requests=requests[:1], reviewer=None) == 1


def test_assignment_is_for_staff_and_to_staff(staff, ar, requester_a, member_a):
    with pytest.raises(TransitionForbidden):
        triage.request_assign(actor=requester_a, assistance_requests=[ar], reviewer=staff)
    with pytest.raises(ValidationError, match="program staff"):
        triage.request_assign(actor=staff, assistance_requests=[ar], reviewer=member_a)
    with pytest.raises(ValidationError, match="at least one"):
        triage.request_assign(actor=staff, assistance_requests=[], reviewer=staff)
    with pytest.raises(ValidationError, match="could not be found"):
        triage.request_assign(actor=staff, assistance_requests=[ar.pk, 999999], reviewer=staff)


def test_an_internal_note_is_an_internal_event(staff, ar, requester_a):
    event = triage.request_note_add(actor=staff, assistance_request=ar, note="Call the chief.")
    assert event.internal and event.verb == "note_added" and event.note == "Call the chief."
    with pytest.raises(TransitionForbidden):
        triage.request_note_add(actor=requester_a, assistance_request=ar, note="hi")
    with pytest.raises(ValidationError, match="Enter a note"):
        triage.request_note_add(actor=staff, assistance_request=ar, note="   ")


def test_a_message_reaches_the_agency_and_counts_as_a_first_response(
    staff, ar, django_capture_on_commit_callbacks
):
    assert ar.first_response_at is None
    with django_capture_on_commit_callbacks(execute=True):
        message = triage.request_message_send(
            actor=staff, assistance_request=ar, body="We will call you on Monday."
        )
    assert message.from_staff and message.kind == MessageKind.MESSAGE
    ar.refresh_from_db()
    assert ar.first_response_at is not None
    (email,) = mail.outbox
    assert email.to == [ar.requester_email]
    assert ar.tracking_number in email.subject and "We will call you on Monday." in email.body


def test_an_overlong_message_is_refused_clearly(staff, ar):
    with pytest.raises(ValidationError) as error:
        triage.request_message_send(actor=staff, assistance_request=ar, body="x" * 4001)
    assert error.value.message_dict["body"] == [
        "A message must be 4,000 characters or fewer; it has 4,001."
    ]


# --- review and information -------------------------------------------------------------------


def test_starting_the_review_assigns_the_reviewer(staff, ar):
    triage.request_review_start(actor=staff, assistance_request=ar)
    ar.refresh_from_db()
    assert ar.status == RequestStatus.IN_REVIEW
    assert ar.reviewer == staff and ar.first_response_at is not None


@pytest.mark.date_sensitive
def test_information_request_pauses_and_the_answer_resumes_the_clock(
    staff, ar, member_a, django_capture_on_commit_callbacks
):
    triage.request_review_start(actor=staff, assistance_request=ar)
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_information_ask(
            actor=staff, assistance_request=ar, question="How many officers do you have?"
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.NEEDS_INFORMATION and ar.clock_paused_at is not None
    assert "How many officers do you have?" in mail.outbox[-1].body
    assert ar.tracking_number in mail.outbox[-1].subject

    # Pretend the question was asked three weeks ago.
    paused_at = timezone.now() - datetime.timedelta(days=21)
    AssistanceRequest.objects.filter(pk=ar.pk).update(clock_paused_at=paused_at)
    ar.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_information_answer(actor=member_a, assistance_request=ar, answer="42.")
    ar.refresh_from_db()
    assert ar.status == RequestStatus.IN_REVIEW and ar.clock_paused_at is None
    expected = business_days_between(timezone.localdate(paused_at), timezone.localdate())
    assert ar.paused_business_days == expected >= 10
    assert mail.outbox[-1].to == [staff.email]  # the reviewer hears about the answer
    kinds = list(ar.messages.values_list("kind", "from_staff"))
    assert kinds == [(MessageKind.INFORMATION_REQUEST, True), (MessageKind.ANSWER, False)]


def test_staff_cannot_answer_for_the_agency(staff, ar):
    triage.request_information_ask(actor=staff, assistance_request=ar, question="Which policy?")
    with pytest.raises(TransitionForbidden):
        triage.request_information_answer(actor=staff, assistance_request=ar, answer="This one.")


def test_another_agency_cannot_answer(staff, ar, member_b):
    triage.request_information_ask(actor=staff, assistance_request=ar, question="Which policy?")
    with pytest.raises(TransitionForbidden):
        triage.request_information_answer(actor=member_b, assistance_request=ar, answer="No.")


# --- decisions ------------------------------------------------------------------------------


def test_a_decision_never_reaches_an_address_nobody_verified(
    staff, ar, django_capture_on_commit_callbacks
):
    """The chief's address is whatever the requester typed until the chief answers the link."""
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_decline(
            actor=staff, assistance_request=ar, reason="out_of_scope", note="Not ours."
        )
    (email,) = mail.outbox
    assert email.to == [ar.requester_email]


def test_accept_creates_the_engagement_and_tells_the_agency(
    staff, ar, django_capture_on_commit_callbacks
):
    address_verify("chief@riverton.gov")  # the chief answered through the emailed link
    cri_tac = program("cri-tac")
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_accept(
            actor=staff,
            assistance_request=ar,
            program=cri_tac,
            services=[service("policy-review"), service("training")],
            note="We will start with your use-of-force policy.",
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.ACCEPTED
    assert (ar.decided_by, ar.decided_program) == (staff, cri_tac)
    engagement = Engagement.objects.get(assistance_request=ar)
    assert engagement.status == "planning" and engagement.agency_id == ar.agency_id
    assert {s.slug for s in engagement.services.all()} == {"policy-review", "training"}
    (email,) = mail.outbox
    assert set(email.to) == {ar.requester_email, "chief@riverton.gov"}
    assert ar.tracking_number in email.subject
    assert "accepted" in email.body and "use-of-force policy" in email.body
    assert "policy review" in email.body


def test_accept_refuses_services_of_another_program(staff, ar):
    with pytest.raises(ValidationError) as error:
        triage.request_accept(
            actor=staff,
            assistance_request=ar,
            program=program("cri-tac"),
            services=[service("bias-audit")],
        )
    assert "is not part of" in error.value.message_dict["services"][0]
    ar.refresh_from_db()
    assert ar.status == RequestStatus.SUBMITTED
    assert not Engagement.objects.exists()


def test_accept_refuses_a_forged_program(staff, ar):
    with pytest.raises(ValidationError, match="Choose a program"):
        triage.request_accept(
            actor=staff, assistance_request=ar, program=999, services=[service("training")]
        )
    with pytest.raises(ValidationError, match="at least one service"):
        triage.request_accept(
            actor=staff, assistance_request=ar, program=program("cri-tac"), services=[]
        )


def test_only_staff_decide(ar, requester_a, member_b):
    for user in (requester_a, member_b):
        with pytest.raises(TransitionForbidden):
            triage.request_decline(
                actor=user, assistance_request=ar, reason="out_of_scope", note="No."
            )


def test_decline_needs_a_listed_reason_and_a_note(staff, ar, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="reason from the list"):
        triage.request_decline(actor=staff, assistance_request=ar, reason="bored", note="x")
    with pytest.raises(ValidationError, match="Enter a note for the agency"):
        triage.request_decline(actor=staff, assistance_request=ar, reason="duplicate", note="")
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_decline(
            actor=staff,
            assistance_request=ar,
            reason="duplicate",
            note="This repeats your request from March.",
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.DECLINED and ar.decline_reason == "duplicate"
    assert "It duplicates another request" in mail.outbox[0].body
    assert "This repeats your request from March." in mail.outbox[0].body


def test_refer_with_a_target_and_a_note(staff, ar, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="where to refer"):
        triage.request_refer(actor=staff, assistance_request=ar, target="mars", note="x")
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_refer(
            actor=staff,
            assistance_request=ar,
            target="resources",
            note="The body-worn camera toolkit answers this.",
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.REFERRED and ar.referral_target == "resources"
    assert "referred" in mail.outbox[0].subject
    assert "the referral target" not in mail.outbox[0].body


def test_a_decision_while_waiting_on_the_agency_closes_the_pause(staff, ar):
    triage.request_information_ask(actor=staff, assistance_request=ar, question="Which policy?")
    triage.request_refer(actor=staff, assistance_request=ar, target="doj_other", note="See CRT.")
    ar.refresh_from_db()
    assert ar.clock_paused_at is None and ar.decided_at is not None


def test_a_second_decision_is_refused(staff, ar):
    triage.request_decline(actor=staff, assistance_request=ar, reason="other", note="Sorry.")
    with pytest.raises(TransitionNotAllowed, match="declined"):
        triage.request_accept(
            actor=staff,
            assistance_request=ar,
            program=program("cri-tac"),
            services=[service("training")],
        )


# --- withdrawal -----------------------------------------------------------------------------


def test_the_agency_withdraws_and_the_record_stays(
    member_a, ar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        triage.request_withdraw(
            actor=member_a, assistance_request=ar, reason="Our new chief wants to wait."
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.WITHDRAWN
    assert ar.withdrawal_reason == "Our new chief wants to wait."
    assert ar.tracking_number and ar.narrative and ar.services.exists()
    assert "withdrawn" in _verbs(ar)
    assert ar.tracking_number in mail.outbox[0].subject


def test_staff_and_other_agencies_cannot_withdraw(staff, ar, member_b):
    with pytest.raises(TransitionForbidden):
        triage.request_withdraw(actor=staff, assistance_request=ar)
    with pytest.raises(TransitionForbidden):
        triage.request_withdraw(actor=member_b, assistance_request=ar)


def test_no_withdrawal_after_a_decision(staff, ar, requester_a):
    triage.request_refer(actor=staff, assistance_request=ar, target="resources", note="See x.")
    with pytest.raises(TransitionNotAllowed, match="it is referred"):
        triage.request_withdraw(actor=requester_a, assistance_request=ar)


# --- routing again ----------------------------------------------------------------------------


def test_routing_again_records_the_table_used(staff, ar, administrator):
    from continuum.intake.services.routing_tables import routing_table_activate, routing_table_copy

    v2 = routing_table_copy(actor=administrator, table=ar.routing_table)
    v2.rules.filter(when_service__slug="policy-review").update(program=program("critical-response"))
    policy_rule = v2.rules.get(when_service__slug="policy-review")
    policy_rule.services.set([service("operations-review")])
    routing_table_activate(actor=administrator, table=v2)
    triage.request_route(actor=staff, assistance_request=ar)
    assert ar.routing_table == v2
    assert ar.recommended_program.slug == "critical-response"
    assert [s.slug for s in ar.recommended_services.all()] == ["operations-review"]
