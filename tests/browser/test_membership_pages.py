"""Issue 6 pages in a real browser, checked with axe: the staff queue of memberships to verify,
one membership's page (blank and with errors), and the chief executive's page (blank, with an
error, and answered)."""

import pytest

from continuum.accounts.tests.factories import (
    PASSWORD,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
)
from continuum.intake.services.chief import chief_confirm_token
from continuum.intake.tests.factories import submitted_request

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def visit(page, path: str, status: int = 200):
    response = page.goto(path)
    assert response is not None and response.status == status, path
    return response


@VIEWPORTS
def test_staff_verify_a_membership(page, axe):
    staff = ProgramStaffFactory(email="analyst@example.gov")
    pending = PendingAgencyMembershipFactory(agency__name="Bayview Police Department")
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/triage/")  # staff land on the queue (issue 7)

    visit(page, "/accounts/memberships/")
    assert page.get_by_role("heading", level=1).inner_text() == "Agency memberships to verify"
    axe(page)
    page.get_by_role("link", name=pending.user.full_name).click()
    page.wait_for_url(f"**/accounts/memberships/{pending.pk}/")
    axe(page)

    page.get_by_role("button", name="Verify the membership").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").first.is_visible()
    axe(page)

    page.get_by_text("Phone call to the agency's published number").click()
    page.get_by_role("textbox", name="Note").fill(
        "Called the published number; the chief confirmed."
    )
    page.get_by_role("button", name="Verify the membership").click()
    page.wait_for_url("**/accounts/memberships/")
    assert "is now a verified member" in page.content()
    pending.refresh_from_db()
    assert pending.status == "verified"


@VIEWPORTS
def test_the_chief_executive_answers(page, axe):
    ar = submitted_request()
    visit(page, f"/request/confirm/{chief_confirm_token(ar)}/")
    assert ar.narrative in page.content()
    axe(page)

    page.get_by_text("I do not support this request", exact=True).click()
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").first.is_visible()
    axe(page)

    page.get_by_label("Your reason or comments").fill("I did not ask for this.")
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your answer"
    axe(page)
