"""Small steps of the intake journey (issue 3), shared by `test_intake_journey.py`.

Each helper does what a person does on the page (types, ticks a label, presses a button) and
waits for what the page answers (a new document, a status text), never for a fixed time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, Response, expect

TRACKING_NUMBER = re.compile(r"^CRI-\d{4}-\d{5}$")


@dataclass
class AxeLog:
    """Runs axe on each state of the journey and keeps every report, so that one failure lists
    every page and state that broke a rule (each labelled with the state it was found in)."""

    axe: object
    reports: list[str] = field(default_factory=list)

    def check(self, page: Page, state: str) -> None:
        report = self.axe.collect(page)
        if report:
            self.reports.append(f"[{state}]\n{report}")

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(self.reports)


# --- moving around --------------------------------------------------------------------------


def press(page: Page, name: str) -> Response:
    """Press a button that submits a form and wait for the page the server answers with."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    response = navigation.value
    assert response is not None
    return response


def follow(page: Page, link: Locator) -> Response:
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None
    return response


def visit(page: Page, path: str) -> Response:
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path} answered {response.status if response else 'nothing'}"
    )
    return response


def open_main_menu_item(page: Page, name: str) -> Response:
    """Follow a link of the site's main navigation (behind the "Menu" button on a phone)."""
    menu_button = page.locator("button.usa-menu-btn")
    if menu_button.is_visible():
        menu_button.click()
        expect(page.locator("nav.usa-nav")).to_be_visible()
    link = page.locator("nav.usa-nav").get_by_role("link", name=name, exact=True)
    return follow(page, link)


def sign_in(page: Page, *, email: str, password: str) -> None:
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    press(page, "Sign in")
    expect(page.get_by_role("status")).to_contain_text(f"You are signed in as {email}.")


# --- filling in forms ----------------------------------------------------------------------


def choose(page: Page, label: str | re.Pattern) -> None:
    """Tick a checkbox or choose a radio button by clicking its label, as a person does
    (USWDS moves the input itself off screen and draws the box on the label)."""
    if isinstance(label, str):
        # Exactly this label, or this label and the required-field marker ("*") after it.
        label = re.compile(rf"^{re.escape(label)}( \*)?$")
    control = page.get_by_label(label)
    click_label_of(page, control)


def choose_service(page: Page, name: str) -> None:
    """Tick a service of the request form. Its label is the name followed by a one-line
    explanation in a span, so the label's own first text must be exactly the name."""
    label = page.locator(f'xpath=//label[normalize-space(text()[1])="{name}"]')
    control = page.locator(f'input[id="{label.get_attribute("for")}"]')
    click_label_of(page, control)


def click_label_of(page: Page, control: Locator) -> None:
    control_id = control.get_attribute("id")
    page.locator(f'label[for="{control_id}"]').click()
    expect(control).to_be_checked()


def current_step(page: Page) -> Locator:
    return page.locator(".usa-step-indicator__heading-text")


def expect_step(page: Page, title: str) -> None:
    expect(current_step(page)).to_have_text(title)


def error_summary(page: Page, within: Locator | None = None) -> Locator:
    return (within or page).locator("[data-error-summary]")


def expect_errors(page: Page, *messages: str, within: Locator | None = None) -> None:
    """The error summary is shown and names each of `messages`."""
    summary = error_summary(page, within)
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)


# --- a second person at the same time ---------------------------------------------------------


@contextmanager
def another_person(browser, *, base_url: str, viewport: dict, console) -> Iterator[Page]:
    """A page in its own browser context (own cookies): someone else on another computer."""
    context = browser.new_context(viewport=viewport, base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda msg: console.messages.append((msg.type, msg.text)))
    try:
        yield page
    finally:
        context.close()
