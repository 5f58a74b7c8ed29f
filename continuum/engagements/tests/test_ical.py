"""The iCalendar files of meetings, parsed back with icalendar (RFC 5545)."""

# ruff: noqa: F401, F811 (the `world` fixture is imported by name and used as an argument)

import datetime

import pytest
from icalendar import Calendar

from continuum.engagements import ical
from continuum.engagements.choices import MeetingKind
from continuum.engagements.tests.factories import MeetingFactory

from .test_meetings_world import at, world

pytestmark = pytest.mark.django_db


def _only_event(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_says_request_with_a_stable_uid_utc_times_and_the_people(world):
    meeting = MeetingFactory(
        engagement=world.engagement,
        kind=MeetingKind.SITE_VISIT,
        title="Site visit: training academy",
        starts_at=at(10, 9),
        ends_at=at(10, 16, 30),
        place="Riverton Training Academy, 12 Range Road",
        link="https://meet.example.gov/site",
        organizer=world.staff,
        sequence=2,
    )
    text = ical.invitation_ics(meeting, method=ical.REQUEST, attendees=[world.lead, world.member])
    assert "\r\n" in text and text.startswith("BEGIN:VCALENDAR")
    calendar, event = _only_event(text)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == f"{meeting.public_id}@continuum"
    assert event["SEQUENCE"] == 2
    # 9 a.m. in New York in December is 14:00 UTC, written in UTC.
    assert "DTSTART:20261210T140000Z" in text
    assert "DTEND:20261210T213000Z" in text
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 10, 14, 0, tzinfo=datetime.UTC)
    assert str(event["SUMMARY"]) == "Site visit: training academy"
    assert str(event["LOCATION"]) == "Riverton Training Academy, 12 Range Road"
    assert str(event["URL"]) == "https://meet.example.gov/site"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == f"mailto:{world.staff.email}"
    assert event["ORGANIZER"].params["CN"] == "Jordan Ellis"
    attendees = event["ATTENDEE"]
    assert sorted(str(a) for a in attendees) == sorted(
        [f"mailto:{world.lead.email}", f"mailto:{world.member.email}"]
    )
    assert {a.params["CN"] for a in attendees} == {"Avery Lead", "Pat Rivera"}
    assert world.engagement.get_absolute_url() in str(event["DESCRIPTION"])


def test_a_cancellation_says_cancel_and_cancelled_with_the_same_uid(world):
    meeting = MeetingFactory(engagement=world.engagement, sequence=3)
    calendar, event = _only_event(
        ical.invitation_ics(meeting, method=ical.CANCEL, attendees=[world.lead])
    )
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{meeting.public_id}@continuum"
    assert event["SEQUENCE"] == 3


def test_a_video_meeting_without_a_place_gives_the_link_as_its_location(world):
    meeting = MeetingFactory(
        engagement=world.engagement, place="", link="https://meet.example.gov/k"
    )
    _calendar, event = _only_event(
        ical.invitation_ics(meeting, method=ical.REQUEST, attendees=[world.lead])
    )
    assert str(event["LOCATION"]) == "https://meet.example.gov/k"


def test_a_feed_has_no_method_no_people_and_marks_cancelled_meetings(world):
    from django.utils import timezone

    kept = MeetingFactory(engagement=world.engagement, title="Kept")
    gone = MeetingFactory(engagement=world.engagement, title="Gone", cancelled_at=timezone.now())
    kept.attendees.set([world.lead])
    calendar = Calendar.from_ical(ical.feed_ics([kept, gone], name="Meetings of Avery Lead"))
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Meetings of Avery Lead"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert str(events["Kept"]["STATUS"]) == "CONFIRMED"
    assert str(events["Gone"]["STATUS"]) == "CANCELLED"
    assert all("ATTENDEE" not in e and "ORGANIZER" not in e for e in events.values())


def test_an_unknown_method_is_refused(world):
    with pytest.raises(ValueError):
        ical.invitation_ics(
            MeetingFactory(engagement=world.engagement), method="PUBLISH", attendees=[]
        )
