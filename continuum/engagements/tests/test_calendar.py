"""A person's calendar page (a month by day, flat in queries) and their private feed (a secret
URL: stored hashed, revocable, showing only what its owner may see now)."""

# ruff: noqa: F401, F811 (the `world` fixture is imported by name and used as an argument)

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from continuum.activity.models import Event
from continuum.engagements.models import CalendarFeed, TeamMember
from continuum.engagements.services.calendar import calendar_feed_create, calendar_feed_revoke
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MeetingFactory,
    MilestoneFactory,
    TeamMemberFactory,
)

from .test_meetings_world import NOW, at, world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine(NOW, tick=False),
]

FEED_URL = re.compile(r'value="(https?://[^"]+/engagements/calendar/([^"/]+)\.ics)"')


def _feed_path(secret: str) -> str:
    return reverse("engagements:calendar_feed", kwargs={"secret": secret})


def _summaries(response) -> dict[str, str]:
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}


# --- the feed ---------------------------------------------------------------------------------


def test_only_the_hash_of_the_secret_is_stored_and_the_link_is_shown_once(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("engagements:calendar_feed_new"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    url, secret = FEED_URL.search(body).groups()
    assert "shown only this once" in body
    feed = CalendarFeed.objects.get(user=world.lead)
    assert feed.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in feed.secret_hash
    assert not any(secret in str(value) for value in CalendarFeed.objects.values_list().get()), (
        "the secret itself is stored"
    )
    # The page afterwards says the feed is on but cannot show the link again.
    again = client.get(reverse("engagements:calendar")).content.decode()
    assert secret not in again and "Your feed is on" in again
    assert Event.objects.filter(verb="calendar_feed_created").exists()


def test_the_feed_needs_no_session_and_serves_text_calendar(client, world):
    MeetingFactory(
        engagement=world.engagement, title="Kick-off", starts_at=at(10, 9), ends_at=at(10, 10)
    )
    _feed, secret = calendar_feed_create(actor=world.lead)
    response = client.get(_feed_path(secret))  # not signed in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _summaries(response) == {"Kick-off": "CONFIRMED"}
    assert CalendarFeed.objects.get(user=world.lead).last_used_at is not None


def test_cancelled_meetings_stay_in_the_feed_as_cancelled(client, world):
    MeetingFactory(engagement=world.engagement, title="Off", cancelled_at=timezone.now())
    _feed, secret = calendar_feed_create(actor=world.member)
    assert _summaries(client.get(_feed_path(secret))) == {"Off": "CANCELLED"}


def test_a_new_link_revokes_the_old_and_turning_off_revokes_it(client, world):
    _feed, first = calendar_feed_create(actor=world.lead)
    _feed, second = calendar_feed_create(actor=world.lead)
    assert client.get(_feed_path(first)).status_code == 404
    assert client.get(_feed_path(second)).status_code == 200
    assert CalendarFeed.objects.filter(user=world.lead, revoked_at__isnull=True).count() == 1
    client.force_login(world.lead)
    response = client.post(reverse("engagements:calendar_feed_off"))
    assert response.status_code == 302
    client.logout()
    assert client.get(_feed_path(second)).status_code == 404
    assert calendar_feed_revoke(actor=world.lead) is False


def test_a_wrong_secret_or_a_turned_off_account_gets_404(client, world):
    _feed, secret = calendar_feed_create(actor=world.lead)
    wrong_first = "y" if secret[0] == "x" else "x"  # always differs from the real secret
    assert client.get(_feed_path(wrong_first + secret[1:])).status_code == 404
    assert client.get(_feed_path("nothing")).status_code == 404
    assert client.get(_feed_path("a" * 300)).status_code == 404
    world.lead.is_active = False
    world.lead.save()
    assert client.get(_feed_path(secret)).status_code == 404


def test_the_feed_shows_only_what_its_owner_may_see_now(client, world):
    """An expert taken off the team no longer gets the engagement's meetings in the feed."""
    MeetingFactory(engagement=world.engagement, title="Ours")
    elsewhere = EngagementFactory()
    MeetingFactory(engagement=elsewhere, title="Someone else's")
    _feed, secret = calendar_feed_create(actor=world.lead)
    assert set(_summaries(client.get(_feed_path(secret)))) == {"Ours"}
    TeamMember.objects.filter(engagement=world.engagement, user=world.lead).update(
        left_at=timezone.now()
    )
    assert _summaries(client.get(_feed_path(secret))) == {}
    # The other outsiders' feeds never had it either.
    for user in world.outsiders().values():
        _feed, theirs = calendar_feed_create(actor=user)
        assert _summaries(client.get(_feed_path(theirs))) == {}, user


def test_an_agency_member_sees_their_agencys_meetings_not_a_strangers(client, world):
    MeetingFactory(engagement=world.engagement, title="Ours")
    MeetingFactory(engagement=EngagementFactory(), title="Theirs")
    _feed, secret = calendar_feed_create(actor=world.member)
    assert set(_summaries(client.get(_feed_path(secret)))) == {"Ours"}


# --- the page ---------------------------------------------------------------------------------


def test_the_month_is_a_list_by_day_with_meetings_and_milestones(client, world):
    MeetingFactory(
        engagement=world.engagement, title="Kick-off", starts_at=at(10, 9), ends_at=at(10, 10, 30)
    )
    MeetingFactory(
        engagement=world.engagement,
        title="Called off",
        starts_at=at(10, 14),
        ends_at=at(10, 15),
        cancelled_at=timezone.now(),
    )
    MilestoneFactory(
        engagement=world.engagement, title="Draft workplan", due_on=datetime.date(2026, 12, 15)
    )
    MeetingFactory(
        engagement=world.engagement,
        title="January call",
        starts_at=at(5, 9, month=1).replace(year=2027),
        ends_at=at(5, 10, month=1).replace(year=2027),
    )
    MeetingFactory(engagement=EngagementFactory(), title="Not mine")
    client.force_login(world.lead)
    response = client.get(reverse("engagements:calendar"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your calendar: December 2026" in body
    assert body.index("Thursday, December 10") < body.index("Tuesday, December 15")
    assert "9 a.m. to 10:30 a.m." in body and "Kick-off" in body
    assert "Cancelled" in body and "Called off" in body
    assert "Milestone due:" in body and "Draft workplan" in body
    assert "January call" not in body and "Not mine" not in body
    assert '?month=2026-11"' in body and '?month=2027-01"' in body
    january = client.get(reverse("engagements:calendar") + "?month=2027-01").content.decode()
    assert "January call" in january and "Kick-off" not in january


def test_a_bad_month_says_so_and_shows_this_month(client, world):
    client.force_login(world.lead)
    for bad in ("2026-13", "december", "99999-01", "2026-1"):
        response = client.get(reverse("engagements:calendar") + f"?month={bad}")
        assert response.status_code == 400
        body = response.content.decode()
        assert "could not be read" in body and "Your calendar: December 2026" in body


def test_staff_see_their_own_meetings_not_the_whole_program(client, world):
    other = EngagementFactory()
    MeetingFactory(engagement=other, title="Not theirs")
    attended = MeetingFactory(engagement=other, title="Attending")
    attended.attendees.set([world.staff])
    client.force_login(world.staff)
    body = client.get(reverse("engagements:calendar")).content.decode()
    assert "Attending" in body and "Not theirs" not in body


def test_the_page_costs_the_same_queries_however_many_meetings(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.lead)
    url = reverse("engagements:calendar")
    # One of each to begin with: an empty month skips reading the (no) entries' rows.
    MeetingFactory(engagement=world.engagement, starts_at=at(3, 9), ends_at=at(3, 10))
    MilestoneFactory(engagement=world.engagement, due_on=datetime.date(2026, 12, 3))
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(4, 28):
        engagement = EngagementFactory()
        TeamMemberFactory(engagement=engagement, user=world.lead)
        MeetingFactory(engagement=engagement, starts_at=at(day, 9), ends_at=at(day, 10))
        MilestoneFactory(engagement=engagement, due_on=datetime.date(2026, 12, day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Milestone due:") == 25
