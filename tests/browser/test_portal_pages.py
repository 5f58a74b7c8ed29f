"""The public portal's pages (issue 10 §6): no WCAG 2.1 A/AA violation found by axe and nothing
scrolls sideways, at 375 px and at 1280 px, for an anonymous visitor: the engagement list (with
filters applied), one engagement with its charts and tables, an agency's page, the national
dashboard and the open data page (and program staff's page that publishes the dashboard); and
the list's filters are reachable with the keyboard."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page

from continuum.accounts.tests.factories import PASSWORD
from continuum.documents.choices import PUBLIC
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.recommendations.models import Recommendation
from continuum.reporting.dashboard import dashboard_publish
from continuum.reporting.tests.factories import ReportDueFactory
from continuum.reporting.tests.portal_world import listed_world, report_publish, status_set

from .conftest import VIEWPORTS, assert_no_sideways_scroll
from .intake_steps import AxeLog, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _seed():
    world = listed_world(
        slug="anytown-oa",
        recommendations=12,
        agency_name="Anytown Police Department",
        agency_ori="CA0000001",
        summary="An organizational assessment of use of force, bias and accountability.",
    )
    recs = list(Recommendation.objects.filter(engagement=world.engagement).order_by("pk"))
    for rec in recs[:3]:
        status_set(world, rec, "complete")
    first = report_publish(world, as_of=datetime.date(2025, 12, 31))
    for rec in recs[3:6]:
        status_set(world, rec, "in_progress")
    status_set(world, recs[6], "complete")
    report_publish(world, as_of=datetime.date(2026, 6, 30), previous=first)
    ReportDueFactory(
        engagement=world.engagement, due_on=datetime.date(2025, 12, 31), fulfilled_by=first
    )
    ReportDueFactory(
        engagement=world.engagement, due_on=datetime.date(2026, 1, 31), label="Overdue one"
    )
    document_attach(
        actor=world.staff,
        target=world.engagement,
        upload=Upload(file=upload("public-summary.pdf", files.PDF), visibility=int(PUBLIC)),
    )
    listed_world(agency_name="Lakeside Sheriff's Office", agency_state="WA", agency_type="Sheriff")
    dashboard_publish(actor=world.staff)
    return world


def _checked(page: Page, log: AxeLog, state: str) -> None:
    log.check(page, state)
    assert_no_sideways_scroll(page)


@VIEWPORTS
def test_portal_pages_pass_axe(page, axe):
    log = AxeLog(axe)
    world = _seed()
    visit(page, "/public/engagements/")
    _checked(page, log, "the engagement list")
    page.get_by_label("State or territory").select_option("CA")
    press(page, "Apply filters")
    assert "state=CA" in page.url
    _checked(page, log, "the engagement list, filtered")
    visit(page, "/public/engagements/?state=ZZ")
    _checked(page, log, "the engagement list with a filter it could not use")
    visit(page, "/public/engagements/anytown-oa/")
    assert page.locator("svg.chart").count() == 2
    _checked(page, log, "one engagement with its charts")
    visit(page, "/public/agencies/CA0000001/")
    _checked(page, log, "an agency's page")
    visit(page, "/public/dashboard/")
    assert page.locator("svg.chart").count() >= 5
    _checked(page, log, "the national dashboard")
    visit(page, "/public/data/")
    _checked(page, log, "open data")
    sign_in(page, email=world.staff.email, password=PASSWORD)
    visit(page, "/public/dashboard/manage/")
    _checked(page, log, "staff: publish the dashboard")
    press(page, "Publish the dashboard now")
    _checked(page, log, "staff: the dashboard just published")
    log.assert_clean()


def test_the_filters_are_reachable_and_usable_with_the_keyboard(page):
    _seed()
    visit(page, "/public/engagements/")
    field_ids = ["id_q", "id_program", "id_state", "id_agency_type", "id_year"]
    reached = []  # from the top of the page, Tab by Tab, as a keyboard user would
    for _ in range(60):
        active = page.evaluate("() => document.activeElement.id")
        if active in field_ids and active not in reached:
            reached.append(active)
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Apply filters":
            break
        page.keyboard.press("Tab")
    assert reached == field_ids
    page.locator("#id_q").focus()
    page.keyboard.type("Lakeside")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=Lakeside" in page.url
    assert page.locator("#portal-engagements tbody tr").count() == 1
