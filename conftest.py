"""Root test configuration: Playwright's event loop, and the pinned clock for date runs.

`CONTINUUM_TEST_DATE` pins the clock for every test of the run (browser tests excepted: Chromium
keeps the real clock, so pinning the server alone would only make the two disagree). It takes a
date, `2026-11-27` (noon there), or a local time, `2026-03-08T03:30`, both read in the project's
TIME_ZONE (America/New_York). The clock then runs on from that moment (time-machine, `tick=True`).

`make pytest-dates` runs the tests marked `date_sensitive` under each date of `TEST_DATES` (a
Monday, a Friday after a federal holiday, a daylight-saving change...). Mark a test, or a module
through `pytestmark`, `date_sensitive` when its outcome could depend on the day it runs: business
days, "overdue", ages, anything relative to today. A test that needs one exact moment uses
time-machine's own marker, `@pytest.mark.time_machine("2026-06-03T10:00-04:00", tick=False)`,
which wins over the pinned date.
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
    """The aware moment `CONTINUUM_TEST_DATE` names (a date means noon, local times are local)."""
    try:
        if "T" in value or " " in value:
            moment = datetime.datetime.fromisoformat(value)
        else:
            moment = datetime.datetime.combine(
                datetime.date.fromisoformat(value), datetime.time(12)
            )
    except ValueError:
        raise pytest.UsageError(
            f"{TEST_DATE_VARIABLE} must be a date such as 2026-11-27 or a local time such as "
            f"2026-03-08T03:30; got {value!r}."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    return moment


def pytest_configure(config):
    value = os.environ.get(TEST_DATE_VARIABLE, "").strip()
    if value:
        pinned_moment(value, "UTC")  # a bad value stops the run before any test


def pytest_report_header(config):
    value = os.environ.get(TEST_DATE_VARIABLE, "").strip()
    if value:
        return f"{TEST_DATE_VARIABLE}={value}: the clock is pinned for every non-browser test"
    return None


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    value = os.environ.get(TEST_DATE_VARIABLE, "").strip()
    node = request.node
    if not value or node.get_closest_marker("browser") or node.get_closest_marker("time_machine"):
        yield None
        return
    import time_machine
    from django.conf import settings

    with time_machine.travel(pinned_moment(value, settings.TIME_ZONE), tick=True) as traveller:
        yield traveller
