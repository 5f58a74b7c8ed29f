"""The one decision service, driven by its table: every decision the same way."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import pytest
from django.core.exceptions import ValidationError

from continuum.activity.models import Event
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.intake.choices import RequestStatus
from continuum.intake.services.decisions import DECISIONS
from continuum.intake.services.triage import request_decide

from .domain_fixtures import agency_a, requester_a, staff
from .factories import program, service, submitted_request

pytestmark = pytest.mark.django_db

#: decision → (details, the status it leads to, the field it records and its value)
CASES = {
    "accept": (
        lambda: {"program": program("cri-tac"), "services": [service("policy-review")]},
        RequestStatus.ACCEPTED,
        ("decided_program_id", lambda: program("cri-tac").pk),
    ),
    "decline": (
        lambda: {"reason": "out_of_scope"},
        RequestStatus.DECLINED,
        ("decline_reason", lambda: "out_of_scope"),
    ),
    "refer": (
        lambda: {"target": "resources"},
        RequestStatus.REFERRED,
        ("referral_target", lambda: "resources"),
    ),
}


@pytest.fixture
def ar(requester_a, agency_a):
    return submitted_request(requester=requester_a, agency=agency_a, services=["policy-review"])


def test_every_decision_in_the_table_is_tested_here():
    assert set(DECISIONS) == set(CASES)


@pytest.mark.parametrize("decision", sorted(CASES))
def test_a_decision_records_who_when_what_and_an_event(decision, staff, ar):
    details, status, (field, value) = CASES[decision]
    row = request_decide(
        actor=staff, assistance_request=ar, decision=decision, note="Our answer.", **details()
    )
    row.refresh_from_db()
    assert row.status == status
    assert row.decided_by == staff and row.decided_at is not None
    assert row.first_response_at is not None and row.decision_note == "Our answer."
    assert getattr(row, field) == value()
    event = Event.objects.for_target(row).get(verb=status)
    assert (event.actor, event.from_state, event.to_state) == (staff, "submitted", status)
    assert event.note == "Our answer." and not event.internal


@pytest.mark.parametrize("decision", sorted(CASES))
def test_a_decision_is_for_program_staff_only(decision, requester_a, ar):
    details, _, _ = CASES[decision]
    with pytest.raises(TransitionForbidden):
        request_decide(
            actor=requester_a, assistance_request=ar, decision=decision, note="x", **details()
        )
    ar.refresh_from_db()
    assert ar.status == RequestStatus.SUBMITTED


@pytest.mark.parametrize("decision", sorted(CASES))
def test_a_request_is_decided_once(decision, staff, ar):
    details, _, _ = CASES[decision]
    request_decide(actor=staff, assistance_request=ar, decision=decision, note="x", **details())
    for other in CASES:
        other_details, _, _ = CASES[other]
        with pytest.raises(TransitionNotAllowed):
            request_decide(
                actor=staff, assistance_request=ar, decision=other, note="x", **other_details()
            )


@pytest.mark.parametrize(
    ("decision", "needs_note"), [(d, DECISIONS[d].note_required) for d in sorted(DECISIONS)]
)
def test_a_note_is_required_where_the_table_says(decision, needs_note, staff, ar):
    details, status, _ = CASES[decision]
    if needs_note:
        with pytest.raises(ValidationError) as error:
            request_decide(actor=staff, assistance_request=ar, decision=decision, **details())
        assert "note" in error.value.message_dict
        ar.refresh_from_db()
        assert ar.status == RequestStatus.SUBMITTED
    else:
        assert (
            request_decide(
                actor=staff, assistance_request=ar, decision=decision, **details()
            ).status
            == status
        )


def test_an_unknown_decision_is_refused_plainly(staff, ar):
    with pytest.raises(ValidationError, match="accept, decline or refer"):
        request_decide(actor=staff, assistance_request=ar, decision="approve", note="x")
    with pytest.raises(ValidationError, match="reason from the list"):
        request_decide(actor=staff, assistance_request=ar, decision="decline", note="x")
