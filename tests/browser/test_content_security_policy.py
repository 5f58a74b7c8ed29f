"""A strict content security policy holds: the header forbids inline code, and no page breaks it."""

import pytest

from continuum.catalog.models import Program

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def public_paths() -> list[str]:
    programs = Program.objects.active().order_by("order")
    return [
        "/",
        "/programs/",
        *[program.get_absolute_url() for program in programs],
        "/agencies/",
        "/accounts/sign-in/",
        "/no-such-page/",
    ]


def test_pages_send_a_strict_policy(page):
    response = page.goto("/")
    header = response.headers.get("content-security-policy")
    assert header, "no Content-Security-Policy header"
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    policy = directives(header)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("viewport", [MOBILE], ids=["mobile"])
def test_public_pages_break_no_rule_of_the_policy(page, console):
    for path in public_paths():
        response = page.goto(path)
        assert "'unsafe-inline'" not in response.headers.get(
            "content-security-policy", "'unsafe-inline'"
        )
        # Use the scripted parts too: the banner, the mobile menu and the sign-in error state.
        page.locator("button.usa-banner__button").click()
        page.locator("button.usa-menu-btn").click()
        page.locator("button.usa-nav__close").click()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("nobody@example.gov")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()

    assert console.csp_violations() == []


def test_the_console_check_sees_a_violation(page, console):
    """The check itself can fail: a page with an inline script under the same policy."""
    policy = page.goto("/").headers["content-security-policy"]
    page.route(
        "**/inline-test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body='<!DOCTYPE html><html lang="en"><title>x</title>'
            '<p style="color: red">x</p><script>document.title = "ran"</script></html>',
        ),
    )
    page.goto("/inline-test/")
    assert page.title() == "x"
    assert len(console.csp_violations()) >= 1
