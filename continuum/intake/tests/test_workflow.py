"""The request workflow's transition table, its permissions and its guards."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import pytest

from continuum.activity.models import Event
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.intake.choices import RequestStatus as S
from continuum.intake.workflow import REQUEST_MACHINE, event_label

from .domain_fixtures import (
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)
from .factories import AssistanceRequestFactory, RawSubmittedRequestFactory

EXPECTED = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "start_review"): S.IN_REVIEW,
    (S.SUBMITTED, "ask_information"): S.NEEDS_INFORMATION,
    (S.IN_REVIEW, "ask_information"): S.NEEDS_INFORMATION,
    (S.NEEDS_INFORMATION, "answer_information"): S.IN_REVIEW,
}
for _source in (S.SUBMITTED, S.IN_REVIEW, S.NEEDS_INFORMATION):
    EXPECTED[(_source, "accept")] = S.ACCEPTED
    EXPECTED[(_source, "decline")] = S.DECLINED
    EXPECTED[(_source, "refer")] = S.REFERRED
    EXPECTED[(_source, "withdraw")] = S.WITHDRAWN


def test_the_transition_table_is_exactly_the_contract():
    table = {(t.source, t.action): t.target for t in REQUEST_MACHINE.transitions}
    assert table == EXPECTED


@pytest.mark.parametrize("state", [S.DRAFT, S.ACCEPTED, S.DECLINED, S.REFERRED, S.WITHDRAWN])
def test_no_withdrawal_outside_the_open_states(state):
    assert REQUEST_MACHINE.transition_for(state, "withdraw") is None


@pytest.mark.parametrize("state", [S.ACCEPTED, S.DECLINED, S.REFERRED, S.WITHDRAWN])
def test_decided_and_withdrawn_requests_are_final(state):
    assert REQUEST_MACHINE.actions_from(state) == []


def _submitted(agency, requester, status=S.SUBMITTED):
    return RawSubmittedRequestFactory(agency=agency, requester=requester, status=status)


@pytest.mark.django_db
def test_only_program_staff_review_and_decide(staff, requester_a, member_a, member_b, outsider):
    ar = _submitted(requester_a.agency_membership.agency, requester_a)
    for action in ("start_review", "ask_information", "accept", "decline", "refer"):
        assert REQUEST_MACHINE.can(staff, ar, action)
        for user in (requester_a, member_a, member_b, outsider):
            assert not REQUEST_MACHINE.can(user, ar, action), (user, action)


@pytest.mark.django_db
def test_only_the_agency_side_withdraws(staff, requester_a, member_a, member_b, outsider):
    ar = _submitted(requester_a.agency_membership.agency, requester_a)
    assert REQUEST_MACHINE.can(requester_a, ar, "withdraw")
    assert REQUEST_MACHINE.can(member_a, ar, "withdraw")
    for user in (staff, member_b, outsider):
        assert not REQUEST_MACHINE.can(user, ar, "withdraw")


@pytest.mark.django_db
def test_only_the_agency_side_answers(staff, requester_a, member_a, member_b):
    ar = _submitted(requester_a.agency_membership.agency, requester_a, S.NEEDS_INFORMATION)
    assert REQUEST_MACHINE.can(requester_a, ar, "answer_information")
    assert REQUEST_MACHINE.can(member_a, ar, "answer_information")
    assert not REQUEST_MACHINE.can(staff, ar, "answer_information")
    assert not REQUEST_MACHINE.can(member_b, ar, "answer_information")


@pytest.mark.django_db
def test_refusals_say_why_in_plain_words(staff, requester_a):
    ar = _submitted(requester_a.agency_membership.agency, requester_a, S.ACCEPTED)
    with pytest.raises(TransitionNotAllowed, match="it is accepted"):
        REQUEST_MACHINE.apply(actor=requester_a, obj=ar, action="withdraw")
    open_ar = _submitted(requester_a.agency_membership.agency, requester_a)
    with pytest.raises(TransitionForbidden, match="do not have permission"):
        REQUEST_MACHINE.apply(actor=requester_a, obj=open_ar, action="accept")


@pytest.mark.django_db
def test_the_submit_guard_needs_an_agency_and_the_attestations(requester_a):
    draft = AssistanceRequestFactory(requester=requester_a, agency=None, attests_voluntary=True)
    with pytest.raises(TransitionNotAllowed, match="Choose your agency"):
        REQUEST_MACHINE.apply(actor=requester_a, obj=draft, action="submit")
    draft = AssistanceRequestFactory(requester=requester_a, attests_chief_supports=False)
    with pytest.raises(TransitionNotAllowed, match="chief executive supports"):
        REQUEST_MACHINE.apply(actor=requester_a, obj=draft, action="submit")


@pytest.mark.django_db
def test_a_transition_records_an_event(staff, requester_a):
    ar = _submitted(requester_a.agency_membership.agency, requester_a)
    REQUEST_MACHINE.apply(actor=staff, obj=ar, action="start_review")
    event = Event.objects.for_target(ar).get()
    assert (event.verb, event.from_state, event.to_state) == (
        "review_started",
        "submitted",
        "in_review",
    )
    assert event_label(event.verb) == "Review started"


def test_every_event_written_on_a_request_has_plain_words():
    """A verb recorded by the intake services reads as a sentence on the timeline."""
    import re
    from pathlib import Path

    from continuum.intake.workflow import EVENT_LABELS, REQUEST_MACHINE

    services = Path(__file__).resolve().parents[1] / "services"
    written = set()
    for path in services.glob("*.py"):
        if path.name in {"routing_tables.py", "saved_views.py"}:  # events of other objects
            continue
        written |= set(re.findall(r'verb="([a-z_]+)"', path.read_text(encoding="utf-8")))
    written |= {t.event_verb for t in REQUEST_MACHINE.transitions}
    missing = sorted(written - set(EVENT_LABELS))
    assert not missing, f"Add plain words for {missing} to EVENT_LABELS"
