"""Browser tests: Playwright for Python drives Debian's Chromium against the live server.

Every browser test is marked

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)

(most modules set both in `pytestmark`).

The live server needs committed rows, so these tests are transactional, and the tables are
emptied after each one. `serialized_rollback` puts back, before each test, every row the
migrations wrote (the catalog's programs, services and goals...), serialized once when the test
database is created. Rows a test needs beyond that it makes itself with the factories.
See docs/adr/0004-browser-tests.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])

#: The accessibility standard we hold every page to: WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

BUILT_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "continuum.css"


def pytest_collection_modifyitems(config, items):
    """A test that opens the browser is a browser test and starts from the migrated data,
    even if its module forgot to say so (`-m "not browser"` must deselect it)."""
    for item in items:
        if "browser" not in getattr(item, "fixturenames", ()):
            continue
        if item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def chromium_path() -> str | None:
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One headless Chromium for the whole run; each test gets its own context (cookies)."""
    executable = chromium_path()
    if executable is None:
        message = (
            "The browser tests need Debian's Chromium and it is not installed. "
            "Install it with `sudo apt-get install chromium` (or run `make test`, which does)."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if not BUILT_CSS.exists():
        pytest.fail(
            f"{BUILT_CSS} is missing: build the pages' styles first with `make assets` "
            "(or `npm run build`).",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps database connections in a thread-local, but in a thread where an asyncio loop
    # runs it keeps them per context instead. Playwright's sync API marks its loop as running in
    # this thread between calls, so from here on Django would open fresh connections, without
    # the test database's serialized contents that `serialized_rollback` reloads. Hand Django
    # the connections it already has, so tests, the live server and the reload share them.
    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """Desktop unless a test parametrizes `viewport` (see `VIEWPORTS`)."""
    return DESKTOP


@dataclass
class ConsoleLog:
    """Everything the page wrote to the browser console during a test."""

    messages: list[tuple[str, str]] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [
            text
            for _kind, text in self.messages
            if "Content Security Policy" in text or "Content-Security-Policy" in text
        ]

    def errors(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "error"]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser, live_server, viewport, console) -> Iterator:
    """A fresh page (own cookies) at `viewport`, recording console messages into `console`."""
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    browser_page.on("console", lambda msg: console.messages.append((msg.type, msg.text)))
    in_flight = set()
    browser_page.on("request", lambda request: in_flight.add(request))
    browser_page.on("requestfinished", lambda request: in_flight.discard(request))
    browser_page.on("requestfailed", lambda request: in_flight.discard(request))
    yield browser_page
    # Let requests still running (an htmx search fired by typing) end before the tables are
    # emptied: the live server shares this test's database connection.
    for _ in range(100):
        if not in_flight:
            break
        browser_page.wait_for_timeout(50)
    context.close()


@pytest.fixture(scope="session")
def axe_runner() -> Axe:
    return Axe()


def violations_report(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


#: Elements reaching past the right edge of the window, and the page's scroll width (JavaScript).
_SIDEWAYS_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const culprits = [];
  if (scroll > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > width + 1) {
        let scroller = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden") { scroller = true; break; }
        }
        if (!scroller) {
          const cls = (el.getAttribute("class") || "").trim().split(/\\s+/).slice(0, 3).join(".");
          const name = el.tagName.toLowerCase() + (cls ? "." + cls : "");
          culprits.push(`${name} (right edge ${Math.round(box.right)} px)`);
        }
      }
      if (culprits.length >= 5) break;
    }
  }
  return {width, scroll, culprits};
}"""


def sideways_scroll(browser_page) -> str:
    """Why the page scrolls sideways (empty when it does not): no page may be wider than the
    window, at 375 px least of all. Tables may scroll inside their own box; the page may not.

    A click on a link returns once the next page has started arriving, before it has a body:
    wait for it to finish loading first (on a busy machine the check could otherwise run on a
    page without a body yet)."""
    browser_page.wait_for_load_state("load")
    found = browser_page.evaluate(_SIDEWAYS_SCRIPT)
    if found["scroll"] <= found["width"]:
        return ""
    viewport = browser_page.viewport_size
    return (
        f"{browser_page.url} at {viewport['width']}x{viewport['height']} scrolls sideways: it is "
        f"{found['scroll']} px wide in a {found['width']} px window. Reaching past the edge: "
        + (", ".join(found["culprits"]) or "(no single element found)")
    )


def assert_no_sideways_scroll(browser_page) -> None:
    report = sideways_scroll(browser_page)
    assert not report, report


@pytest.fixture
def axe(axe_runner):
    """`axe(page)` runs axe-core on the page as it is now and fails on any WCAG 2.1 A/AA violation.

    `axe.collect(page)` returns the report text instead (empty when clean), so a test can check
    many pages and fail once with every problem listed.

    Every check also asserts that the page does not scroll sideways (`sideways_scroll`): each
    page the suite visits is checked with axe, so no page of the suite may be wider than its
    window, at 375 px as at 1280 px.
    """

    class AxeCheck:
        def collect(self, browser_page) -> str:
            reports = []
            overflow = sideways_scroll(browser_page)
            if overflow:
                reports.append(overflow)
            results = axe_runner.run(browser_page, options=AXE_OPTIONS)
            violations = results.response["violations"]
            if violations:
                viewport = browser_page.viewport_size
                where = f"{browser_page.url} at {viewport['width']}x{viewport['height']}"
                reports.append(violations_report(violations, where))
            return "\n".join(reports)

        def __call__(self, browser_page) -> None:
            report = self.collect(browser_page)
            assert not report, report

    return AxeCheck()
