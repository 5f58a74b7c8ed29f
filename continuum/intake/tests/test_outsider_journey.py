"""The outsider journey (issue 6): an account with no agency asks for help for agency B, types
a "chief executive" address it controls, and answers through that link. It must end with the
requester seeing only its own request: every other request of agency B answers 404 on the
pages and the API, and its membership of B is only "requested" until program staff verify it.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from continuum.accounts.models import AgencyMembership, MembershipStatus, VerificationMethod
from continuum.accounts.roles import Role, agency_membership_of, roles_of
from continuum.accounts.services import agency_membership_refuse, agency_membership_verify
from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.services import api_token_issue
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest
from continuum.intake.tests.factories import submitted_request

from .request_form_helpers import fill_all_steps, step_url

LINK = re.compile(r"https?://\S+")
ATTACKER = "mallory@outsider.example"
FAKE_CHIEF = "chief@outsider.example"  # an address the attacker reads


def _api(client, user, method, path):
    key = api_token_issue(actor=user, user=user, name="probe").key
    return getattr(client, method)(
        "/api/v1" + path,
        data=json.dumps({}) if method != "get" else None,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


@pytest.fixture
def agency_b_work(db):
    """Agency B, a verified member of it, and one of its requests the outsider must not see."""
    agency_b = AgencyFactory(name="Bayview Police Department")
    member = AgencyMembershipFactory(agency=agency_b).user
    other = submitted_request(agency=agency_b, requester=member, requester_email=member.email)
    return agency_b, other


def _outsider_asks_and_answers_as_chief(client, agency_b, capture) -> AssistanceRequest:
    with capture(execute=True):
        draft = fill_all_steps(client, agency_b, email=ATTACKER, chief_email=FAKE_CHIEF)
        response = client.post(step_url(draft, "review"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SUBMITTED
    (chief_mail,) = [m for m in mail.outbox if m.to == [FAKE_CHIEF]]
    path = "/" + LINK.search(chief_mail.body).group(0).split("://", 1)[1].split("/", 1)[1]
    answered = Client().post(path, {"answer": "support"})
    assert answered.status_code == 200
    draft.refresh_from_db()
    assert draft.chief_confirmed_at is not None
    return draft


def _assert_no_sight_of(client, outsider, other) -> None:
    for name in ("request_detail", "request_submitted", "request_withdraw"):
        response = client.get(reverse(f"intake:{name}", args=[other.public_id]))
        assert response.status_code == 404, name
    for name in ("request_answer", "request_withdraw", "request_chief_link"):
        response = client.post(reverse(f"intake:{name}", args=[other.public_id]), {"reason": ""})
        assert response.status_code == 404, name
    listing = client.get(reverse("intake:my_requests")).content.decode()
    assert other.tracking_number not in listing
    assert _api(client, outsider, "get", f"/requests/{other.public_id}").status_code == 404
    assert _api(client, outsider, "post", f"/requests/{other.public_id}/withdraw").status_code == (
        404
    )
    api_list = _api(client, outsider, "get", "/requests/").json()
    assert str(other.public_id) not in json.dumps(api_list)
    other.refresh_from_db()
    assert other.status == RequestStatus.SUBMITTED


@pytest.mark.django_db
def test_the_outsider_ends_with_no_access_and_only_a_requested_membership(
    client, agency_b_work, django_capture_on_commit_callbacks
):
    agency_b, other = agency_b_work
    own = _outsider_asks_and_answers_as_chief(client, agency_b, django_capture_on_commit_callbacks)
    outsider = own.requester
    assert outsider.email == ATTACKER

    membership = AgencyMembership.objects.get(user=outsider)
    assert (membership.agency, membership.status) == (agency_b, MembershipStatus.REQUESTED)
    assert membership.verified_at is None and membership.verification_method == ""
    assert agency_membership_of(outsider) is None
    assert Role.AGENCY_MEMBER not in roles_of(outsider)

    # The requester always sees the request they wrote...
    assert client.get(reverse("intake:request_detail", args=[own.public_id])).status_code == 200
    # ...and nothing else of agency B, on the pages or the API.
    _assert_no_sight_of(client, outsider, other)


@pytest.mark.django_db
def test_a_refused_membership_still_gives_no_access(
    client, agency_b_work, django_capture_on_commit_callbacks
):
    agency_b, other = agency_b_work
    own = _outsider_asks_and_answers_as_chief(client, agency_b, django_capture_on_commit_callbacks)
    membership = AgencyMembership.objects.get(user=own.requester)
    agency_membership_refuse(
        actor=ProgramStaffFactory(),
        membership=membership,
        reason="The agency's published number says nobody of that name works there.",
    )
    _assert_no_sight_of(client, own.requester, other)


@pytest.mark.django_db
def test_only_staff_verification_opens_the_agency_s_work(
    client, agency_b_work, django_capture_on_commit_callbacks
):
    """The same journey, then a staff member verifies: now the member sees B's request (so the
    checks above would notice access if it were there)."""
    agency_b, other = agency_b_work
    own = _outsider_asks_and_answers_as_chief(client, agency_b, django_capture_on_commit_callbacks)
    membership = AgencyMembership.objects.get(user=own.requester)
    agency_membership_verify(
        actor=ProgramStaffFactory(),
        membership=membership,
        method=VerificationMethod.PHONE,
        note="Called the number the agency publishes; the chief confirmed.",
    )
    assert client.get(reverse("intake:request_detail", args=[other.public_id])).status_code == 200
    assert _api(client, own.requester, "get", f"/requests/{other.public_id}").status_code == 200
