"""The calendar's month shows at most DAY_LIMIT entries a day and counts the rest exactly ("N more
on this day", a link to the day); the day's page lists every entry by keyset pages. Nothing is
dropped without a word (the month used to stop silently at its 500th meeting), days are Eastern
Time days, and the cost follows the days, not the person's engagements (issues 8 and 9)."""

# ruff: noqa: F401, F811 (the `world` fixture is imported by name and used as an argument)

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.engagements.choices import MeetingKind
from continuum.engagements.models import Meeting, Milestone
from continuum.engagements.services.calendar import (
    DAY_LIMIT,
    DAY_PAGE,
    Month,
    calendar_day,
    calendar_month,
    parse_day,
)
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MeetingFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.intake.tests.factories import RawSubmittedRequestFactory

from .test_meetings_world import NOW, at, world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine(NOW, tick=False),
]

DECEMBER = Month(2026, 12)
URL = "/engagements/calendar/"
TENTH = "/engagements/calendar/2026-12-10/"
NEXT_LINK = re.compile(r'href="(\?[^"]*)"[^>]*><span class="usa-pagination__link-text">Next page')
PREVIOUS_LINK = re.compile(
    r'href="(\?[^"]*)"[^>]*><span class="usa-pagination__link-text">Previous page'
)


def _meetings(engagement, day: int, count: int, *, hour: int = 8, title: str = "Meeting"):
    """`count` meetings on December `day`, a minute apart from `hour` (bulk: a month can hold
    hundreds)."""
    start = at(day, hour)
    Meeting.objects.bulk_create(
        Meeting(
            engagement=engagement,
            kind=MeetingKind.MEETING,
            title=f"{title} {day}/{index:03d}",
            starts_at=start + datetime.timedelta(minutes=index),
            ends_at=start + datetime.timedelta(minutes=index + 30),
            link="https://meet.example.gov/x",
        )
        for index in range(count)
    )


def _milestones(engagement, day: int, count: int, *, title: str = "Milestone"):
    Milestone.objects.bulk_create(
        Milestone(
            engagement=engagement,
            title=f"{title} {day}/{index:03d}",
            due_on=datetime.date(2026, 12, day),
        )
        for index in range(count)
    )


def _day(days, number: int):
    return next(day for day in days if day.date == datetime.date(2026, 12, number))


def _body(response) -> str:
    return html.unescape(response.content.decode())


# --- the month --------------------------------------------------------------------------------


def test_a_day_shows_at_most_day_limit_entries_and_counts_the_rest_exactly(client, world):
    _milestones(world.engagement, 10, 2)
    _meetings(world.engagement, 10, DAY_LIMIT + 5)  # 15 entries on the 10th
    _meetings(world.engagement, 11, DAY_LIMIT)  # exactly the limit on the 11th: no "more"
    _meetings(world.engagement, 12, DAY_LIMIT + 1, hour=7)  # one over on the 12th
    days = calendar_month(world.lead, DECEMBER)
    tenth = _day(days, 10)
    assert [entry.kind for entry in tenth.entries] == ["milestone"] * 2 + ["meeting"] * 6
    # Milestones first, then the earliest meetings by start.
    assert [entry.title for entry in tenth.entries[2:]] == [f"Meeting 10/{i:03d}" for i in range(6)]
    assert tenth.more == 2 + DAY_LIMIT + 5 - DAY_LIMIT
    assert tenth.total == 15
    assert (_day(days, 11).more, len(_day(days, 11).entries)) == (0, DAY_LIMIT)
    assert (_day(days, 12).more, len(_day(days, 12).entries)) == (1, DAY_LIMIT)

    client.force_login(world.lead)
    body = _body(client.get(URL, {"month": "2026-12"}))
    assert (
        '<a class="usa-link" href="/engagements/calendar/2026-12-10/">7 more on this day</a>'
        in body
    )
    assert (
        '<a class="usa-link" href="/engagements/calendar/2026-12-12/">1 more on this day</a>'
        in body
    )
    assert "/engagements/calendar/2026-12-11/" not in body
    assert "Meeting 10/005" in body and "Meeting 10/006" not in body


def test_nothing_is_silently_dropped_in_a_month_of_more_than_500_entries(world):
    """The month used to stop at its 500th meeting (and 500th milestone) without a word: now
    every entry is either shown or counted in its day's "more"."""
    for day in range(1, 32):
        _meetings(world.engagement, day, 17)  # 527 meetings
    _milestones(world.engagement, 31, 12)
    days = calendar_month(world.lead, DECEMBER)
    assert len(days) == 31
    assert sum(day.total for day in days) == 527 + 12
    assert all(len(day.entries) == DAY_LIMIT for day in days)
    last = _day(days, 31)
    assert [entry.kind for entry in last.entries] == ["milestone"] * DAY_LIMIT
    assert last.more == 17 + 12 - DAY_LIMIT
    # ...and the day's own page lists all of them.
    assert _all_titles(world.lead, datetime.date(2026, 12, 31)) == {
        *(f"Meeting 31/{i:03d}" for i in range(17)),
        *(f"Milestone 31/{i:03d}" for i in range(12)),
    }


def test_a_meeting_is_on_its_day_in_eastern_time(client, world):
    """23:30 in New York on the 3rd is 04:30 UTC on the 4th: it is on the 3rd, in the month
    and on the day's page; midnight starts the next day; November 30 at 23:30 is November's."""
    for title, starts_at in [
        ("Late on the 3rd", at(3, 23, 30)),
        ("Just after midnight on the 4th", at(4, 0, 0)),
        ("Late on November 30", at(30, 23, 30, month=11)),
        ("First thing December 1", at(1, 0, 0)),
    ]:
        MeetingFactory(
            engagement=world.engagement,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=20),
        )
    days = calendar_month(world.lead, DECEMBER)
    assert {day.date.day: [e.title for e in day.entries] for day in days} == {
        1: ["First thing December 1"],
        3: ["Late on the 3rd"],
        4: ["Just after midnight on the 4th"],
    }
    november = calendar_month(world.lead, Month(2026, 11))
    assert [(d.date, [e.title for e in d.entries]) for d in november] == [
        (datetime.date(2026, 11, 30), ["Late on November 30"])
    ]
    assert _all_titles(world.lead, datetime.date(2026, 12, 3)) == {"Late on the 3rd"}
    assert _all_titles(world.lead, datetime.date(2026, 12, 4)) == {"Just after midnight on the 4th"}


@pytest.mark.parametrize(
    "evening",
    [
        datetime.date(2026, 7, 3),  # daylight time (UTC-4)
        datetime.date(2026, 11, 1),  # the day daylight time ends (UTC-5 by the evening)
        datetime.date(2027, 3, 13),  # the day before it starts (UTC-5)
        datetime.date(2027, 3, 14),  # the day it starts (UTC-4 by the evening)
        datetime.date(2026, 12, 31),  # the month's last day
    ],
)
def test_days_over_the_limit_are_counted_in_eastern_time_all_year(world, evening):
    """Nine meetings from 10 p.m. in New York on `evening` (past midnight UTC) are all counted
    on that day, none on the next, whatever the season."""
    start = datetime.datetime.combine(evening, datetime.time(22), tzinfo=at(1, 0).tzinfo)
    for index in range(DAY_LIMIT + 1):
        MeetingFactory(
            engagement=world.engagement,
            title=f"Evening {index}",
            starts_at=start + datetime.timedelta(minutes=10 * index),
            ends_at=start + datetime.timedelta(minutes=10 * index + 5),
        )
    days = calendar_month(world.lead, Month(evening.year, evening.month))
    assert [(day.date, len(day.entries), day.more) for day in days] == [(evening, DAY_LIMIT, 1)]
    assert [entry.title for entry in days[0].entries] == [f"Evening {i}" for i in range(8)]


def test_the_month_reads_only_the_persons_entries(world):
    """The per-object guard holds in the capped month and its counts: another engagement's
    crowded day adds nothing."""
    elsewhere = EngagementFactory()
    _meetings(elsewhere, 10, 20)
    _milestones(elsewhere, 10, 5)
    _meetings(world.engagement, 10, 2)
    for viewer in [world.lead, world.member, world.coordinator, world.staff]:
        days = calendar_month(viewer, DECEMBER)
        if viewer is world.staff:  # staff see only what they are on, attend or organize
            assert days == []
            continue
        assert [(d.date.day, d.total) for d in days] == [(10, 2)], viewer
    for viewer in world.outsiders().values():
        assert calendar_month(viewer, DECEMBER) == [], viewer


def test_a_bad_day_says_so_and_shows_this_month(client, world):
    client.force_login(world.lead)
    for bad in ("2026-02-30", "2026-12-3", "tomorrow", "99999-01-01", "2026-12-03x", "1899-12-31"):
        response = client.get(f"{URL}{bad}/")
        assert response.status_code == 400, bad
        body = _body(response)
        assert "That day could not be read" in body and "Your calendar: December 2026" in body
        assert "could not be read. It should look like 2026-12." not in body  # not the month's
    assert parse_day("2026-12-03") == datetime.date(2026, 12, 3)
    assert parse_day(" 2026-12-03 ") == datetime.date(2026, 12, 3)
    assert parse_day("20261203") is None and parse_day(None) is None


# --- the day ----------------------------------------------------------------------------------


def _all_titles(user, day: datetime.date) -> set[str]:
    """Every title on the day's pages, following the service's cursors; each listed once."""
    titles: list[str] = []
    for name in ("meetings", "milestones"):
        cursor = None
        while True:
            page = getattr(calendar_day(user, day, **{f"{name}_cursor": cursor}), name)
            titles += [entry.title for entry in page]
            cursor = page.next_cursor
            if cursor is None:
                break
    assert len(titles) == len(set(titles)), "an entry listed twice"
    return set(titles)


def _walk_pages(client, section: str, pattern: str, most: int = 10) -> tuple[list[str], str]:
    """Follow the tenth's `section` "Next page" links from the first page to the last: the
    titles matching `pattern` in page order, and the last page's body."""
    seen, link = [], ""
    for _ in range(most):
        body = _body(client.get(TENTH + link))
        seen += re.findall(pattern, body)
        found = NEXT_LINK.findall(_section(body, section))
        if not found:
            break
        link = found[0]
    return seen, body


def _section(body: str, name: str) -> str:
    """The part of the day's page under the heading of its meetings or its milestones."""
    start = body.index(f'id="{name}-heading"')
    return body[start : body.index("</section>", start)]


def test_the_days_page_lists_every_entry_over_pages(client, world):
    _meetings(world.engagement, 10, DAY_PAGE * 2 + 3, hour=6)
    _milestones(world.engagement, 10, DAY_PAGE + 1)
    _meetings(world.engagement, 11, 3)  # another day: not listed
    MeetingFactory(engagement=EngagementFactory(), title="Not mine", starts_at=at(10, 12))
    client.force_login(world.lead)
    response = client.get(TENTH)
    assert response.status_code == 200
    body = _body(response)
    assert "Your calendar: Thursday, December 10, 2026" in body
    assert 'href="/engagements/calendar/?month=2026-12">Back to December 2026</a>' in body
    assert 'href="/engagements/calendar/2026-12-09/">Previous day: December 9</a>' in body
    assert body.index("Milestones due") < body.index("Meetings and site visits")
    assert "Not mine" not in body and "Meeting 11/" not in body

    # Follow the meetings' "Next page" links to the end: every meeting once, in start order.
    seen, body = _walk_pages(client, "meetings", r"Meeting: (Meeting 10/\d{3})")
    assert seen == [f"Meeting 10/{i:03d}" for i in range(DAY_PAGE * 2 + 3)]
    # Going back from the last page: the second one again.
    previous = PREVIOUS_LINK.findall(_section(body, "meetings"))
    back = re.findall(r"Meeting: (Meeting 10/\d{3})", _body(client.get(TENTH + previous[0])))
    assert back == [f"Meeting 10/{i:03d}" for i in range(DAY_PAGE, DAY_PAGE * 2)]
    # And the milestones' pages: all of them.
    milestones, _last = _walk_pages(
        client, "milestones", r"Milestone due:</span> (Milestone 10/\d{3})"
    )
    assert milestones == [f"Milestone 10/{i:03d}" for i in range(DAY_PAGE + 1)]


def test_an_empty_day_and_a_stale_page_link(client, world):
    client.force_login(world.lead)
    body = _body(client.get(f"{URL}2026-12-25/"))
    assert "Nothing on this day." in body
    _meetings(world.engagement, 10, 3)
    response = client.get(TENTH, {"meetings": "garbage"})
    assert response.status_code == 200
    body = _body(response)
    assert "This page link is out of date or broken" in body and "Meeting 10/000" in body
    # A cursor of another day is refused the same way.
    _meetings(world.engagement, 11, DAY_PAGE + 1)
    other = calendar_day(world.lead, datetime.date(2026, 12, 11)).meetings.next_cursor
    body = _body(client.get(TENTH, {"meetings": other}))
    assert "out of date or broken" in body


def test_the_days_page_reads_only_the_persons_entries(client, world):
    MeetingFactory(engagement=world.engagement, title="Ours", starts_at=at(10, 9))
    MilestoneFactory(
        engagement=world.engagement, title="Our step", due_on=datetime.date(2026, 12, 10)
    )
    MeetingFactory(engagement=EngagementFactory(), title="Theirs", starts_at=at(10, 9))
    for viewer in [world.lead, world.member, world.coordinator]:
        assert _all_titles(viewer, datetime.date(2026, 12, 10)) == {"Ours", "Our step"}
    for viewer in world.outsiders().values():
        client.force_login(viewer)
        body = _body(client.get(TENTH))
        assert "Nothing on this day." in body and "Ours" not in body and "Theirs" not in body


# --- cost ---------------------------------------------------------------------------------------


def _count(client, url, params=None) -> tuple[int, str]:
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), _body(response)


def test_the_month_and_the_day_cost_the_same_queries_at_two_sizes(client, world):
    """Crowded days at two sizes: the same queries, the same number of entries shown, and rows
    read are bounded by the days (at most 2 x DAY_LIMIT a day)."""
    client.force_login(world.lead)

    def grow(per_day: int) -> None:
        for day in (2, 9, 10, 17):
            engagement = EngagementFactory()
            TeamMemberFactory(engagement=engagement, user=world.lead)
            _meetings(engagement, day, per_day, title=f"M{per_day}")
            _milestones(engagement, day, per_day // 3, title=f"S{per_day}")

    grow(DAY_PAGE + 5)
    month_small, small_body = _count(client, URL, {"month": "2026-12"})
    day_small, _ = _count(client, TENTH)
    grow(DAY_PAGE * 8)
    month_large, large_body = _count(client, URL, {"month": "2026-12"})
    day_large, _ = _count(client, TENTH)
    assert month_large == month_small
    assert day_large == day_small
    entries = "border-left-05"
    assert small_body.count(entries) == large_body.count(entries) == 4 * DAY_LIMIT
    per_day = DAY_PAGE + 5 + (DAY_PAGE + 5) // 3 + DAY_PAGE * 8 + (DAY_PAGE * 8) // 3
    assert f"{per_day - DAY_LIMIT} more on this day" in large_body
    with CaptureQueriesContext(connection) as captured:
        days = calendar_month(world.lead, DECEMBER)
    calendar_reads = [
        q["sql"] for q in captured.captured_queries if "engagements_m" in q["sql"].split("WHERE")[0]
    ]
    assert len(calendar_reads) == 4, "for meetings and for milestones: each day's first, their rows"
    assert sum(len(day.entries) for day in days) == 4 * DAY_LIMIT


def test_entries_name_and_link_their_engagement_listed_or_unlisted(client, world):
    """An entry's link and name are built for the whole month at once; an agency not in the
    directory is named from its request, in the month and on the day's page alike."""
    unlisted = EngagementFactory(
        assistance_request=RawSubmittedRequestFactory(
            agency=None, unlisted_agency_name="Kotlik Village Public Safety & Rescue"
        ),
        agency=None,
    )
    TeamMemberFactory(engagement=unlisted, user=world.lead)
    _meetings(unlisted, 10, 1, title="Unlisted")
    _milestones(world.engagement, 10, 1, title="Listed")
    client.force_login(world.lead)
    for address in (URL, TENTH):
        page = client.get(address)
        assert page.status_code == 200
        content = page.content.decode()
        for engagement in (world.engagement, unlisted):
            assert f'href="{engagement.get_absolute_url()}"' in content
        assert "CRI-TAC engagement: Kotlik Village Public Safety &amp; Rescue" in content
        assert f"CRI-TAC engagement: {html.escape(str(world.engagement.agency))}" in content
