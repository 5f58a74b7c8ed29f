"""Business days and the first-response target, with fixed dates around holidays and weekends.

2025: Thanksgiving is Thursday 27 November, Christmas Thursday 25 December, New Year's Day
Thursday 1 January 2026. Independence Day 2026 falls on a Saturday, observed Friday 3 July.
"""

import datetime
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest, ResponseTarget
from continuum.intake.sla import (
    business_days_between,
    first_response_target,
    is_business_day,
    is_overdue,
    overdue_q,
    request_age_business_days,
    response_targets,
    submitted_before_for_age,
)

NY = zoneinfo.ZoneInfo("America/New_York")
D = datetime.date


def at(y, m, d, hour=10):
    return datetime.datetime(y, m, d, hour, tzinfo=NY)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 11, 24), D(2025, 11, 26), 2),  # Monday to Wednesday
        (D(2025, 11, 26), D(2025, 11, 28), 1),  # over Thanksgiving
        (D(2025, 11, 25), D(2025, 12, 1), 3),  # Wed, Fri, Mon
        (D(2025, 12, 19), D(2026, 1, 2), 8),  # Christmas and New Year's Day skipped
        (D(2025, 11, 21), D(2025, 11, 24), 1),  # Friday to Monday
        (D(2025, 11, 22), D(2025, 11, 24), 1),  # Saturday to Monday
        (D(2025, 11, 22), D(2025, 11, 23), 0),  # Saturday to Sunday
        (D(2025, 11, 24), D(2025, 11, 24), 0),  # same day
        (D(2025, 11, 26), D(2025, 11, 24), 0),  # end before start
        (D(2026, 7, 2), D(2026, 7, 6), 1),  # Independence Day observed on Friday 3 July
        (D(2025, 1, 1), D(2025, 12, 31), 250),  # a whole year: 261 weekdays, 11 holidays
    ],
    ids=[
        "mon-to-wed",
        "thanksgiving",
        "around-thanksgiving-weekend",
        "christmas-and-new-year",
        "fri-to-mon",
        "sat-to-mon",
        "weekend",
        "same-day",
        "backwards",
        "observed-july-4",
        "year-2025",
    ],
)
def test_business_days_between(start, end, expected):
    assert business_days_between(start, end) == expected


def test_holidays_and_weekends_are_not_business_days():
    assert not is_business_day(D(2025, 11, 27))  # Thanksgiving
    assert not is_business_day(D(2025, 12, 25))
    assert not is_business_day(D(2026, 7, 3))  # observed
    assert not is_business_day(D(2025, 11, 29))  # Saturday
    assert is_business_day(D(2025, 11, 28))  # the Friday after Thanksgiving is a workday


def _brute_force(start, end):
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += is_business_day(day)
    return days


dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates, dates)
def test_business_days_between_agrees_with_counting_day_by_day(start, end):
    assert business_days_between(start, end) == _brute_force(start, end)


@settings(max_examples=200, deadline=None)
@given(dates, dates, st.integers(min_value=0, max_value=30))
def test_the_sql_age_threshold_matches_business_day_arithmetic(submitted, today, min_age):
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=NY)
    submitted_at = datetime.datetime.combine(submitted, datetime.time(23, 59), tzinfo=NY)
    moment = submitted_before_for_age(min_age, now)
    before = True if moment is None else submitted_at < moment
    assert before == (business_days_between(submitted, today) >= min_age)


def _request(**kwargs):
    values = {"status": RequestStatus.SUBMITTED, "submitted_at": at(2025, 11, 26)}
    values.update(kwargs)
    return AssistanceRequest(**values)


def test_age_runs_from_submission_and_skips_thanksgiving():
    ar = _request()
    assert request_age_business_days(ar, now=at(2025, 11, 28)) == 1
    assert request_age_business_days(ar, now=at(2025, 12, 1)) == 2
    assert request_age_business_days(ar, now=at(2025, 12, 2)) == 3


def test_a_draft_has_no_age():
    assert request_age_business_days(AssistanceRequest(), now=at(2025, 12, 2)) == 0


def test_paused_time_is_not_counted():
    # Submitted Mon 1 Dec; 4 business days already paused; 7 business days to Wed 10 Dec.
    ar = _request(submitted_at=at(2025, 12, 1), paused_business_days=4)
    assert request_age_business_days(ar, now=at(2025, 12, 10)) == 7 - 4
    # While the pause runs, its days are not counted either.
    paused = _request(submitted_at=at(2025, 12, 1), clock_paused_at=at(2025, 12, 2))
    assert request_age_business_days(paused, now=at(2025, 12, 8)) == 1
    both = _request(
        submitted_at=at(2025, 12, 1), paused_business_days=2, clock_paused_at=at(2025, 12, 9)
    )
    assert request_age_business_days(both, now=at(2025, 12, 11)) == 8 - 2 - 2  # Wed, Thu paused


def test_age_stops_at_the_decision():
    ar = _request(status=RequestStatus.ACCEPTED, decided_at=at(2025, 12, 1))
    assert request_age_business_days(ar, now=at(2026, 3, 1)) == 2


@pytest.mark.django_db
def test_overdue_after_the_target_over_the_christmas_holiday():
    ar = _request(submitted_at=at(2025, 12, 23, 16))  # Tuesday before Christmas
    assert first_response_target() == 2
    assert not is_overdue(ar, now=at(2025, 12, 24))  # 1 day
    assert not is_overdue(ar, now=at(2025, 12, 26))  # 2 days (Christmas skipped)
    assert is_overdue(ar, now=at(2025, 12, 29))  # 3 days


@pytest.mark.django_db
def test_a_weekend_submission_starts_counting_on_monday():
    ar = _request(submitted_at=at(2025, 11, 22))  # Saturday
    assert request_age_business_days(ar, now=at(2025, 11, 24)) == 1
    assert not is_overdue(ar, now=at(2025, 11, 25))
    assert is_overdue(ar, now=at(2025, 11, 26))


@pytest.mark.django_db
def test_every_open_request_past_its_target_is_overdue_answered_or_not():
    late = at(2026, 1, 30)
    assert is_overdue(_request(), now=late)
    # Answered (in review) but still undecided past the target: flagged too.
    answered = _request(status=RequestStatus.IN_REVIEW, first_response_at=at(2025, 11, 26, 12))
    assert is_overdue(answered, now=late)
    # Waiting on the agency: the clock is paused, so not the program's delay.
    waiting = _request(status=RequestStatus.NEEDS_INFORMATION, clock_paused_at=at(2025, 11, 26))
    assert not is_overdue(waiting, now=late)
    assert not is_overdue(_request(status=RequestStatus.WITHDRAWN), now=late)
    assert not is_overdue(_request(status=RequestStatus.DECLINED), now=late)


@pytest.mark.django_db
def test_targets_are_data_by_urgency():
    ResponseTarget.objects.filter(urgency="standard").update(business_days=5)
    assert response_targets() == {"standard": 5, "critical_incident": 1}
    ar = _request(submitted_at=at(2025, 12, 1))
    assert not is_overdue(ar, now=at(2025, 12, 8))  # 5 days
    assert is_overdue(ar, now=at(2025, 12, 9))  # 6 days
    urgent = _request(submitted_at=at(2025, 12, 1), has_critical_incident=True)
    assert first_response_target(urgent) == 1
    assert not is_overdue(urgent, now=at(2025, 12, 2))  # 1 day
    assert is_overdue(urgent, now=at(2025, 12, 3))  # 2 days


@pytest.mark.django_db
def test_without_target_rows_the_setting_is_the_standard_target(settings):
    ResponseTarget.objects.all().delete()
    settings.CONTINUUM = {**settings.CONTINUUM, "FIRST_RESPONSE_BUSINESS_DAYS": 5}
    assert response_targets() == {"standard": 5, "critical_incident": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("critical", [False, True])
@pytest.mark.parametrize("paused_days", [0, 1, 3, 9])
@pytest.mark.parametrize("status", ["submitted", "in_review", "needs_information", "accepted"])
def test_overdue_in_sql_agrees_with_each_request(critical, paused_days, status):
    from continuum.intake.tests.factories import AssistanceRequestFactory

    now = at(2026, 1, 30)
    rows = []
    for days_ago in range(0, 30, 2):
        rows.append(
            AssistanceRequestFactory(
                status=status,
                tracking_number=f"CRI-2026-{len(rows) + paused_days * 100 + critical * 1000:05d}",
                submitted_at=now - datetime.timedelta(days=days_ago),
                paused_business_days=paused_days,
                has_critical_incident=critical,
                clock_paused_at=now if status == "needs_information" else None,
            )
        )
    in_sql = set(AssistanceRequest.objects.filter(overdue_q(now)).values_list("pk", flat=True))
    assert in_sql == {ar.pk for ar in rows if is_overdue(ar, now)}
