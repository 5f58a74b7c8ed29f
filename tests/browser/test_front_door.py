"""Issue 7 §3, §5, §6, §7 in a real browser, at 375 and 1280 px, axe (and the sideways-scroll
check of `conftest.sideways_scroll`) on every page and state: the federal pages and footer,
each role landing on its own work, profile, password and adding a colleague, the agency's
conversation and decision summary, the compact directory and the agency step's folding."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from continuum.accounts.tests.factories import (
    PASSWORD,
    AgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.services import triage
from continuum.intake.tests.factories import program, service, submitted_request

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, press, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOOTER_LINKS = [
    "About Continuum",
    "Accessibility statement",
    "FOIA requests",
    "No FEAR Act data",
    "Office of the Inspector General",
    "Privacy policy",
    "Visit USA.gov",
]


def sign_in(page, user) -> None:
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    press(page, "Sign in")


@VIEWPORTS
def test_public_pages_carry_the_identifier_and_fit_the_screen(page, axe):
    agency = AgencyFactory(name="Riverton Police Department", city="Riverton")
    log = AxeLog(axe)
    for path in (
        "/",
        "/about/",
        "/accessibility/",
        "/privacy/",
        "/foia/",
        "/no-fear-act/",
        "/programs/",
        "/agencies/?q=Riverton",
        f"/agencies/{agency.pk}/",
        "/request/",
        "/accounts/sign-in/",
    ):
        visit(page, path)
        log.check(page, path)
        links = page.locator(".usa-identifier a").all_inner_texts()
        assert set(FOOTER_LINKS) <= set(links), (path, links)
        assert page.title().endswith("| Continuum"), page.title()
    log.assert_clean()
    visit(page, "/request/")
    expect(page.get_by_role("heading", name="Privacy Act statement")).to_be_visible()
    expect(page.get_by_role("heading", name="Need help with this form?")).to_be_visible()


@VIEWPORTS
@pytest.mark.parametrize(
    "make_user, landing, heading",
    [
        (ProgramStaffFactory, "/triage/", None),
        (lambda: AgencyMembershipFactory().user, "/my-requests/", None),
        (lambda: ProviderMembershipFactory().user, "/accounts/", "My work"),
    ],
    ids=["staff", "agency", "provider"],
)
def test_each_role_lands_on_its_page(page, axe, make_user, landing, heading):
    user = make_user()
    sign_in(page, user)
    assert page.url.endswith(landing), page.url
    if heading:
        assert page.get_by_role("heading", level=1).inner_text() == heading
        # A provider is not offered the agency's pages, but their organization's engagements.
        expect(page.get_by_role("link", name="My requests")).to_have_count(0)
        expect(page.get_by_role("link", name="See your organization's engagements")).to_be_visible()
    axe(page)


@VIEWPORTS
def test_profile_password_and_adding_a_colleague(page, axe):
    member = AgencyMembershipFactory(agency__name="Riverton Police Department")
    sign_in(page, member.user)
    log = AxeLog(axe)
    visit(page, "/accounts/profile/")
    log.check(page, "profile")
    page.get_by_label("Your name").fill("")
    page.get_by_label("Your work phone number").fill("call me")
    press(page, "Save your profile")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    log.check(page, "profile with errors")
    page.get_by_label("Your name").fill("Pat Rivera")
    page.get_by_label("Your work phone number").fill("202-555-0142")
    press(page, "Save your profile")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    visit(page, "/accounts/password/change/")
    log.check(page, "password change")
    press(page, "Change your password")
    log.check(page, "password change with errors")

    visit(page, "/accounts/colleagues/add/")
    log.check(page, "add a colleague")
    press(page, "Add this colleague")
    log.check(page, "add a colleague with errors")
    page.get_by_label("Your colleague's name").fill("Sam Lee")
    page.get_by_label("Their work email address").fill("sam.lee@riverton.gov")
    press(page, "Add this colleague")
    expect(page.get_by_text("We added Sam Lee.")).to_be_visible()
    log.check(page, "colleague added")
    log.assert_clean()


@VIEWPORTS
def test_the_agency_writes_to_staff_and_reads_the_decision_summary(page, axe):
    member = AgencyMembershipFactory(agency__name="Riverton Police Department")
    staff = ProgramStaffFactory(full_name="Jordan Avery")
    ar = submitted_request(
        requester=member.user, requester_email=member.user.email, agency=member.agency
    )
    sign_in(page, member.user)
    log = AxeLog(axe)
    visit(page, f"/my-requests/{ar.public_id}/")
    log.check(page, "request page")
    press(page, "Send your message")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    log.check(page, "message with an error")
    page.get_by_label("Your message").fill("Can we talk before our council meets?")
    expect(page.locator(".usa-character-count__status")).to_be_visible()
    press(page, "Send your message")
    expect(page.get_by_text("Can we talk before our council meets?")).to_be_visible()
    log.check(page, "message sent")

    triage.request_review_start(actor=staff, assistance_request=ar)
    triage.request_accept(
        actor=staff,
        assistance_request=ar,
        program=program("cri-tac"),
        services=[service("policy-review")],
    )
    visit(page, f"/my-requests/{ar.public_id}/")
    summary = page.locator("section[aria-labelledby='decision-heading']")
    expect(summary).to_contain_text("Jordan Avery")
    expect(summary).to_contain_text("What happens next")
    log.check(page, "decision summary")
    log.assert_clean()

    # Printed, the request page is the record: no site header, footer, buttons or forms.
    page.emulate_media(media="print")
    expect(page.locator(".usa-header")).to_be_hidden()
    expect(page.locator(".usa-identifier")).to_be_hidden()
    expect(page.get_by_role("button", name="Send your message")).to_be_hidden()
    expect(summary).to_be_visible()
    page.emulate_media(media="screen")


@VIEWPORTS
def test_the_agency_step_folds_the_unlisted_details_once_an_agency_is_picked(page, axe):
    AgencyFactory(name="Riverton Police Department", city="Riverton")
    visit(page, "/request/")
    press(page, "Start a new request")
    search = page.get_by_label("Search the national directory")
    # The search box is a whole USWDS input: all four borders, the height of its neighbours.
    style = search.evaluate(
        "e => [getComputedStyle(e).borderRightWidth, e.getBoundingClientRect().height]"
    )
    assert style == ["1px", 40], style
    search.fill("Riverton")
    agency = page.get_by_text("Riverton Police Department").first
    expect(agency).to_be_visible()  # htmx answers as the person types
    details = page.locator("[data-unlisted-details]")
    page.locator("label[for=id_agency_not_listed]").click()
    expect(details).to_have_attribute("open", "")
    axe(page)
    agency.click()
    expect(details).not_to_have_attribute("open", "")
    expect(page.get_by_label("My agency is not listed")).not_to_be_checked()
    axe(page)
