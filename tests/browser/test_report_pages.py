"""Progress report pages in a browser: no WCAG 2.1 A/AA violation found by axe and no sideways
scrolling, at 375 px and 1280 px, for the staff's reports page, a draft's preview, the publish
confirmation, the listing and consent pages, and the public report page (no JavaScript needed:
the charts are SVG drawn on the server, each followed by its table)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import PASSWORD
from continuum.catalog.models import Program
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import ScaleValue
from continuum.recommendations.services.register import (
    blocker_add,
    recommendation_status_set,
    register_setup,
)
from continuum.recommendations.tests.test_register import register_of
from continuum.reporting.services import reports as report_services
from continuum.reporting.services.listings import listing_create, listing_publish
from continuum.reporting.tests.factories import ReportDueFactory

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _world():
    """An Organizational Assessment with a register on two scales, one published report, a draft
    with changes since, promised dates (one overdue) and a public listing."""
    world = delivery_world(program=Program.objects.get(slug="organizational-assessment"))
    recs = register_of(world, findings=3, per_finding=3)
    register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["monitor"])
    value = {
        (v.scale.key, v.key): v
        for v in ScaleValue.objects.filter(scale__engagement=world.engagement).select_related(
            "scale"
        )
    }
    for rec, key in zip(
        recs, ["complete", "in_progress", "partially_complete", "complete"], strict=False
    ):
        recommendation_status_set(
            actor=world.staff, recommendation=rec, value=value[("progress", key)]
        )
    recommendation_status_set(
        actor=world.staff, recommendation=recs[5], value=value[("monitor", "unable")]
    )
    blocker_add(
        actor=world.lead,
        recommendation=recs[6],
        party_kind="union_bargaining",
        party_name="Police Officers Association",
        since=datetime.date(2026, 3, 1),
    )
    listing = listing_create(actor=world.staff, engagement=world.engagement, title="Reform")
    listing_publish(actor=world.staff, listing=listing)
    today = timezone.localdate()
    ReportDueFactory(engagement=world.engagement, due_on=today - datetime.timedelta(days=200))
    ReportDueFactory(engagement=world.engagement, due_on=today - datetime.timedelta(days=20))
    ReportDueFactory(engagement=world.engagement, due_on=today + datetime.timedelta(days=160))
    first = report_services.report_draft_create(
        actor=world.staff, engagement=world.engagement, as_of=today - datetime.timedelta(days=30)
    )
    published = report_services.report_publish(actor=world.staff, report=first)
    recommendation_status_set(
        actor=world.staff, recommendation=recs[1], value=value[("progress", "complete")]
    )
    draft = report_services.report_draft_create(actor=world.staff, engagement=world.engagement)
    report_services.report_draft_update(
        actor=world.staff,
        report=draft,
        title=draft.title,
        as_of=draft.as_of,
        caveats="The training academy's figures are still being checked.",
        validator_notes="Evidence was checked on site.",
    )
    return world, published, draft


@VIEWPORTS
def test_report_pages_pass_axe(page, axe, console):
    log = AxeLog(axe)
    world, published, draft = _world()
    base = f"/engagements/{world.engagement.public_id}/reports/"

    _as(page, world.staff)
    visit(page, base)
    expect(page.get_by_text("Overdue").first).to_be_visible()
    log.check(page, "staff: reports with an overdue date")
    visit(page, f"{base}{draft.public_id}/")
    expect(page.locator("svg.chart[role=img]").first).to_be_visible()
    expect(page.get_by_text("This is a draft:")).to_be_visible()
    log.check(page, "staff: draft preview with charts and tables")
    visit(page, f"{base}{draft.public_id}/publish/")
    log.check(page, "staff: publish confirmation")
    visit(page, f"{base}{draft.public_id}/edit/")
    log.check(page, "staff: edit the draft")
    visit(page, f"{base}new/")
    log.check(page, "staff: start a report")
    visit(page, f"{base}schedule/")
    log.check(page, "staff: promise reports")
    visit(page, f"{base}listing/")
    log.check(page, "staff: the public listing")

    _as(page, world.executive)
    visit(page, f"{base}{draft.public_id}/")
    log.check(page, "agency: draft preview")

    page.context.clear_cookies()
    visit(page, f"/public/reports/{published.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
    expect(page.locator("svg.chart[role=img]")).to_have_count(3)  # progress, monitor, burndown
    expect(page.locator("table caption").first).to_be_visible()
    log.check(page, "public: a published report")
    log.assert_clean()
    assert console.csp_violations() == []  # the charts use SVG attributes, no style


def test_the_public_report_works_without_javascript(browser, live_server):
    _world_, published, _draft = _world()
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        no_script = context.new_page()
        response = no_script.goto(f"/public/reports/{published.public_id}/")
        assert response.status == 200
        expect(no_script.locator("svg.chart[role=img]")).to_have_count(3)
        expect(no_script.get_by_role("link", name="Download this report (PDF)")).to_be_visible()
        pdf = no_script.request.get(f"/public/reports/{published.public_id}.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    finally:
        context.close()
