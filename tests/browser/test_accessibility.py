"""Every public page, and the signed-in dashboard, has no WCAG 2.1 A/AA violation found by axe,
on a phone (375x812) and on a desktop (1280x900)."""

import pytest

from continuum.accounts.tests.factories import PASSWORD, ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.models import Program

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def visit(page, path: str, status: int = 200):
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response


def check_all(page, axe, paths: list[str]) -> None:
    """Visit each path and fail once, listing every page's violations."""
    reports = []
    for path in paths:
        visit(page, path)
        reports.append(axe.collect(page))
    problems = "\n\n".join(report for report in reports if report)
    assert not problems, problems


@VIEWPORTS
def test_home_and_program_pages(page, axe):
    programs = list(Program.objects.active().order_by("order"))
    assert programs, "the catalog's seed migration should have made the programs"

    check_all(
        page,
        axe,
        ["/", "/programs/", *[program.get_absolute_url() for program in programs]],
    )


@VIEWPORTS
def test_agency_directory_in_every_state(page, axe):
    """Blank, with results over two pages, with no result, and with a search it cannot run."""
    agencies = AgencyFactory.create_batch(30, city="Arlington")
    AgencyFactory(name="Fairfax County Police Department", city="Fairfax", county="FAIRFAX")

    visit(page, "/agencies/")
    axe(page)

    visit(page, "/agencies/?q=Arlington")
    assert page.get_by_role("heading", name="30 agencies found").is_visible()
    assert page.get_by_role("navigation", name="Pages of results").is_visible()
    axe(page)

    visit(page, "/agencies/?q=Nowhere+Special")
    assert page.get_by_role("heading", name="No agency found").is_visible()
    axe(page)

    visit(page, "/agencies/?q=a")  # too short to search
    assert page.get_by_role("heading", name="Please fix the search").is_visible()
    axe(page)

    visit(page, f"/agencies/{agencies[0].pk}/")
    axe(page)


@VIEWPORTS
def test_agency_directory_search_from_the_form(page, axe):
    """The form's answer arrives through htmx; the page that results is checked too."""
    AgencyFactory(name="Fairfax County Police Department", city="Fairfax", county="FAIRFAX")
    visit(page, "/agencies/")

    page.get_by_label("Name, city, county or ORI").fill("Fairfax")
    page.get_by_role("button", name="Search", exact=True).click()

    page.get_by_role("heading", name="1 agency found").wait_for()
    assert page.get_by_role("link", name="Fairfax County Police Department").is_visible()
    axe(page)


@VIEWPORTS
def test_sign_in_page_blank_and_after_a_wrong_password(page, axe):
    staff = ProgramStaffFactory(email="analyst@example.gov")
    visit(page, "/accounts/sign-in/")
    axe(page)

    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert page.locator("[data-error-summary]").is_visible()
    axe(page)


@VIEWPORTS
def test_dashboard_of_a_signed_in_program_staff_member(page, axe):
    staff = ProgramStaffFactory(email="analyst@example.gov")
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/triage/")  # staff land on the queue (issue 7); My work is a link away
    visit(page, "/accounts/")

    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    axe(page)


@VIEWPORTS
def test_page_not_found(page, axe):
    visit(page, "/no-such-page/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "We can’t find that page"
    axe(page)


def test_the_axe_check_reports_violations(page, axe):
    """The check itself can fail: a page with an unlabelled field and an image without text."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><img src="/static/uswds/img/us_flag_small.png"><input type="text">'
        "</main></body></html>"
    )
    report = axe.collect(page)
    assert "image-alt" in report
    assert "label" in report
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)
