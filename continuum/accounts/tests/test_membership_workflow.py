"""The agency membership transition table, the services that drive it, and the staff pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.models import AgencyMembership, MembershipStatus, VerificationMethod
from continuum.accounts.roles import agency_membership_of, pending_agency_membership_of
from continuum.accounts.services import (
    agency_membership_end,
    agency_membership_evidence_add,
    agency_membership_refuse,
    agency_membership_request,
    agency_membership_verify,
)
from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    UserFactory,
)
from continuum.accounts.workflow import MEMBERSHIP_MACHINE
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

pytestmark = pytest.mark.django_db
S = MembershipStatus


def test_the_transition_table_is_exactly_this():
    table = {(t.source, t.action, t.target) for t in MEMBERSHIP_MACHINE.transitions}
    assert table == {
        (S.REQUESTED, "verify", S.VERIFIED),
        (S.REQUESTED, "refuse", S.REFUSED),
        (S.REQUESTED, "cancel", S.ENDED),
        (S.VERIFIED, "end", S.ENDED),
    }
    # Nothing leaves "refused" or "ended": asking again makes a new row (history is kept).
    assert MEMBERSHIP_MACHINE.actions_from(S.REFUSED) == []
    assert MEMBERSHIP_MACHINE.actions_from(S.ENDED) == []


@pytest.mark.parametrize(
    ("action", "staff", "member", "stranger"),
    [("verify", True, False, False), ("refuse", True, False, False), ("cancel", True, True, False)],
)
def test_who_may_take_each_transition(action, staff, member, stranger):
    membership = PendingAgencyMembershipFactory()
    t = MEMBERSHIP_MACHINE.transition_for(S.REQUESTED, action)
    assert t.permission(ProgramStaffFactory(), membership) is staff
    assert t.permission(membership.user, membership) is member
    assert t.permission(UserFactory(), membership) is stranger


def test_verify_records_who_when_how_and_an_event():
    staff = ProgramStaffFactory()
    membership = PendingAgencyMembershipFactory()
    assert pending_agency_membership_of(membership.user) == membership
    agency_membership_verify(
        actor=staff, membership=membership, method=VerificationMethod.EMAIL_DOMAIN, note="@ci.gov"
    )
    membership.refresh_from_db()
    assert membership.status == S.VERIFIED
    assert membership.verified_by == staff
    assert membership.verified_at is not None
    assert (membership.verification_method, membership.verification_note) == (
        "email_domain",
        "@ci.gov",
    )
    event = Event.objects.for_target(membership).get(verb="membership_verified")
    assert (event.actor, event.from_state, event.to_state) == (staff, S.REQUESTED, S.VERIFIED)
    assert agency_membership_of(membership.user) == membership
    assert pending_agency_membership_of(membership.user) is None


def test_other_needs_a_note_and_an_unknown_method_is_refused():
    membership = PendingAgencyMembershipFactory()
    staff = ProgramStaffFactory()
    with pytest.raises(ValidationError, match="Explain how"):
        agency_membership_verify(actor=staff, membership=membership, method="other", note=" ")
    with pytest.raises(ValidationError, match="Choose how"):
        agency_membership_verify(actor=staff, membership=membership, method="a hunch")
    membership.refresh_from_db()
    assert membership.status == S.REQUESTED


def test_refuse_needs_a_reason_and_is_final():
    membership = PendingAgencyMembershipFactory()
    staff = ProgramStaffFactory()
    with pytest.raises(ValidationError):
        agency_membership_refuse(actor=staff, membership=membership, reason="")
    agency_membership_refuse(actor=staff, membership=membership, reason="Not on the staff list.")
    membership.refresh_from_db()
    assert (membership.status, membership.refusal_reason) == (S.REFUSED, "Not on the staff list.")
    with pytest.raises(TransitionNotAllowed):
        agency_membership_verify(actor=staff, membership=membership, method="phone")
    assert agency_membership_of(membership.user) is None


def test_ending_and_asking_again_keeps_the_history():
    membership = AgencyMembershipFactory()
    user = membership.user
    with pytest.raises(TransitionForbidden):
        agency_membership_end(actor=UserFactory(), membership=membership)
    agency_membership_end(actor=user, membership=membership, note="I retired.")
    membership.refresh_from_db()
    assert membership.status == S.ENDED
    assert agency_membership_of(user) is None
    again = agency_membership_request(
        actor=user, user=user, agency=AgencyFactory(), role="point_of_contact"
    )
    assert again.status == S.REQUESTED
    assert AgencyMembership.objects.filter(user=user).count() == 2


def test_one_live_membership_per_person():
    membership = PendingAgencyMembershipFactory()
    same = agency_membership_request(
        actor=None, user=membership.user, agency=membership.agency, role="point_of_contact"
    )
    assert same == membership
    with pytest.raises(ValidationError, match="already acts for"):
        agency_membership_request(
            actor=None, user=membership.user, agency=AgencyFactory(), role="point_of_contact"
        )


def test_the_member_cancels_a_pending_request():
    membership = PendingAgencyMembershipFactory()
    agency_membership_end(actor=membership.user, membership=membership)
    membership.refresh_from_db()
    assert membership.status == S.ENDED
    assert Event.objects.for_target(membership).filter(verb="membership_cancelled").exists()


# --- the staff pages -------------------------------------------------------------------------


def test_the_queue_lists_pending_memberships_for_staff_only(client):
    pending = PendingAgencyMembershipFactory(agency__name="Bayview Police Department")
    AgencyMembershipFactory(agency__name="Verified Town Police")
    client.force_login(pending.user)
    assert client.get(reverse("accounts:membership_queue")).status_code == 404
    client.force_login(ProgramStaffFactory())
    page = client.get(reverse("accounts:membership_queue")).content.decode()
    assert "Bayview Police Department" in page
    assert "1 waiting" in page


def test_the_queue_rows_show_their_link_role_and_date(client):
    """Each row's link, role and date are worked out once a page in the view; they read as
    `{% url %}`, `get_role_display` and the `date` filter read them in each row (half past
    three in the morning in UTC is the day before in the site's time zone)."""
    executive = PendingAgencyMembershipFactory(role=AgencyMembership.Role.EXECUTIVE)
    contact = PendingAgencyMembershipFactory()
    AgencyMembership.objects.filter(pk=executive.pk).update(
        created_at=datetime.datetime(2026, 3, 2, 3, 30, tzinfo=datetime.UTC)
    )
    decided = AgencyMembershipFactory(verified_by=ProgramStaffFactory(full_name="Ana Staff"))
    client.force_login(ProgramStaffFactory())
    page = client.get(reverse("accounts:membership_queue")).content.decode()
    for membership in (executive, contact, decided):
        url = reverse("accounts:membership_detail", args=[membership.pk])
        assert f'<a class="usa-link" href="{url}">' in page
    assert '<td data-label="Role">Chief executive</td>' in page
    assert '<td data-label="Role">Point of contact</td>' in page
    assert '<td data-label="Asked on">Mar 1, 2026</td>' in page
    assert ": verified by Ana Staff (other (explain in the note))." in page


def test_the_queue_reads_as_many_queries_for_many_rows_as_for_one(client):
    client.force_login(ProgramStaffFactory())
    PendingAgencyMembershipFactory()
    AgencyMembershipFactory(verified_by=ProgramStaffFactory())
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("accounts:membership_queue")).status_code == 200
    for _ in range(4):
        PendingAgencyMembershipFactory()
        AgencyMembershipFactory(verified_by=ProgramStaffFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("accounts:membership_queue")).status_code == 200
    assert len(many) == len(one), [query["sql"] for query in many.captured_queries]


def test_the_membership_page_shows_the_agency_and_the_evidence(client):
    pending = PendingAgencyMembershipFactory(
        agency__name="Bayview Police Department", agency__ori9="CA0019900"
    )
    agency_membership_evidence_add(
        actor=None, membership=pending, note="Request CRI-2026-00001: the chief confirmed"
    )
    client.force_login(ProgramStaffFactory())
    page = client.get(reverse("accounts:membership_detail", args=[pending.pk])).content.decode()
    assert "CA0019900" in page
    assert "the chief confirmed" in page
    assert 'name="verify-method"' in page and 'name="refuse-reason"' in page
    assert client.get(reverse("accounts:membership_detail", args=[999999])).status_code == 404


def test_refusing_from_the_page_needs_a_reason(client):
    pending = PendingAgencyMembershipFactory()
    client.force_login(ProgramStaffFactory())
    url = reverse("accounts:membership_refuse", args=[pending.pk])
    assert client.post(url, {"refuse-reason": ""}).status_code == 422
    assert client.post(url, {"refuse-reason": "Unknown to the agency."}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == S.REFUSED
    # A decided membership has no forms any more, and posting again is refused with a message.
    page = client.get(reverse("accounts:membership_detail", args=[pending.pk])).content.decode()
    assert 'name="verify-method"' not in page
    response = client.post(
        reverse("accounts:membership_verify", args=[pending.pk]),
        {"verify-method": "phone"},
        follow=True,
    )
    assert "be done now: it is refused" in response.content.decode()


def test_a_membership_id_too_large_for_the_database_is_a_404(client):
    client.force_login(ProgramStaffFactory())
    for pk in (0, 2**63, 10**30):
        assert client.get(f"/accounts/memberships/{pk}/").status_code == 404
