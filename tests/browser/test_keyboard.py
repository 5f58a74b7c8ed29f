"""Keyboard use of the layout: the skip link, the mobile menu and the government banner."""

import pytest

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, selector: str, limit: int = 15):
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return target
    raise AssertionError(f"{selector} is not reachable within {limit} presses of Tab")


def focused_element(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className; }"
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.locator("a.usa-skipnav")
    assert skip_link.evaluate("element => element === document.activeElement"), (
        f"first Tab stop is {focused_element(page)}, not the skip link"
    )
    assert skip_link.is_visible()  # shown when focused
    assert skip_link.inner_text() == "Skip to main content"

    page.keyboard.press("Enter")
    assert focused_element(page) == "#main-content"


@pytest.mark.parametrize("viewport", [MOBILE], ids=["mobile"])
def test_mobile_menu_opens_and_closes_with_the_keyboard(page):
    page.goto("/")
    navigation = page.locator("nav.usa-nav")
    assert not navigation.is_visible()

    tab_to(page, "button.usa-menu-btn")
    page.keyboard.press("Enter")

    assert navigation.is_visible()
    assert "is-visible" in (navigation.get_attribute("class") or "")
    close_button = page.locator("button.usa-nav__close")
    assert close_button.evaluate("element => element === document.activeElement")
    assert page.get_by_role("link", name="Programs", exact=True).first.is_visible()

    page.keyboard.press("Enter")

    assert not navigation.is_visible()
    assert page.locator("button.usa-menu-btn").evaluate(
        "element => element === document.activeElement"
    )


@pytest.mark.parametrize("viewport", [MOBILE], ids=["mobile"])
def test_mobile_menu_closes_with_escape(page):
    page.goto("/")
    tab_to(page, "button.usa-menu-btn")
    page.keyboard.press("Enter")
    assert page.locator("nav.usa-nav").is_visible()

    page.keyboard.press("Escape")

    assert not page.locator("nav.usa-nav").is_visible()


def test_banner_explanation_toggles_with_the_keyboard(page):
    page.goto("/")
    button = page.locator("button.usa-banner__button")
    content = page.locator("#gov-banner-default")
    assert button.get_attribute("aria-expanded") == "false"
    assert not content.is_visible()

    tab_to(page, "button.usa-banner__button")
    page.keyboard.press("Enter")

    assert button.get_attribute("aria-expanded") == "true"
    assert content.is_visible()
    assert "Official websites use .gov" in content.inner_text()

    page.keyboard.press("Enter")

    assert button.get_attribute("aria-expanded") == "false"
    assert not content.is_visible()
