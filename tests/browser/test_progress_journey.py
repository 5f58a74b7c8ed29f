"""Issue 10's acceptance journey in a real browser at 375 and 1280 px, with axe (WCAG 2.1
A/AA) and the sideways-scroll check on every page and form state it meets, errors included.

The agency's point of contact reports progress on a recommendation with an evidence file; the
lead expert returns it with a comment; the agency reports again; the lead expert accepts it,
which moves the status; program staff create a draft progress report and publish it; then the
public, in a fresh browser that never signed in, finds the engagement on /public/engagements/,
opens its page and the report, and downloads the report's PDF.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import PASSWORD
from continuum.catalog.models import Program
from continuum.documents.tests import files
from continuum.engagements.choices import EngagementStatus
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.choices import ImplementationState
from continuum.recommendations.models import ImplementationReport, RecommendationStatus
from continuum.recommendations.services import register
from continuum.reporting.choices import ReportState
from continuum.reporting.models import ProgressReport
from continuum.reporting.services.listings import listing_create, listing_publish

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, another_person, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _world():
    """A listed Organizational Assessment with a small register of two recommendations."""
    world = delivery_world(
        program=Program.objects.get(slug="organizational-assessment"),
        status=EngagementStatus.MONITORING,
    )
    engagement, staff = world.engagement, world.staff
    register.register_setup(actor=staff, engagement=engagement, scale_keys=("progress",))
    category = register.category_add(
        actor=staff, engagement=engagement, number=1, name="Use of force", first_finding=1
    )
    finding = register.finding_add(
        actor=staff,
        engagement=engagement,
        number=1,
        statement="Supervisors do not review every use of force.",
        category=category,
    )
    rec = register.recommendation_add(
        actor=staff,
        finding=finding,
        number=1,
        text="Have a supervisor review every use of force within 72 hours.",
        priority="high",
    )
    register.measure_add(actor=staff, recommendation=rec, text="The directive is published.")
    register.recommendation_add(
        actor=staff, finding=finding, number=2, text="Publish use-of-force data every quarter."
    )
    listing = listing_create(
        actor=staff,
        engagement=engagement,
        title="Organizational assessment of the Journey Police Department",
        summary="Reforms of use of force, reported every six months.",
        report_every_months=6,
    )
    listing_publish(actor=staff, listing=listing)
    return world, rec, listing


def _report_progress(page: Page, log: AxeLog, rec_url: str, *, first: bool) -> None:
    visit(page, rec_url)
    log.check(page, "agency: the recommendation")
    with page.expect_navigation():
        page.get_by_role("link", name="Report progress").click()
    log.check(page, "agency: the progress form")
    if first:
        press(page, "Send the report for validation")
        expect(page.locator(".usa-alert--error")).to_be_visible()
        log.check(page, "agency: the progress form with errors")
    page.get_by_label("Status reached").select_option(label="Complete")
    page.get_by_label("What was done").fill(
        "The directive is published and every sergeant was trained on it in March."
    )
    page.locator("main input[type=file]").first.set_input_files(
        files=[{"name": "directive.pdf", "mimeType": "application/pdf", "buffer": files.PDF}]
    )
    press(page, "Send the report for validation")
    expect(page.locator("main")).to_contain_text("directive")
    log.check(page, "agency: the report sent, waiting for validation")


def _decide(page: Page, log: AxeLog, queue_url: str, *, accept: bool) -> None:
    visit(page, queue_url)
    log.check(page, "lead expert: the validation queue")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    log.check(page, "lead expert: a report to decide")
    if accept:
        press(page, "Accept the report")
        log.check(page, "lead expert: the report accepted")
        return
    press(page, "Return the report")
    log.check(page, "lead expert: returning without a comment (error)")
    page.get_by_label("What the agency needs to add or change").fill(
        "Add the training roster: the file shows the directive but not who was trained."
    )
    press(page, "Return the report")
    log.check(page, "lead expert: the report returned")


def _publish_report(page: Page, log: AxeLog, engagement) -> ProgressReport:
    visit(page, f"/engagements/{engagement.public_id}/reports/")
    log.check(page, "staff: the engagement's progress reports")
    with page.expect_navigation():
        page.get_by_role("link", name="Start a progress report").click()
    log.check(page, "staff: a new progress report")
    press(page, "Start the draft")
    log.check(page, "staff: the draft's preview")
    draft = ProgressReport.objects.get(engagement=engagement)
    assert draft.state == ReportState.DRAFT
    with page.expect_navigation():
        page.get_by_role("link", name="Publish…").click()
    log.check(page, "staff: confirm publication")
    press(page, "Publish the report")
    log.check(page, "staff: the published report")
    draft.refresh_from_db()
    assert draft.state == ReportState.PUBLISHED
    return draft


@VIEWPORTS
def test_progress_is_validated_and_published_for_the_public(
    page, axe, browser, live_server, console, viewport
):
    log = AxeLog(axe)
    world, rec, listing = _world()
    engagement = world.engagement
    rec_url = rec.get_absolute_url()
    queue_url = f"/engagements/{engagement.public_id}/register/validation/"

    _as(page, world.member)
    _report_progress(page, log, rec_url, first=True)
    _as(page, world.lead)
    _decide(page, log, queue_url, accept=False)
    _as(page, world.member)
    _report_progress(page, log, rec_url, first=False)
    _as(page, world.lead)
    _decide(page, log, queue_url, accept=True)
    visit(page, rec_url)
    expect(page.locator("main")).to_contain_text("Add the training roster")
    log.check(page, "lead expert: the recommendation's history")

    reports = ImplementationReport.objects.filter(recommendation=rec)
    assert sorted(reports.values_list("state", flat=True)) == [
        ImplementationState.ACCEPTED,
        ImplementationState.RETURNED,
    ]
    status = RecommendationStatus.objects.get(recommendation=rec)
    assert status.value.key == "complete" and status.set_by == world.lead

    _as(page, world.staff)
    report = _publish_report(page, log, engagement)

    # The public: another computer, never signed in.
    with another_person(
        browser, base_url=live_server.url, viewport=viewport, console=console
    ) as public:
        visit(public, "/public/engagements/")
        log.check(public, "public: the list of engagements")
        with public.expect_navigation():
            public.get_by_role("link", name=listing.title).click()
        expect(public.locator("main")).to_contain_text("Use of force")
        log.check(public, "public: the engagement page")
        with public.expect_navigation():
            public.locator(f"main a[href$='/reports/{report.public_id}/']").first.click()
        expect(public.locator("main")).to_contain_text("Have a supervisor review")
        log.check(public, "public: the progress report")
        pdf_link = public.get_by_role("link", name="Download this report (PDF)")
        response = public.request.get(pdf_link.get_attribute("href"))
        assert response.status == 200
        assert response.body().startswith(b"%PDF")
        assert response.headers["content-type"] == "application/pdf"
    log.assert_clean()
