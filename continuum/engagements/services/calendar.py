"""A person's calendar: their meetings and milestones by month, and their private feed.

The feed URL carries a secret. Only its SHA-256 is stored (`CalendarFeed.secret_hash`), so the
full URL is shown once, when it is made; "make a new link" revokes the old one, "turn off"
revokes it. Whoever holds a live secret reads the feed without signing in, and sees exactly
what its owner may see now (the engagements policy, asked for the owner at each read).

Whose meetings: those of the engagements the person may see, narrowed for program staff (who
may see every engagement) to the engagements they are on the team of, or meetings they attend
or organized. Milestones: those of the same engagements.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.policy import is_active_user, is_program_staff

from ..models import CalendarFeed, Meeting, Milestone
from ..policy import ENGAGEMENTS, MEETINGS, MILESTONES, team_engagement_ids
from .meetings import EASTERN

SECRET_BYTES = 32
#: The feed lists meetings from this long ago onward (and all future ones), at most FEED_MAX.
FEED_PAST = datetime.timedelta(days=366)
FEED_MAX = 1000
#: A feed read is recorded on the row at most this often (calendars poll often).
TOUCH_EVERY = datetime.timedelta(hours=1)

RELATED = (
    "engagement__program",
    "engagement__agency__state",
    "engagement__assistance_request",
)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --- writes -----------------------------------------------------------------------------------


def _revoke_live(user: Any, now: datetime.datetime) -> int:
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )


@transaction.atomic
def calendar_feed_create(*, actor: Any) -> tuple[CalendarFeed, str]:
    """A new feed for `actor`, revoking the one they had. Returns the row and the secret, which
    is never stored: show it once."""
    if not is_active_user(actor):
        raise ValueError("Only a signed-in, active person has a calendar feed.")
    now = timezone.now()
    replaced = _revoke_live(actor, now)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    feed = CalendarFeed(user=actor, secret_hash=secret_hash(secret))
    feed.full_clean()
    feed.save()
    event_record(
        actor=actor,
        verb="calendar_feed_replaced" if replaced else "calendar_feed_created",
        target=feed,
        internal=True,
    )
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(*, actor: Any) -> bool:
    """Turn off `actor`'s feed (its URL answers 404 from now on). False when none was on."""
    feed = CalendarFeed.objects.filter(user_id=actor.pk, revoked_at__isnull=True).first()
    if feed is None:
        return False
    _revoke_live(actor, timezone.now())
    event_record(actor=actor, verb="calendar_feed_revoked", target=feed, internal=True)
    return True


def calendar_feed_touch(*, feed: CalendarFeed) -> None:
    """Note that the feed was read (at most once an hour: calendars poll)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= TOUCH_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


# --- reads ------------------------------------------------------------------------------------


def live_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed whose secret this is, of an active person; None otherwise."""
    if not secret or len(secret) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not is_active_user(feed.user):
        return None
    return feed


def _own_engagements(user: Any) -> Q:
    """The engagements that are the person's, as a condition on a row's `engagement`."""
    if is_program_staff(user):
        return Q(engagement_id__in=team_engagement_ids(user))
    return Q(engagement_id__in=ENGAGEMENTS.queryset(user).values("pk"))


def meetings_of(user: Any) -> QuerySet[Meeting]:
    """The person's meetings (never beyond what the meetings policy lets them see)."""
    mine = _own_engagements(user)
    if is_program_staff(user):
        # A union of two id lists (attending, organizing), each on its index: one OR across
        # the attendees' join and the organizer walked every meeting.
        attending = Meeting.attendees.through.objects.filter(user_id=user.pk).values("meeting_id")
        organizing = Meeting.objects.filter(organizer_id=user.pk).order_by().values("pk")
        mine |= Q(pk__in=attending.union(organizing))
    return MEETINGS.queryset(user).filter(mine).select_related(*RELATED)


def milestones_of(user: Any) -> QuerySet[Milestone]:
    return MILESTONES.queryset(user).filter(_own_engagements(user)).select_related(*RELATED)


def feed_meetings(user: Any) -> list[Meeting]:
    since = timezone.now() - FEED_PAST
    return list(meetings_of(user).filter(ends_at__gte=since).order_by("starts_at", "pk")[:FEED_MAX])


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """'2026-12' -> Month(2026, 12); None for anything else."""
        text = (text or "").strip()
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
            return None
        year, month = int(text[:4]), int(text[5:])
        if not (1900 <= year <= 2999 and 1 <= month <= 12):
            return None
        return cls(year, month)

    @classmethod
    def current(cls) -> Month:
        today = timezone.now().astimezone(EASTERN).date()
        return cls(today.year, today.month)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(
            self.year, self.month, month_calendar.monthrange(self.year, self.month)[1]
        )

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The month's first instant and the next month's, in Eastern Time."""
        start = datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=EASTERN)
        nxt = self.next
        end = datetime.datetime.combine(nxt.first_day, datetime.time(), tzinfo=EASTERN)
        return start, end


@dataclass
class CalendarEntry:
    kind: str  # "meeting" or "milestone"
    title: str
    engagement: Any
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    meeting: Meeting | None = None
    milestone: Milestone | None = None

    @property
    def cancelled(self) -> bool:
        return self.meeting is not None and self.meeting.cancelled_at is not None


@dataclass
class CalendarDay:
    date: datetime.date
    entries: list[CalendarEntry] = field(default_factory=list)


def calendar_month(user: Any, month: Month, *, limit: int = 500) -> list[CalendarDay]:
    """The person's meetings and milestone due dates in `month`, by day (Eastern Time), days
    without anything left out. Two queries whatever the number of entries."""
    start, end = month.bounds()
    meetings = list(
        meetings_of(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")[:limit]
    )
    milestones = list(
        milestones_of(user)
        .filter(due_on__gte=month.first_day, due_on__lte=month.last_day)
        .order_by("due_on", "pk")[:limit]
    )
    days: dict[datetime.date, CalendarDay] = {}
    for milestone in milestones:
        day = days.setdefault(milestone.due_on, CalendarDay(milestone.due_on))
        day.entries.append(
            CalendarEntry(
                kind="milestone",
                title=milestone.title,
                engagement=milestone.engagement,
                milestone=milestone,
            )
        )
    for meeting in meetings:
        local = meeting.starts_at.astimezone(EASTERN)
        day = days.setdefault(local.date(), CalendarDay(local.date()))
        day.entries.append(
            CalendarEntry(
                kind="meeting",
                title=meeting.title,
                engagement=meeting.engagement,
                starts_at=local,
                ends_at=meeting.ends_at.astimezone(EASTERN),
                meeting=meeting,
            )
        )
    return [days[date] for date in sorted(days)]


def feed_name(user: Any) -> str:
    return _("Continuum meetings of %(name)s") % {"name": user.full_name or user.email}
