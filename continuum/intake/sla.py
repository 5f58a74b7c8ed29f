"""The first-response target: business days a request waits on the program.

Business days are Monday to Friday except US federal holidays (the `holidays` package, observed
dates included). `business_days_between(start, end)` counts the business days after `start` up to
and including `end`: a request submitted on a Monday is 2 business days old on Wednesday, and one
submitted on a Friday evening or a Saturday is 1 business day old on Monday.

A request's age runs from its submission to its decision (or to now), minus the business days
the program waited on the agency for information (the clock pauses at "needs information" and
resumes when the agency answers). A request is overdue while it is open, nobody on the program
has responded yet (`first_response_at` is empty), and its age is more than the target
`settings.CONTINUUM["FIRST_RESPONSE_BUSINESS_DAYS"]` (2 by default).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

from .choices import OPEN_STATUSES

DEFAULT_FIRST_RESPONSE_BUSINESS_DAYS = 2


def first_response_target() -> int:
    return int(
        settings.CONTINUUM.get("FIRST_RESPONSE_BUSINESS_DAYS", DEFAULT_FIRST_RESPONSE_BUSINESS_DAYS)
    )


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[datetime.date]:
    # A pure function of the year: caching it shares nothing that could go stale.
    return frozenset(holidays.US(years=year, observed=True).keys())


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after `start`, up to and including `end` (0 when `end` is not later)."""
    if end <= start:
        return 0
    total_days = (end - start).days
    full_weeks, rest = divmod(total_days, 7)
    count = full_weeks * 5
    day = start + datetime.timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _federal_holidays(year) if start < h <= end and h.weekday() < 5)
    return count


def nth_business_day_back(day: datetime.date, n: int) -> datetime.date:
    """The n-th business day counting back from `day` (`day` itself counts when a business day)."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    found = 0
    while True:
        if is_business_day(day):
            found += 1
            if found == n:
                return day
        day -= datetime.timedelta(days=1)


def submitted_before_for_age(min_age: int, now: datetime.datetime | None = None):
    """The moment M such that a request submitted before M is at least `min_age` business days
    old now (pauses aside): `business_days_between(local date of submission, today) >= min_age`
    holds exactly when the submission came before M. Lets SQL filter on `submitted_at < M`.
    None when `min_age` is below 1 (every request is at least 0 days old).
    """
    if min_age < 1:
        return None
    now = now or timezone.now()
    boundary = nth_business_day_back(timezone.localdate(now), min_age)
    midnight = datetime.datetime.combine(boundary, datetime.time.min)
    return timezone.make_aware(midnight, timezone.get_current_timezone())


def overdue_submitted_before(now: datetime.datetime | None = None):
    """Requests submitted before this moment are past the first-response target now."""
    return submitted_before_for_age(max(first_response_target(), 0) + 1, now)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def paused_days_now(ar, now: datetime.datetime | None = None) -> int:
    """Business days of the pause in progress (0 when the clock runs)."""
    if ar.clock_paused_at is None:
        return 0
    now = now or timezone.now()
    return business_days_between(_local_date(ar.clock_paused_at), _local_date(now))


def request_age_business_days(ar, now: datetime.datetime | None = None) -> int:
    """Business days the request has waited on the program, pauses excluded."""
    if ar.submitted_at is None:
        return 0
    end = ar.decided_at or now or timezone.now()
    days = business_days_between(_local_date(ar.submitted_at), _local_date(end))
    paused = ar.paused_business_days + paused_days_now(ar, end)
    return max(0, days - paused)


def is_overdue(ar, now: datetime.datetime | None = None) -> bool:
    """Open, nobody on the program has responded yet, and older than the target."""
    if ar.status not in OPEN_STATUSES or ar.first_response_at is not None:
        return False
    return request_age_business_days(ar, now) > first_response_target()


def business_days_left(ar, now: datetime.datetime | None = None) -> int:
    """Business days until the first-response target (negative when overdue)."""
    return first_response_target() - request_age_business_days(ar, now)
