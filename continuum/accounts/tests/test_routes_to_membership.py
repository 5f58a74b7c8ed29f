"""Every route to an agency membership, in one place, each proven to need program staff's
verification before the membership counts (issue 6).

Routes: (1) the request form (submitting asks for a membership), (2) the chief executive's
emailed link, (3) a signed-in chief answering, (4) the administration site (user page and
membership page), (5) the API, (6) demo seeding, (7) the staff verification pages and the
service behind them. A structural test at the end pins the modules that may create or verify a
membership, so a new route cannot appear without being added (and tested) here.
"""

from __future__ import annotations

import ast
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.models import AgencyMembership, MembershipStatus, VerificationMethod
from continuum.accounts.roles import agency_membership_of
from continuum.accounts.services import (
    agency_membership_grant,
    agency_membership_request,
    agency_membership_verify,
    email_verify_token,
)
from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    UserFactory,
)
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.services import api_token_issue
from continuum.core.workflow import TransitionForbidden
from continuum.intake.services.chief import chief_confirm_token
from continuum.intake.tests.factories import AssistanceRequestFactory, submitted_request

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _live(user) -> list[tuple[int, str]]:
    return list(
        AgencyMembership.objects.filter(user=user).values_list("agency_id", "status").order_by()
    )


# --- (1) the request form ---------------------------------------------------------------------


def test_route_request_form_submission_only_asks(client):
    from continuum.intake.tests.request_form_helpers import fill_all_steps, step_url

    agency = AgencyFactory()
    draft = fill_all_steps(client, agency, email="new.person@example.gov")
    response = client.post(step_url(draft, "review"), follow=True)
    assert "Program staff will also check with" in response.content.decode()
    user = draft.requester
    assert _live(user) == [(agency.pk, MembershipStatus.REQUESTED)]
    assert agency_membership_of(user) is None
    assert Event.objects.filter(verb="membership_requested").count() == 1


def test_route_request_form_never_moves_an_existing_membership():
    member = AgencyMembershipFactory()
    other_agency = AgencyFactory()
    submitted_request(agency=other_agency, requester=member.user, requester_email=member.user.email)
    assert _live(member.user) == [(member.agency_id, MembershipStatus.VERIFIED)]


# --- (2) and (3) the chief executive ---------------------------------------------------------


def test_route_chief_link_is_evidence_only():
    requester = UserFactory()
    ar = submitted_request(requester=requester, requester_email=requester.email)
    response = Client().post(
        reverse("intake:chief_confirm", args=[chief_confirm_token(ar)]), {"answer": "support"}
    )
    assert response.status_code == 200
    assert _live(requester) == [(ar.agency_id, MembershipStatus.REQUESTED)]
    assert agency_membership_of(requester) is None


def test_route_signed_in_chief_answer_grants_nothing(client):
    agency = AgencyFactory()
    chief = UserFactory(email="chief@example.gov")
    requester = UserFactory()
    ar = submitted_request(agency=agency, requester=requester, chief_email="chief@example.gov")
    Client().get(reverse("accounts:verify_email", args=[email_verify_token(chief)]))
    client.force_login(chief)
    client.post(reverse("intake:request_chief_answer", args=[ar.public_id]), {"answer": "support"})
    assert _live(chief) == []
    assert _live(requester) == [(agency.pk, MembershipStatus.REQUESTED)]


# --- (4) the administration site ---------------------------------------------------------------


def test_route_admin_add_without_a_method_only_asks():
    admin = AdministratorFactory()
    client = Client()
    client.force_login(admin)
    user, agency = UserFactory(), AgencyFactory()
    response = client.post(
        reverse("admin:accounts_agencymembership_add"),
        {"user": user.pk, "agency": agency.pk, "role": "point_of_contact"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _live(user) == [(agency.pk, MembershipStatus.REQUESTED)]
    event = Event.objects.get(verb="membership_requested")
    assert event.actor == admin


def test_route_admin_add_with_a_method_verifies_and_records_how():
    admin = AdministratorFactory()
    client = Client()
    client.force_login(admin)
    user, agency = UserFactory(), AgencyFactory()
    response = client.post(
        reverse("admin:accounts_agencymembership_add"),
        {
            "user": user.pk,
            "agency": agency.pk,
            "role": "executive",
            "verification_method": "other",
            "verification_note": "",
        },
    )
    assert response.status_code == 200  # "other" needs a note
    assert _live(user) == []
    client.post(
        reverse("admin:accounts_agencymembership_add"),
        {
            "user": user.pk,
            "agency": agency.pk,
            "role": "executive",
            "verification_method": "phone",
            "verification_note": "Called the front desk.",
        },
    )
    membership = AgencyMembership.objects.get(user=user)
    assert membership.status == MembershipStatus.VERIFIED
    assert (membership.verification_method, membership.verified_by) == ("phone", admin)
    verbs = list(Event.objects.for_target(membership).values_list("verb", flat=True))
    assert verbs == ["membership_requested", "membership_verified"]


def test_route_admin_cannot_edit_a_membership_into_verified():
    admin = AdministratorFactory()
    client = Client()
    client.force_login(admin)
    membership = PendingAgencyMembershipFactory()
    url = reverse("admin:accounts_agencymembership_change", args=[membership.pk])
    client.post(url, {"status": "verified", "verification_method": "other", "role": "executive"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED
    # The account's page shows memberships but has no form to add or change one.
    page = client.get(reverse("admin:accounts_user_change", args=[membership.user_id]))
    assert 'name="agency_memberships-0-status"' not in page.content.decode()
    assert 'name="agency_memberships-0-agency"' not in page.content.decode()


def test_route_admin_cannot_verify_its_own_membership():
    admin = AdministratorFactory()
    client = Client()
    client.force_login(admin)
    agency = AgencyFactory()
    response = client.post(
        reverse("admin:accounts_agencymembership_add"),
        {
            "user": admin.pk,
            "agency": agency.pk,
            "role": "executive",
            "verification_method": "phone",
        },
    )
    assert response.status_code == 200
    assert "Nobody can verify their own membership" in response.content.decode()
    assert _live(admin) == []


# --- (5) the API ------------------------------------------------------------------------------


def test_route_api_submission_only_asks_and_no_operation_touches_memberships(client):
    user = UserFactory()
    agency = AgencyFactory()
    draft = AssistanceRequestFactory(agency=agency, requester=user, requester_email=user.email)
    key = api_token_issue(actor=user, user=user, name="t").key
    response = client.post(
        f"/api/v1/requests/{draft.public_id}/submit",
        data="{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    assert _live(user) == [(agency.pk, MembershipStatus.REQUESTED)]
    schema = json.dumps(client.get("/api/openapi.json").json()).lower()
    assert "membership" not in schema


# --- (6) demo seeding ---------------------------------------------------------------------------


def test_route_demo_seeding_verifies_through_the_service_with_a_method():
    AgencyFactory(ori9="MI8121800", name="Ann Arbor Police Department")
    call_command("seed_demo", stdout=StringIO())
    memberships = list(AgencyMembership.objects.select_related("verified_by"))
    assert memberships
    for membership in memberships:
        assert membership.status == MembershipStatus.VERIFIED
        assert membership.verification_method in VerificationMethod.values
        assert membership.verified_by is not None and membership.verified_by.is_program_staff
        verbs = set(Event.objects.for_target(membership).values_list("verb", flat=True))
        assert {"membership_requested", "membership_verified"} <= verbs


# --- (7) the staff pages and the service ---------------------------------------------------------


def test_route_staff_page_verifies_with_a_method_and_refuses_everyone_else():
    membership = PendingAgencyMembershipFactory()
    verify = reverse("accounts:membership_verify", args=[membership.pk])
    data = {"verify-method": "phone", "verify-note": "Called the published number."}
    for outsider in (None, UserFactory(), membership.user, AgencyMembershipFactory().user):
        client = Client()
        if outsider is not None:
            client.force_login(outsider)
        response = client.post(verify, data)
        assert response.status_code in (302, 404)
        if outsider is not None:
            assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED

    staff = ProgramStaffFactory()
    client = Client()
    client.force_login(staff)
    response = client.post(verify, {"verify-method": ""})
    assert response.status_code == 422
    assert "Choose how you checked" in response.content.decode()
    assert client.post(verify, data).status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.VERIFIED
    assert (membership.verified_by, membership.verification_method) == (staff, "phone")
    assert agency_membership_of(membership.user).pk == membership.pk


def test_route_service_refuses_non_staff_and_self_verification():
    membership = PendingAgencyMembershipFactory()
    with pytest.raises(TransitionForbidden):
        agency_membership_verify(
            actor=UserFactory(), membership=membership, method=VerificationMethod.PHONE
        )
    staff_member = ProgramStaffFactory()
    own = agency_membership_request(
        actor=staff_member, user=staff_member, agency=AgencyFactory(), role="executive"
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="their own membership"):
        agency_membership_verify(actor=staff_member, membership=own, method="phone")
    with pytest.raises(ValidationError):
        agency_membership_grant(
            actor=ProgramStaffFactory(),
            user=UserFactory(),
            agency=AgencyFactory(),
            role="executive",
            method="",
        )


def test_route_the_database_refuses_a_verified_row_without_how_and_when():
    membership = PendingAgencyMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyMembership.objects.filter(pk=membership.pk).update(status="verified")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyMembership.objects.create(
            user=membership.user, agency=AgencyFactory(), role="executive"
        )  # a second live membership of the same person
    AgencyMembership.objects.filter(pk=membership.pk).update(
        verification_method="phone", verified_at=timezone.now(), status="verified"
    )


# --- no other route ----------------------------------------------------------------------------

#: The only modules that may create a membership or verify one, and the route each is.
MEMBERSHIP_WRITERS: dict[str, str] = {
    "continuum/accounts/services/memberships.py": "the services themselves",
    "continuum/accounts/admin.py": "(4) the administration site",
    "continuum/accounts/demo.py": "(6) demo seeding",
    "continuum/accounts/views_memberships.py": "(7) the staff pages",
    "continuum/intake/demo.py": "(6) demo seeding of requests",
    # The demo engagements' chief executives, granted through the service with a method.
    "continuum/engagements/demo.py": "(6) demo seeding of engagements",
    "continuum/intake/services/submission.py": "(1) the request form and the API (requested)",
    # (8) a verified member adds a colleague: requested only, proved in test_profile_colleague.py
    "continuum/accounts/services/colleagues.py": "(8) a colleague added by a verified member",
}
WRITES = {
    "agency_membership_request",
    "agency_membership_verify",
    "agency_membership_grant",
}


def _writers() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "continuum").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in WRITES or (
                    name in {"create", "get_or_create", "update_or_create", "bulk_create"}
                    and "AgencyMembership" in ast.unparse(func)
                ):
                    found.setdefault(str(path.relative_to(ROOT)), set()).add(name)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "AgencyMembership":
                found.setdefault(str(path.relative_to(ROOT)), set()).add("AgencyMembership()")
    return found


def test_no_route_to_membership_exists_beyond_those_listed_here():
    writers = _writers()
    # The scan sees the known routes (so it would see a new one).
    assert set(writers) == set(MEMBERSHIP_WRITERS), writers
    unexpected = sorted(set(writers) - set(MEMBERSHIP_WRITERS))
    assert not unexpected, (
        "New code creates or verifies agency memberships: "
        + ", ".join(unexpected)
        + ". Add the route to MEMBERSHIP_WRITERS with a test proving it needs verification."
    )
