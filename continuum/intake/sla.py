"""The first-response target: business days a request waits on the program.

Business days are Monday to Friday except US federal holidays (the `holidays` package, observed
dates included). `business_days_between(start, end)` counts the business days after `start` up to
and including `end`: a request submitted on a Monday is 2 business days old on Wednesday, and one
submitted on a Friday evening or a Saturday is 1 business day old on Monday.

A request's age runs from its submission to its decision (or to now), minus the business days
the program waited on the agency for information (the clock pauses at "needs information" and
resumes when the agency answers).

Targets are data: one `ResponseTarget` row per urgency (seeded: standard 2 business days,
critical incident 1), edited in the admin. A request is *urgent* when it reports a critical
incident; urgent open requests are pinned at the top of the queue. A request is *overdue* while
it is open with its clock running (submitted or in review: not while it waits on the agency)
and its age is more than its target, whether or not someone already answered it: the queue
flags every open request past its target, not only new ones. When no target rows exist
(a database built without migrations), the standard target falls back to
`settings.CONTINUUM["FIRST_RESPONSE_BUSINESS_DAYS"]` (2 by default) and the urgent one to 1.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .choices import OPEN_STATUSES, RequestStatus

DEFAULT_FIRST_RESPONSE_BUSINESS_DAYS = 2
DEFAULT_CRITICAL_INCIDENT_BUSINESS_DAYS = 1
STANDARD = "standard"
CRITICAL_INCIDENT = "critical_incident"

#: Open states in which the clock runs (at "needs information" it waits on the agency).
CLOCK_RUNNING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW)


def response_targets() -> dict[str, int]:
    """Business days of the first-response target by urgency, read once (one query)."""
    from .models import ResponseTarget

    targets = {
        STANDARD: int(
            settings.CONTINUUM.get(
                "FIRST_RESPONSE_BUSINESS_DAYS", DEFAULT_FIRST_RESPONSE_BUSINESS_DAYS
            )
        ),
        CRITICAL_INCIDENT: DEFAULT_CRITICAL_INCIDENT_BUSINESS_DAYS,
    }
    targets.update(dict(ResponseTarget.objects.values_list("urgency", "business_days")))
    return targets


def urgency_of(ar) -> str:
    return CRITICAL_INCIDENT if ar.has_critical_incident else STANDARD


def is_urgent(ar) -> bool:
    """Open and about a critical incident: pinned at the top of the queue, on-call alerted."""
    return bool(ar.has_critical_incident) and ar.status in OPEN_STATUSES


def urgent_q() -> Q:
    """`is_urgent` in SQL."""
    return Q(has_critical_incident=True, status__in=list(OPEN_STATUSES))


def first_response_target(ar=None, *, targets: dict[str, int] | None = None) -> int:
    """The target of `ar` (by its urgency), or the standard target without a request.

    Pass `targets` (from `response_targets()`) when asking for many requests."""
    targets = targets if targets is not None else response_targets()
    return targets[urgency_of(ar) if ar is not None else STANDARD]


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


def overdue_submitted_before(now: datetime.datetime | None = None, *, target: int | None = None):
    """Requests with no pause submitted before this moment are past `target` (the standard
    target by default) now."""
    target = first_response_target() if target is None else target
    return submitted_before_for_age(max(target, 0) + 1, now)


#: Past pauses up to this many business days are subtracted exactly in SQL; longer ones count
#: as this many there (the queue's overdue count then flags them a little early; each row's
#: own flag, from `is_overdue`, stays exact).
SQL_EXACT_PAUSE_DAYS = 10


def overdue_q(now: datetime.datetime | None = None, *, targets: dict[str, int] | None = None) -> Q:
    """`is_overdue` in SQL: open with the clock running, and older than the request's target.

    Ages compare `submitted_at` with moments computed here from business-day arithmetic, one
    per urgency and length of past pauses (see `SQL_EXACT_PAUSE_DAYS`)."""
    now = now or timezone.now()
    targets = targets if targets is not None else response_targets()
    by_urgency = Q()
    for urgency, critical in ((STANDARD, False), (CRITICAL_INCIDENT, True)):
        target = max(targets[urgency], 0)
        by_pause = Q()
        for paused in range(SQL_EXACT_PAUSE_DAYS + 1):
            lookup = (
                {"paused_business_days": paused}
                if paused < SQL_EXACT_PAUSE_DAYS
                else {"paused_business_days__gte": paused}
            )
            by_pause |= Q(
                submitted_at__lt=submitted_before_for_age(target + 1 + paused, now), **lookup
            )
        by_urgency |= Q(has_critical_incident=critical) & by_pause
    return Q(status__in=list(CLOCK_RUNNING_STATUSES)) & by_urgency


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


def is_overdue(
    ar, now: datetime.datetime | None = None, *, targets: dict[str, int] | None = None
) -> bool:
    """Open with the clock running, and older than its target (answered or not)."""
    if ar.status not in CLOCK_RUNNING_STATUSES:
        return False
    return request_age_business_days(ar, now) > first_response_target(ar, targets=targets)


def business_days_left(
    ar, now: datetime.datetime | None = None, *, targets: dict[str, int] | None = None
) -> int:
    """Business days until the request's target (negative when overdue)."""
    return first_response_target(ar, targets=targets) - request_age_business_days(ar, now)


def response_center():
    """The Response Center's contact row (None when not seeded)."""
    from .models import ResponseCenter

    return ResponseCenter.objects.filter(key="main").first()
