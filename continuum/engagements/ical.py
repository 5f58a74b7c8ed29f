"""Meetings as iCalendar (RFC 5545), written with the `icalendar` library.

Two uses:

- an invitation emailed to the attendees (iTIP: `METHOD:REQUEST` for a new or changed meeting,
  `METHOD:CANCEL` for a cancelled one or for an attendee taken off it). The UID is stable per
  meeting (`<public_id>@continuum`) and SEQUENCE rises with each change, so calendars replace
  the earlier copy instead of adding a second one;
- a person's calendar feed (no METHOD: a published calendar), where cancelled meetings stay
  with `STATUS:CANCELLED`. A feed is read through a secret URL, so it names no attendees.

Times are written in UTC (`...Z`): every calendar converts them to its reader's time zone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODID = "-//U.S. DOJ COPS Office//Continuum//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.public_id}@continuum"


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _address(email: str, name: str = "", **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _site_url(path: str) -> str:
    return settings.CONTINUUM["SITE_URL"].rstrip("/") + path


def _description(meeting: Meeting) -> str:
    engagement = meeting.engagement
    lines = [
        f"{engagement.program.short_label} engagement: {engagement.agency_label}",
    ]
    if meeting.link:
        lines.append(f"Join by video: {meeting.link}")
    lines.append(f"Engagement page: {_site_url(engagement.get_absolute_url())}")
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting,
    *,
    attendees: Iterable[Any] = (),
    cancelled: bool | None = None,
    stamp: datetime.datetime | None = None,
) -> Event:
    """One meeting as a VEVENT. `attendees` (users) are listed as ATTENDEE lines, and the
    organizer as ORGANIZER, only when attendees are given (invitations, never feeds)."""
    if cancelled is None:
        cancelled = meeting.cancelled_at is not None
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(stamp or timezone.now()))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("description", _description(meeting))
    location = meeting.place or meeting.link
    if location:
        event.add("location", location)
    if meeting.link:
        event.add("url", meeting.link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("categories", [meeting.get_kind_display()])
    attendees = list(attendees)
    if attendees:
        organizer = meeting.organizer
        if organizer is not None and organizer.email:
            event.add("organizer", _address(organizer.email, organizer.full_name))
        else:
            event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL, "Continuum"))
        for person in attendees:
            event.add(
                "attendee",
                _address(
                    person.email,
                    person.full_name,
                    CUTYPE="INDIVIDUAL",
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                ),
            )
    return event


def _calendar(method: str | None = None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def invitation_ics(meeting: Meeting, *, method: str, attendees: Iterable[Any]) -> str:
    """The .ics file of an invitation (REQUEST) or cancellation (CANCEL) for `attendees`."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    calendar = _calendar(method)
    calendar.add_component(meeting_event(meeting, attendees=attendees, cancelled=method == CANCEL))
    return calendar.to_ical().decode("utf-8")


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> str:
    """A calendar feed of `meetings` (cancelled ones marked CANCELLED), named `name`."""
    calendar = _calendar(name=name)
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp=stamp))
    return calendar.to_ical().decode("utf-8")
