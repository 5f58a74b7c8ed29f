"""Implementation progress and validation pages (issue 10 §3), as people use them: the agency
member reports progress with one evidence file, the lead expert returns it with comments, the
member reports again and the lead accepts. No WCAG 2.1 A/AA violation found by axe and nothing
scrolls sideways on any page state (the form, the form with errors, the report page, the
queue, the recommendation's history), at 375 px and at 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import PASSWORD
from continuum.documents.tests.files import PDF
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import RecommendationStatus
from continuum.recommendations.services.register import (
    category_add,
    finding_add,
    measure_add,
    recommendation_add,
)

from .conftest import VIEWPORTS, assert_no_sideways_scroll
from .intake_steps import AxeLog, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _checked(page: Page, log: AxeLog, state: str) -> None:
    log.check(page, state)
    assert_no_sideways_scroll(page)


def _register(world):
    category_add(actor=world.staff, engagement=world.engagement, number=1, name="Accountability")
    finding = finding_add(
        actor=world.staff, engagement=world.engagement, number=1, statement="Reviews lag."
    )
    rec = recommendation_add(
        actor=world.lead, finding=finding, number=1, text="Publish the board's minutes."
    )
    measure_add(actor=world.lead, recommendation=rec, text="Minutes of twelve monthly meetings.")
    return rec


def _report(page: Page, narrative: str, file_name: str) -> None:
    page.get_by_label("Status reached").select_option(label="Complete")
    page.get_by_label("What was done").fill(narrative)
    # the first file input is measure 1's (USWDS's file input wraps the labelled element)
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": file_name, "mimeType": "application/pdf", "buffer": PDF}]
    )


@VIEWPORTS
def test_report_return_report_again_accept(page, axe):
    log = AxeLog(axe)
    world = delivery_world()
    rec = _register(world)
    one = rec.get_absolute_url()
    queue = f"/engagements/{world.engagement.public_id}/register/validation/"

    _as(page, world.member)
    visit(page, one)
    _checked(page, log, "member: recommendation without reports")
    page.get_by_role("link", name="Report progress").click()
    _checked(page, log, "member: the report form")
    press(page, "Send the report for validation")
    expect(page.locator("#error-summary")).to_be_visible()
    _checked(page, log, "member: the report form with errors")
    _report(page, "The board met monthly.", "minutes.pdf")
    press(page, "Send the report for validation")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report on")
    expect(page.get_by_role("link", name="minutes.pdf")).to_be_visible()
    _checked(page, log, "member: own report waiting")

    _as(page, world.lead)
    visit(page, queue)
    _checked(page, log, "lead: the validation queue")
    page.get_by_role("link", name="Recommendation 1.1").click()
    _checked(page, log, "lead: a report to decide")
    press(page, "Return the report")
    _checked(page, log, "lead: return without a comment")
    page.get_by_label("What the agency needs to add or change").fill("Add May's minutes.")
    press(page, "Return the report")
    expect(page.get_by_text("Returned with comments").first).to_be_visible()
    _checked(page, log, "lead: the returned report")

    _as(page, world.member)
    visit(page, one)
    expect(page.get_by_text("Add May's minutes.")).to_be_visible()
    page.get_by_role("link", name="Report progress").click()
    _report(page, "Now with May's minutes too.", "minutes-with-may.pdf")
    press(page, "Send the report for validation")

    _as(page, world.lead)
    visit(page, queue)
    page.get_by_role("link", name="Recommendation 1.1").click()
    page.get_by_label("Comments (optional)").fill("Complete and well documented.")
    press(page, "Accept the report")
    expect(page.get_by_text("Accepted:", exact=False).first).to_be_visible()
    _checked(page, log, "lead: the accepted report")
    visit(page, queue)
    expect(page.get_by_text("Nothing waits for validation.")).to_be_visible()
    _checked(page, log, "lead: the empty queue")
    assert RecommendationStatus.objects.get(recommendation=rec).value.key == "complete"

    _as(page, world.member)
    visit(page, one)
    expect(page.get_by_text("Complete and well documented.")).to_be_visible()
    _checked(page, log, "member: the history with both reports and verdicts")
    log.assert_clean()
