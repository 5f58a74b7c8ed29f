"""Per-object rights on requests: who sees, edits, withdraws, answers, decides."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import pytest

from continuum.accounts.tests.factories import AdministratorFactory, UserFactory
from continuum.intake import permissions as p
from continuum.intake.choices import RequestStatus as S

from .domain_fixtures import (
    administrator,
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)
from .factories import AssistanceRequestFactory, RawSubmittedRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, requester_a):
    return AssistanceRequestFactory(agency=agency_a, requester=requester_a)


@pytest.fixture
def submitted(agency_a, requester_a):
    return RawSubmittedRequestFactory(agency=agency_a, requester=requester_a)


def test_a_draft_is_seen_only_by_its_creator(draft, requester_a, member_a, staff, administrator):
    assert p.can_view_request(requester_a, draft)
    assert p.can_edit_draft(requester_a, draft)
    for user in (member_a, staff, administrator):
        assert not p.can_view_request(user, draft)
        assert not p.can_edit_draft(user, draft)


def test_a_draft_without_an_account_is_left_to_the_session_check(agency_a):
    draft = AssistanceRequestFactory(agency=agency_a, requester=None)
    assert p.can_edit_draft(UserFactory(), draft)  # the view checks the session first
    assert not p.can_view_request(UserFactory(), draft)


def test_submitted_request_visibility(
    submitted,
    requester_a,
    member_a,
    member_b,
    staff,
    administrator,
    outsider,
):
    for user in (requester_a, member_a, staff, administrator):
        assert p.can_view_request(user, submitted), user
    for user in (member_b, outsider):
        assert not p.can_view_request(user, submitted), user


def test_an_inactive_account_sees_nothing(submitted, requester_a):
    requester_a.is_active = False
    assert not p.can_view_request(requester_a, submitted)
    assert not p.can_withdraw_request(requester_a, submitted)


def test_the_requester_keeps_seeing_their_request_after_leaving_the_agency(
    submitted,
    requester_a,
    agency_b,
):
    membership = requester_a.agency_membership
    membership.agency = agency_b
    membership.save()
    assert p.can_view_request(requester_a, submitted)


def test_withdraw_and_answer_belong_to_the_agency_side(
    submitted,
    requester_a,
    member_a,
    member_b,
    staff,
):
    assert p.can_withdraw_request(requester_a, submitted)
    assert p.can_withdraw_request(member_a, submitted)
    assert not p.can_withdraw_request(staff, submitted)
    assert not p.can_withdraw_request(member_b, submitted)
    assert not p.can_answer_information(requester_a, submitted)  # not asked yet
    submitted.status = S.NEEDS_INFORMATION
    assert p.can_answer_information(member_a, submitted)
    assert not p.can_answer_information(staff, submitted)


@pytest.mark.parametrize("status", [S.ACCEPTED, S.DECLINED, S.REFERRED, S.WITHDRAWN])
def test_no_withdrawal_after_a_decision(submitted, requester_a, status):
    submitted.status = status
    assert not p.can_withdraw_request(requester_a, submitted)


def test_decisions_messages_and_notes_belong_to_program_staff(
    submitted,
    draft,
    requester_a,
    member_a,
    staff,
    administrator,
):
    for check in (p.can_decide_request, p.can_message_request, p.can_note_request):
        assert check(staff, submitted)
        assert check(administrator, submitted)
        assert not check(requester_a, submitted)
        assert not check(member_a, submitted)
        assert not check(staff, draft)
    assert p.can_triage(staff) and p.can_triage(AdministratorFactory())
    assert not p.can_triage(requester_a)


def test_the_queue_rule_is_the_policy_rule_on_sent_requests(
    agency_a, agency_b, requester_a, member_a, member_b, staff, administrator, outsider
):
    """`sent_visible_to` (the queue's base, written without staff's OR so the counts read an
    index alone) lists exactly the sent requests `visible_to` lists, for every kind of viewer."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Q

    from continuum.accounts.tests.factories import ProgramStaffFactory
    from continuum.intake.models import AssistanceRequest
    from continuum.intake.policy import REQUESTS

    staff_requester = ProgramStaffFactory()
    inactive = UserFactory(is_active=False)
    rows = [
        AssistanceRequestFactory(agency=agency, requester=who)
        for agency, who in (
            (agency_a, requester_a),
            (agency_a, staff_requester),
            (agency_b, member_b),
        )
    ]
    for status in S.values:
        if status != S.DRAFT:
            for agency, who in ((agency_a, requester_a), (agency_b, staff_requester)):
                rows.append(RawSubmittedRequestFactory(agency=agency, requester=who, status=status))
    rows.append(
        RawSubmittedRequestFactory(
            agency=None, requester=outsider, unlisted_agency_name="Unlisted Police Department"
        )
    )

    def pks(rule) -> set[int]:
        return set(AssistanceRequest.objects.filter(rule).values_list("pk", flat=True))

    viewers = (requester_a, member_a, member_b, staff, staff_requester, administrator, outsider)
    for viewer in (*viewers, inactive, AnonymousUser()):
        sent_by_policy = pks(REQUESTS.visible_to(viewer)) & pks(
            Q(submitted_at__isnull=False) & ~Q(status=S.DRAFT)
        )
        assert pks(REQUESTS.sent_visible_to(viewer)) == sent_by_policy, viewer
    assert pks(REQUESTS.sent_visible_to(staff)) == {ar.pk for ar in rows if ar.status != S.DRAFT}
