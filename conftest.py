"""Root test configuration: Playwright's event loop, and pinned clocks for date-sensitive tests.

Mark a test, or a module through `pytestmark`, `date_sensitive` when its outcome could depend on
the day it runs: business days, "overdue", ages, the year in a tracking number, anything relative
to today. Two ways to pin the clock (time-machine; the clock then runs on from the pinned moment):

- `pytest -m date_sensitive --dates "2026-11-23T09:00 2026-03-08T03:30"` runs each
  date-sensitive test once per date (test ids end with `@2026-11-23T09:00`). `make pytest-dates`
  does this with the dates of `TEST_DATES` in the Makefile.
- `CONTINUUM_TEST_DATE=2026-11-27 pytest` pins every test of the run to one date, to check by
  hand that nothing unmarked depends on the date.

A date alone means noon; a time is read in the project's TIME_ZONE (America/New_York) unless it
carries an offset. Browser tests are never pinned: Chromium keeps the real clock, and pinning only
the server would make the two disagree. A test that needs one exact moment uses time-machine's own
marker, `@pytest.mark.time_machine("2026-06-03T10:00-04:00", tick=False)`, which wins.
"""

import datetime
import os
import zoneinfo

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEST_DATE_VARIABLE = "CONTINUUM_TEST_DATE"


def pinned_moment(value: str, time_zone: str) -> datetime.datetime:
    """The aware moment a pinned date names (a date alone means noon, local to `time_zone`)."""
    try:
        if "T" in value:
            moment = datetime.datetime.fromisoformat(value)
        else:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time(12))
    except ValueError:
        raise pytest.UsageError(
            f"A pinned test date must be a date such as 2026-11-27 or a local time such as "
            f"2026-03-08T03:30; got {value!r}."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    return moment


def _dates_option(config) -> list[str]:
    return (config.getoption("dates") or "").replace(",", " ").split()


def _whole_run_date() -> str:
    return os.environ.get(TEST_DATE_VARIABLE, "").strip()


def pytest_addoption(parser):
    parser.addoption(
        "--dates",
        default="",
        help="run each test marked date_sensitive once per date (space- or comma-separated, "
        "e.g. '2026-11-23T09:00 2026-11-27'; local times in America/New_York)",
    )


def pytest_configure(config):
    # A bad value stops the run before any test, with the message above.
    for value in [*_dates_option(config), _whole_run_date()]:
        if value:
            pinned_moment(value, "UTC")
    if _dates_option(config) and _whole_run_date():
        raise pytest.UsageError(f"Use either --dates or {TEST_DATE_VARIABLE}, not both.")


def pytest_report_header(config):
    if dates := _dates_option(config):
        return f"date-sensitive tests run under each pinned date: {', '.join(dates)}"
    if value := _whole_run_date():
        return f"{TEST_DATE_VARIABLE}={value}: the clock is pinned for every non-browser test"
    return None


def pytest_generate_tests(metafunc):
    dates = _dates_option(metafunc.config)
    definition = metafunc.definition
    if (
        dates
        and definition.get_closest_marker("date_sensitive")
        and not definition.get_closest_marker("browser")
        and not definition.get_closest_marker("time_machine")
    ):
        metafunc.parametrize("_pinned_clock", dates, indirect=True, ids=[f"@{d}" for d in dates])


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """Travels to the pinned moment (the --dates parameter, or CONTINUUM_TEST_DATE) if any."""
    node = request.node
    value = getattr(request, "param", None) or _whole_run_date()
    if not value or node.get_closest_marker("browser") or node.get_closest_marker("time_machine"):
        yield None
        return
    import time_machine
    from django.conf import settings

    with time_machine.travel(pinned_moment(value, settings.TIME_ZONE), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a public page cached by one test (ADR 0013) must
    not be served to the next, whose database was rolled back under it."""
    from django.core.cache import caches

    from continuum.core.forms import CachedSelect

    for cache in caches.all(initialized_only=True):
        cache.clear()
    CachedSelect.forget()
    yield
