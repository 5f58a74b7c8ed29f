"""The acceptance journey of issue 3 (intake and triage), in Debian's Chromium.

A new agency user, anonymous at first, walks the whole request form to a tracking number; a
program staff member finds the request in the triage queue and accepts it into the recommended
program; the agency user then sees the decision on their request page. axe runs on every step
and on each step's error state (a step sent empty or with bad input), at a desktop and at a phone
width; one failure lists every state that broke a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import PASSWORD, ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory

from .conftest import DESKTOP, MOBILE
from .intake_steps import (
    TRACKING_NUMBER,
    AxeLog,
    another_person,
    choose,
    choose_service,
    error_summary,
    expect_errors,
    expect_step,
    follow,
    open_main_menu_item,
    press,
    sign_in,
    visit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass(frozen=True)
class Story:
    """Who asks for what. Each width tells a different one, so both routes get walked."""

    agency_name: str
    agency_city: str
    agency_ori: str
    requester_name: str
    requester_email: str
    chief_name: str
    chief_email: str
    services: tuple[str, ...]
    topics: tuple[str, ...]
    goal: str
    concern_scope: str
    narrative: str
    timeframe: str
    incident_days_ago: int
    incident_kind: str
    public_attention: str
    other_reviews: str  # "" when there are none
    recommended_program: str


RIVERTON = Story(
    agency_name="Riverton Police Department",
    agency_city="Riverton",
    agency_ori="VA0420000",
    requester_name="Pat Rivera",
    requester_email="pat.rivera@riverton.example.gov",
    chief_name="Alex Morgan",
    chief_email="chief.morgan@riverton.example.gov",
    services=(
        "Critical incident after-action review",
        "Facilitated discussion with subject-matter experts",
    ),
    topics=("De-escalation", "Community engagement"),
    goal="Build trust between police and the communities they serve",
    concern_scope="One specific issue or event",
    narrative=(
        "In March two officers shot a man in crisis at a bus stop. We want an independent look "
        "at how we handled the response and the days after, and help talking with residents."
    ),
    timeframe="As soon as possible (within 30 days)",
    incident_days_ago=30,
    incident_kind="Officer-involved shooting",
    public_attention="Local news and community attention",
    other_reviews="The state police are investigating the shooting.",
    recommended_program="Critical Response",
)

LAKEVIEW = Story(
    agency_name="Lakeview County Sheriff's Office",
    agency_city="Lakeview",
    agency_ori="VA0770000",
    requester_name="Dana Okafor",
    requester_email="dana.okafor@lakeview.example.gov",
    chief_name="Sam Whitfield",
    chief_email="sheriff.whitfield@lakeview.example.gov",
    services=("Policy review", "Peer exchange"),
    topics=("Accountability",),
    goal="Improve fairness, effectiveness and efficiency in agency operations",
    concern_scope="Agency-wide, systemic concerns",
    narrative=(
        "Protests after a jail death showed our use-of-force and complaint policies are out of "
        "date across the whole office. We want to rebuild them and report progress in public."
    ),
    timeframe="In 1 to 3 months",
    incident_days_ago=60,
    incident_kind="Civil unrest or mass demonstration",
    public_attention="Regional or statewide attention",
    other_reviews="",
    recommended_program="Organizational Assessment",
)

NEW_PASSWORD = "quiet harbor lantern 4417"
SAVE = "Save and continue"


# --- the agency user: the request form --------------------------------------------------------


def start_request(page: Page, checks: AxeLog) -> None:
    visit(page, "/request/")
    checks.check(page, "request form: start page")
    press(page, "Start a new request")
    expect_step(page, "Your agency")


def step_agency(page: Page, checks: AxeLog, story: Story) -> None:
    checks.check(page, "agency: blank")

    press(page, SAVE)
    expect_errors(page, "Choose your agency from the search results")
    checks.check(page, "agency: error (nothing chosen)")

    search = page.get_by_label("Search the national directory")
    status = page.locator("#agency-search-status")
    search.fill("ZZ0000000")  # an ORI no agency has; htmx answers as the person types
    expect(status).to_contain_text("No agency in the directory has the ORI “ZZ0000000”")
    checks.check(page, "agency: search for an unknown ORI")

    search.fill(story.agency_name)
    expect(status).to_have_text("1 agency matches.")
    checks.check(page, "agency: search results")
    choose(page, re.compile(rf"^{re.escape(story.agency_name)} — "))

    press(page, SAVE)
    expect_step(page, "About you")


def step_you(page: Page, checks: AxeLog, story: Story) -> None:
    checks.check(page, "you: blank")

    page.get_by_label("Your full name").fill(story.requester_name)
    page.get_by_label("Your email address").fill("not an email address")
    page.get_by_label("Your phone number").fill("555-0100")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD + " typo")
    press(page, SAVE)
    expect_errors(
        page,
        "Enter your title",
        "Enter an email address like name@agency.gov.",
        "Enter a phone number with its area code",
        "The two passwords are not the same.",
    )
    expect(page.get_by_label("Your full name")).to_have_value(story.requester_name)
    checks.check(page, "you: error (bad email, phone and passwords)")

    page.get_by_label("Your title").fill("Deputy Chief")
    page.get_by_label("Your email address").fill(story.requester_email)
    page.get_by_label("Your phone number").fill("555-201-4477")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    press(page, SAVE)
    expect_step(page, "Authorization")
    # The same words whether or not the address already has an account; not signed in yet.
    expect(page.get_by_text(f"Thank you. We emailed {story.requester_email}")).to_be_visible()


def step_authorization(page: Page, checks: AxeLog, story: Story) -> None:
    checks.check(page, "authorization: blank")

    press(page, SAVE)
    expect_errors(
        page,
        "Enter the chief executive's full name.",
        "Confirm that your agency asks for this assistance voluntarily.",
    )
    checks.check(page, "authorization: error (sent empty)")

    page.get_by_label("Chief executive's full name").fill(story.chief_name)
    page.get_by_label("Chief executive's title").fill("Chief of Police")
    page.get_by_label("Chief executive's email address").fill(story.chief_email)
    choose(page, "Our agency asks for this assistance voluntarily.")
    choose(page, "Our chief executive knows about this request and supports it.")
    press(page, SAVE)
    expect_step(page, "What you need")


def send_too_early(page: Page, checks: AxeLog) -> None:
    """The review page's error state: sending before "What you need" is answered (say, from a
    bookmarked review page). The warning links back to the unfinished step."""
    assert page.url.endswith("/needs/")
    visit(page, page.url.removesuffix("needs/") + "review/")
    expect(page.locator(".usa-alert--warning")).to_contain_text("Some steps are not finished")
    response = press(page, "Send the request")
    assert response.status == 400
    expect_errors(page, "The request could not be sent yet")
    checks.check(page, "review: error (sent before every step is done)")

    follow(page, page.locator(".usa-alert--warning").get_by_role("link", name="What you need"))
    expect_step(page, "What you need")


def step_needs(page: Page, checks: AxeLog, story: Story) -> None:
    checks.check(page, "what you need: blank")

    press(page, SAVE)
    expect_errors(
        page,
        "Choose at least one kind of help",
        "Tell us what happened, or what your agency wants to change.",
        "Answer yes or no: is this about a critical incident?",
    )
    checks.check(page, "what you need: error (sent empty)")

    for service in story.services:
        choose_service(page, service)
    choose(page, story.concern_scope)
    page.get_by_label("Tell us what happened, or what your agency wants to change").fill(
        story.narrative
    )
    choose(page, story.timeframe)
    choose(page, story.goal)
    page.get_by_text("Choose topics (optional)").click()
    for topic in story.topics:
        choose(page, topic)
    choose(page, "Yes")  # it is about a critical incident
    press(page, SAVE)
    expect_step(page, "Critical incident")


def step_incident(page: Page, checks: AxeLog, story: Story) -> None:
    checks.check(page, "critical incident: blank")

    next_week = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Date of the incident").fill(next_week.strftime("%m/%d/%Y"))
    press(page, SAVE)
    expect_errors(
        page,
        "The date of the incident cannot be in the future.",
        "Choose what kind of incident it was.",
    )
    checks.check(page, "critical incident: error (date in the future)")

    incident_date = timezone.localdate() - timedelta(days=story.incident_days_ago)
    page.get_by_label("Date of the incident").fill(incident_date.strftime("%m/%d/%Y"))
    choose(page, story.incident_kind)
    choose(page, story.public_attention)
    if story.other_reviews:
        choose(page, "Yes")
        page.get_by_label("Which reviews or investigations?").fill(story.other_reviews)
    else:
        choose(page, "No")
    press(page, SAVE)
    expect_step(page, "Review and send")


def review_and_send(page: Page, checks: AxeLog, story: Story) -> str:
    """Send the request from the review page; the tracking number it gets."""
    main = page.locator("main")
    expect(main).to_contain_text(story.agency_name)
    expect(main).to_contain_text(story.narrative)
    expect(page.locator(".usa-alert--warning")).to_have_count(0)  # no unfinished step
    checks.check(page, "review")

    # Not signed in yet: sending asks for the account made at step 2, then comes back here.
    press(page, "Send the request")
    expect(page.get_by_text("Sign in to send the request")).to_be_visible()
    checks.check(page, "sign in to send")
    page.get_by_label("Email address").fill(story.requester_email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    press(page, "Sign in")
    expect_step(page, "Review and send")
    press(page, "Send the request")
    tracking = page.locator(".continuum-tracking-number")
    expect(tracking).to_have_text(TRACKING_NUMBER)
    checks.check(page, "request sent")
    return tracking.inner_text()


# --- program staff: triage ----------------------------------------------------------------------


def find_in_queue(page: Page, checks: AxeLog, tracking_number: str) -> None:
    open_main_menu_item(page, "Triage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage queue")
    checks.check(page, "triage queue")

    visit(page, "/triage/?program=no-such-program&status=open")
    expect(page.locator(".usa-alert--warning")).to_contain_text("Some filters were not used")
    expect(page.locator("#id_program_error")).to_be_visible()
    checks.check(page, "triage queue: error (unknown program in the filters)")

    follow(page, page.get_by_role("link", name=tracking_number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(tracking_number)
    checks.check(page, "triage: the request")


def start_review(page: Page, checks: AxeLog) -> None:
    press(page, "Start review")
    expect(page.get_by_text("The review has started.")).to_be_visible()
    expect(page.locator(".continuum-request-status .usa-tag").first).to_have_text("In review")
    checks.check(page, "triage: the request in review")


def decline_without_a_reason(page: Page, checks: AxeLog) -> None:
    response = press(page, "Decline: review the decision")
    assert response.status == 422
    decline = page.locator("section[aria-labelledby='action-decline']")
    expect_errors(
        page,
        "Choose the reason for declining.",
        "Write the explanation for the agency.",
        within=decline,
    )
    expect(page.locator(".continuum-request-status .usa-tag").first).to_have_text("In review")
    checks.check(page, "triage: error (decline without a reason)")


def accept_as_recommended(page: Page, checks: AxeLog, story: Story) -> None:
    recommendation = page.locator("section[aria-labelledby='recommendation-heading']")
    expect(recommendation).to_contain_text(f"Continuum suggests {story.recommended_program}")

    accept = page.locator("section[aria-labelledby='action-accept']")
    program = accept.get_by_role("combobox", name="Program")
    expect(program.locator("option:checked")).to_have_text(story.recommended_program)
    chosen_services = accept.locator("input[type=checkbox]:checked")
    expect(chosen_services).not_to_have_count(0)  # preselected from the recommendation
    expect(error_summary(page, accept)).to_have_count(0)

    press(page, "Accept: review the decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accept")
    expect(page.locator(".continuum-confirm-summary")).to_contain_text(story.recommended_program)
    checks.check(page, "triage: confirm the decision")
    press(page, "Confirm")
    expect(
        page.get_by_text(f"The request is accepted into {story.recommended_program}.")
    ).to_be_visible()
    expect(page.locator(".continuum-request-status .usa-tag").first).to_have_text("Accepted")
    checks.check(page, "triage: the request accepted")


# --- the agency user again: the decision ------------------------------------------------------


def see_the_decision(page: Page, checks: AxeLog, story: Story, tracking_number: str) -> None:
    open_main_menu_item(page, "My requests")
    expect(page.get_by_role("heading", level=1)).to_have_text("My requests")
    checks.check(page, "my requests")

    follow(page, page.get_by_role("link", name=tracking_number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request {tracking_number}")
    expect(page.locator("#status-heading")).to_have_text("Status: Accepted")
    expect(page.locator("main")).to_contain_text(
        f"The request was accepted into {story.recommended_program}."
    )
    checks.check(page, "my request: accepted")


@pytest.mark.parametrize(
    ("viewport", "story"), [(DESKTOP, RIVERTON), (MOBILE, LAKEVIEW)], ids=["desktop", "mobile"]
)
def test_a_new_agency_user_asks_for_help_and_sees_staff_accept_it(
    page, browser, live_server, viewport, console, axe, story
):
    AgencyFactory(name=story.agency_name, city=story.agency_city, ori9=story.agency_ori)
    AgencyFactory.create_batch(3)  # other agencies in the directory, which the search leaves out
    staff = ProgramStaffFactory(email="analyst@cops.example.gov", full_name="Jordan Analyst")
    checks = AxeLog(axe)

    # A new agency user, not signed in, fills the whole form (and creates an account on the way).
    start_request(page, checks)
    step_agency(page, checks, story)
    step_you(page, checks, story)
    step_authorization(page, checks, story)
    send_too_early(page, checks)
    step_needs(page, checks, story)
    step_incident(page, checks, story)
    tracking_number = review_and_send(page, checks, story)

    # Program staff, on another computer, triage it and accept it as recommended.
    with another_person(
        browser, base_url=live_server.url, viewport=viewport, console=console
    ) as staff_page:
        sign_in(staff_page, email=staff.email, password=PASSWORD)
        find_in_queue(staff_page, checks, tracking_number)
        start_review(staff_page, checks)
        decline_without_a_reason(staff_page, checks)
        accept_as_recommended(staff_page, checks, story)

    # The agency user, still signed in, sees the decision.
    see_the_decision(page, checks, story, tracking_number)

    checks.assert_clean()
    assert console.csp_violations() == []
