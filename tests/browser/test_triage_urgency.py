"""Issue 7 §2 and §4 in Debian's Chromium, at a phone and a desktop width, axe on every state.

A critical-incident request appears pinned at the top of the queue, flagged in words and an
icon with its shorter target; its requester's confirmation page gives the Response Center's
phone number; program staff save a view of the queue (its error state too) and decline the
request on a second step ("Go back" keeps the answers, "Confirm" by keyboard), after which the
request page opens with the decision.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import (
    PASSWORD,
    AgencyMembershipFactory,
    ProgramStaffFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.tests.factories import RawSubmittedRequestFactory, service, submitted_request

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, another_person, follow, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def no_sideways_scroll(page: Page) -> None:
    """The page's main content fits the width (the site footer's own 8 px overflow at 375 px
    is issue 7 §6's, fixed with the footer)."""
    overflow = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main, main *')].map("
        "e => e.getBoundingClientRect().right)) - document.documentElement.clientWidth"
    )
    assert overflow <= 0.5, f"{page.url}: the main content is {overflow}px too wide"


def _world():
    agency = AgencyFactory(name="Riverton Police Department", population_served=31_000)
    requester = AgencyMembershipFactory(agency=agency).user
    for days in range(1, 6):
        RawSubmittedRequestFactory(
            agency=AgencyFactory(),
            submitted_at=timezone.now() - datetime.timedelta(days=days),
        )
    urgent = submitted_request(
        agency=agency,
        requester=requester,
        services=[service("after-action-review")],
        has_critical_incident=True,
        incident_date=timezone.localdate() - datetime.timedelta(days=2),
        incident_kind="officer_involved_shooting",
        incident_public_attention="national",
        other_reviews_underway=False,
        wants_immediate_consultation=True,
    )
    staff = ProgramStaffFactory(email="analyst@cops.example.gov", full_name="Jordan Analyst")
    return requester, urgent, staff


@VIEWPORTS
def test_a_critical_incident_is_pinned_flagged_and_declined_on_a_second_step(
    page, browser, live_server, viewport, console, axe
):
    requester, urgent, staff = _world()
    checks = AxeLog(axe)

    # The requester's confirmation: urgent, the shorter target, the Response Center's number.
    sign_in(page, email=requester.email, password=PASSWORD)
    visit(page, f"/request/{urgent.public_id}/submitted/")
    notice = page.locator(".continuum-urgent-confirmation")
    expect(notice).to_contain_text("Your request is marked urgent")
    expect(notice).to_contain_text("within 1 business day.")
    expect(notice.get_by_role("link", name="800-421-6770")).to_have_attribute(
        "href", "tel:+18004216770"
    )
    no_sideways_scroll(page)
    checks.check(page, "request sent: urgent")

    with another_person(
        browser, base_url=live_server.url, viewport=viewport, console=console
    ) as staff_page:
        sign_in(staff_page, email=staff.email, password=PASSWORD)
        visit(staff_page, "/triage/")
        pinned = staff_page.locator("#pinned-requests")
        expect(pinned.get_by_role("link", name=urgent.tracking_number)).to_be_visible()
        expect(pinned).to_contain_text("Critical incident")
        expect(pinned).to_contain_text("Immediate consultation asked")
        expect(pinned).to_contain_text("(target 1)")
        expect(pinned.locator("svg.usa-icon")).not_to_have_count(0)
        queue_rows = staff_page.locator("#queue-requests tbody tr")
        expect(queue_rows).to_have_count(5)
        expect(staff_page.locator("#queue-requests")).not_to_contain_text(urgent.tracking_number)
        no_sideways_scroll(staff_page)
        checks.check(staff_page, "triage queue: a critical incident pinned")

        # Save a view: first without a name (the message), then named.
        press(staff_page, "Save view")
        expect(staff_page.locator(".usa-alert--error, .usa-alert--warning").first).to_contain_text(
            "Give the view a name."
        )
        checks.check(staff_page, "triage queue: error (a view without a name)")
        staff_page.get_by_label("Name this view").fill("Urgent first")
        press(staff_page, "Save view")
        saved = staff_page.locator("nav[aria-labelledby='saved-views-heading']")
        expect(saved.get_by_role("link", name="Urgent first")).to_be_visible()
        checks.check(staff_page, "triage queue: a view saved")

        follow(staff_page, staff_page.get_by_role("link", name=urgent.tracking_number).first)
        expect(staff_page.get_by_role("heading", level=1)).to_contain_text(urgent.tracking_number)
        recommendation = staff_page.locator("section[aria-labelledby='recommendation-heading']")
        expect(recommendation).to_contain_text("Continuum suggests Critical Response")
        expect(recommendation).not_to_contain_text("Computed with")
        expect(staff_page.get_by_role("button", name="Accept: review the decision")).to_be_visible()
        checks.check(staff_page, "triage: an urgent request")

        decline = staff_page.locator("section[aria-labelledby='action-decline']")
        decline.get_by_label("Reason").select_option("no_capacity")
        decline.get_by_label("Explanation for the agency").fill("We cannot take this on now.")
        press(staff_page, "Decline: review the decision")
        expect(staff_page.get_by_role("heading", level=1)).to_have_text(
            f"Decline {urgent.tracking_number}?"
        )
        expect(staff_page.locator(".continuum-confirm-summary")).to_contain_text(
            "We cannot take this on now."
        )
        no_sideways_scroll(staff_page)
        checks.check(staff_page, "triage: confirm the decision")

        press(staff_page, "Go back")
        decline = staff_page.locator("section[aria-labelledby='action-decline']")
        expect(decline.get_by_label("Explanation for the agency")).to_have_value(
            "We cannot take this on now."
        )
        checks.check(staff_page, "triage: back from the confirm step")

        press(staff_page, "Decline: review the decision")
        confirm = staff_page.get_by_role("button", name="Confirm", exact=True)
        confirm.focus()
        with staff_page.expect_navigation():
            staff_page.keyboard.press("Enter")
        expect(staff_page.get_by_text("The request is declined.")).to_be_visible()
        summary = staff_page.locator("#decision")
        expect(summary).to_contain_text("Decision: Declined")
        expect(summary).to_contain_text("The program cannot take it on now")
        expect(staff_page.get_by_role("button", name="Decline: review the decision")).to_have_count(
            0
        )
        no_sideways_scroll(staff_page)
        checks.check(staff_page, "triage: the decided request opens with its decision")

    checks.assert_clean()
    assert console.csp_violations() == []
