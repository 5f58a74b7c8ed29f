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
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.agencies.models import agency_label
from continuum.core.links import urls_by_public_id
from continuum.core.paging import KeysetPage, keyset_page
from continuum.core.policy import is_active_user, is_program_staff

from ..choices import MeetingKind
from ..models import CalendarFeed, Meeting, Milestone
from ..policy import MEETINGS, MILESTONES, team_engagement_ids
from .meetings import EASTERN

SECRET_BYTES = 32
#: The feed lists meetings from this long ago onward (and all future ones), at most FEED_MAX.
FEED_PAST = datetime.timedelta(days=366)
FEED_MAX = 1000
#: The month shows at most this many entries a day (milestones first, then meetings by start);
#: the others are counted exactly ("3 more on this day") and listed on the day's own page.
DAY_LIMIT = 8
#: The day's page lists its meetings, and its milestones, this many at a time.
DAY_PAGE = 25
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
    """The engagements that are the person's, as a condition on a row's `engagement`, added to
    the meeting and milestone policies' rule: for program staff (who may see every engagement)
    those they are on the team of. For anyone else the policies' rule already is "the
    engagements they may see", so nothing is added: naming it twice ran its union of id lists
    twice in each query (issue 8)."""
    if is_program_staff(user):
        return Q(engagement_id__in=team_engagement_ids(user))
    return Q()


def meetings_of(user: Any) -> QuerySet[Meeting]:
    """The person's meetings (never beyond what the meetings policy lets them see)."""
    if is_program_staff(user):
        # One union of three id lists (the meetings of their team's engagements, those they
        # attend, those they organized), each on its index: an OR across the engagement, the
        # attendees' join and the organizer walked every meeting (on PostgreSQL, whatever the
        # OR's form).
        on_team = Meeting.objects.filter(_own_engagements(user)).order_by().values("pk")
        attending = Meeting.attendees.through.objects.filter(user_id=user.pk).values("meeting_id")
        organizing = Meeting.objects.filter(organizer_id=user.pk).order_by().values("pk")
        mine = Q(pk__in=on_team.union(attending, organizing))
    else:
        mine = _own_engagements(user)
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
    """What the calendar shows of a meeting or a milestone."""

    kind: str  # "meeting" or "milestone"
    title: str
    #: The engagement's page, and its name as the entry links it ("CRI-TAC engagement: ...").
    engagement_url: str
    engagement_label: str
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    #: A meeting's kind, as people read it ("Site visit"), and whether it was cancelled.
    meeting_kind: str = ""
    cancelled: bool = False
    #: Whether a milestone is done.
    done: bool = False


#: What an entry shows of its engagement, read with the row as plain values: the month shows up
#: to DAY_LIMIT entries a day, and each entry had been five model instances (the row, its
#: engagement, agency, state and program), each built from every column.
ENTRY_ENGAGEMENT = {
    "engagement_public_id": F("engagement__public_id"),
    "program_name": F("engagement__program__name"),
    "program_short_name": F("engagement__program__short_name"),
    "agency_name": F("engagement__agency__name"),
    "agency_usps": F("engagement__agency__state__usps"),
    "unlisted_agency_name": F("engagement__assistance_request__unlisted_agency_name"),
}
MEETING_VALUES = ("starts_at", "ends_at", "kind", "cancelled_at")
MILESTONE_VALUES = ("due_on", "completed_on")


def _entry_rows(queryset: QuerySet) -> QuerySet:
    """Meetings or milestones as the values their entries show, nothing more."""
    own = MEETING_VALUES if queryset.model is Meeting else MILESTONE_VALUES
    return queryset.values("pk", "title", *own, **ENTRY_ENGAGEMENT)


class _EntryMaker:
    """Builds the entries of one page from `_entry_rows`: one `reverse()` for every link, one
    label a distinct engagement."""

    def __init__(self) -> None:
        self.url_of = urls_by_public_id("engagements:detail")
        self.labels: dict[Any, str] = {}

    def _common(self, row: dict) -> dict[str, Any]:
        public_id = row["engagement_public_id"]
        label = self.labels.get(public_id)
        if label is None:
            agency = (
                agency_label(row["agency_name"], row["agency_usps"])
                if row["agency_name"] is not None
                else row["unlisted_agency_name"]
            )
            label = self.labels[public_id] = _("%(program)s engagement: %(agency)s") % {
                "program": row["program_short_name"] or row["program_name"],
                "agency": agency,
            }
        return {
            "title": row["title"],
            "engagement_url": self.url_of(public_id),
            "engagement_label": label,
        }

    def meeting(self, row: dict) -> CalendarEntry:
        return CalendarEntry(
            kind="meeting",
            starts_at=row["starts_at"].astimezone(EASTERN),
            ends_at=row["ends_at"].astimezone(EASTERN),
            meeting_kind=MeetingKind(row["kind"]).label,
            cancelled=row["cancelled_at"] is not None,
            **self._common(row),
        )

    def milestone(self, row: dict) -> CalendarEntry:
        return CalendarEntry(
            kind="milestone", done=row["completed_on"] is not None, **self._common(row)
        )


@dataclass
class CalendarDay:
    """One day of the month: the entries shown (at most DAY_LIMIT) and how many more it has."""

    date: datetime.date
    entries: list[CalendarEntry] = field(default_factory=list)
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.entries) + self.more


class _DayOfMonth(Func):
    """`CASE WHEN <field> < <first moment of day 2> THEN 1 WHEN ... ELSE <last day> END`: the day
    of the month (1 to 31) of a row already within the month.

    Comparisons only, with boundaries computed here: the same SQL on SQLite and PostgreSQL, and
    no date function called for each row (on SQLite, Django's `TruncDate` is a Python call a
    row: it made the page's counts grow with the entries). Written out at once rather than as a
    `Case` of 30 `When`s, which Django takes several milliseconds to compile each time."""

    output_field = IntegerField()

    def __init__(self, expression: Any, boundaries: list, **extra: Any) -> None:
        super().__init__(expression, **extra)
        self.boundaries = boundaries

    def as_sql(self, compiler, connection, **extra_context):
        source = self.source_expressions[0]
        column, column_params = compiler.compile(source)
        field = source.output_field
        sql, params = [], []
        for day, boundary in enumerate(self.boundaries, start=1):
            sql.append(f"WHEN {column} < %s THEN {day}")
            params += [*column_params, field.get_db_prep_value(boundary, connection)]
        return f"CASE {' '.join(sql)} ELSE {len(self.boundaries) + 1} END", tuple(params)


def _meeting_day(month: Month) -> _DayOfMonth:
    """The day of `month` a meeting falls on: its start against each day's first instant in
    Eastern Time, from the time-zone database (a meeting at 11:30 p.m. on the 3rd in New York,
    04:30 UTC on the 4th, is on the 3rd, whatever daylight time does)."""
    boundaries = [
        datetime.datetime.combine(month.first_day.replace(day=day), datetime.time(), tzinfo=EASTERN)
        for day in range(2, month.last_day.day + 1)
    ]
    return _DayOfMonth(F("starts_at"), boundaries)


def _first_of_each_day(queryset: QuerySet, day: Any, order: list) -> dict[int, int]:
    """The first DAY_LIMIT rows of each day of `queryset`, as {id: how many rows its day has}.

    One slim window over the month's rows (their ids, day and sort key only, by their indexes)
    ranks each day's rows and counts them in the same pass; the rows themselves are then read
    by these ids alone, at most DAY_LIMIT a day however many the day has."""
    ranked = (
        queryset.order_by()
        .annotate(
            day_rank=Window(RowNumber(), partition_by=[day], order_by=order),
            day_total=Window(Count("pk"), partition_by=[day]),
        )
        .filter(day_rank__lte=DAY_LIMIT)
        .values_list("pk", "day_total")
    )
    return dict(ranked)


def _rows_by_id(model: type, ids: dict[int, int], order: tuple[str, ...]) -> Any:
    """The entries' rows of these ids (none without a query when there are none)."""
    return _entry_rows(model.objects.filter(pk__in=list(ids)).order_by(*order)) if ids else []


def calendar_month(user: Any, month: Month) -> list[CalendarDay]:
    """The person's meetings and milestone due dates in `month`, by day (Eastern Time), days
    without anything left out.

    Each day shows at most DAY_LIMIT entries, milestones first, then meetings by start; `more`
    says exactly how many others the day has (its own page lists them all). Four queries
    whatever the number of entries: for meetings and for milestones, a window that picks each
    day's first rows and counts the day's rows (the month's rows read once, by their indexes),
    then those rows, at most 31 x DAY_LIMIT. Nothing is dropped without being counted.
    """
    start, end = month.bounds()
    in_month = meetings_of(user).filter(starts_at__gte=start, starts_at__lt=end)
    due_in_month = milestones_of(user).filter(
        due_on__gte=month.first_day, due_on__lte=month.last_day
    )
    meeting_totals = _first_of_each_day(
        in_month, _meeting_day(month), [F("starts_at").asc(), F("pk").asc()]
    )
    milestone_totals = _first_of_each_day(due_in_month, F("due_on"), [F("pk").asc()])
    days: dict[datetime.date, CalendarDay] = {}
    #: (date, "meeting" or "milestone") -> how many rows of that kind the day has.
    totals: dict[tuple[datetime.date, str], int] = {}
    make = _EntryMaker()
    for milestone in _rows_by_id(Milestone, milestone_totals, ("due_on", "pk")):
        due = milestone["due_on"]
        days.setdefault(due, CalendarDay(due)).entries.append(make.milestone(milestone))
        totals[due, "milestone"] = milestone_totals[milestone["pk"]]
    for meeting in _rows_by_id(Meeting, meeting_totals, ("starts_at", "pk")):
        entry = make.meeting(meeting)
        date = entry.starts_at.date()
        days.setdefault(date, CalendarDay(date)).entries.append(entry)
        totals[date, "meeting"] = meeting_totals[meeting["pk"]]
    for date, day in days.items():
        total = totals.get((date, "milestone"), 0) + totals.get((date, "meeting"), 0)
        day.entries = day.entries[:DAY_LIMIT]
        # max(): an entry deleted between the two reads must not make a negative count.
        day.more = max(total - len(day.entries), 0)
    return [days[date] for date in sorted(days)]


# --- one day ----------------------------------------------------------------------------------


def parse_day(text: str | None) -> datetime.date | None:
    """'2026-12-03' -> that date; None for anything else (another format, no such day)."""
    text = (text or "").strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    if not (text[:4] + text[5:7] + text[8:]).isdigit():
        return None
    try:
        day = datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The day's first instant and the next day's, in Eastern Time."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=EASTERN)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), tzinfo=EASTERN
    )
    return start, end


@dataclass
class CalendarDayPages:
    """A day's entries: a keyset page of its milestones and one of its meetings (by start)."""

    date: datetime.date
    milestones: KeysetPage
    meetings: KeysetPage

    @property
    def empty(self) -> bool:
        return not self.milestones.rows and not self.meetings.rows and self.is_first

    @property
    def is_first(self) -> bool:
        return self.milestones.is_first and self.meetings.is_first


def calendar_day(
    user: Any,
    day: datetime.date,
    *,
    meetings_cursor: str | None = None,
    milestones_cursor: str | None = None,
) -> CalendarDayPages:
    """Every meeting and milestone of the person on `day` (Eastern Time), by keyset pages of
    DAY_PAGE. Raises `ValidationError` for a page link that is not one of ours (or another
    day's)."""
    start, end = day_bounds(day)
    meetings = keyset_page(
        _entry_rows(meetings_of(user).filter(starts_at__gte=start, starts_at__lt=end)),
        keys=("starts_at", "pk"),
        cursor=meetings_cursor,
        size=DAY_PAGE,
        tag=f"calendar-meetings-{day.isoformat()}",
    )
    milestones = keyset_page(
        _entry_rows(milestones_of(user).filter(due_on=day)),
        keys=("pk",),
        cursor=milestones_cursor,
        size=DAY_PAGE,
        tag=f"calendar-milestones-{day.isoformat()}",
    )
    make = _EntryMaker()
    meetings.rows = [make.meeting(meeting) for meeting in meetings.rows]
    milestones.rows = [make.milestone(milestone) for milestone in milestones.rows]
    return CalendarDayPages(date=day, milestones=milestones, meetings=meetings)


def feed_name(user: Any) -> str:
    return _("Continuum meetings of %(name)s") % {"name": user.full_name or user.email}
