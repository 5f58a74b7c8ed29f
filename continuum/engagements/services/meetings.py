"""Meetings and site visits: schedule, change, cancel; each sends calendar invitations.

Every attendee gets an email through the outbox with an iCalendar file attached
(`continuum.engagements.ical`): `METHOD:REQUEST` when the meeting is scheduled or changed,
`METHOD:CANCEL` when it is cancelled or when the attendee is taken off it. A change raises the
meeting's SEQUENCE so calendars replace their copy. Only active accounts are written to, and the
agency's people can be attendees only as verified members of the engagement's agency.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from continuum.accounts.models import MembershipStatus
from continuum.accounts.selectors import address_is_verified
from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden

from .. import ical
from ..choices import ENDED_ENGAGEMENT_STATUSES, MeetingKind
from ..models import Engagement, Meeting
from ..policy import ENGAGEMENTS

#: Meetings are scheduled and shown in the program's time zone, said plainly.
EASTERN = ZoneInfo("America/New_York")
TIME_ZONE_LABEL = "Eastern Time"

TEMPLATE_INVITATION = "engagements.meeting_invitation"
TEMPLATE_UPDATE = "engagements.meeting_update"
TEMPLATE_CANCELLED = "engagements.meeting_cancelled"

#: The fields a change compares (a change of any of them raises SEQUENCE and sends again).
CHANGEABLE = ("kind", "title", "starts_at", "ends_at", "place", "link")


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """'Thursday, December 10, 2026, 9 a.m. to 10 a.m. Eastern Time' (dates in Eastern)."""
    start = starts_at.astimezone(EASTERN)
    end = ends_at.astimezone(EASTERN)
    day = date_format(start, "l, F j, Y")
    if start.date() == end.date():
        return _("%(day)s, %(start)s to %(end)s %(zone)s") % {
            "day": day,
            "start": date_format(start, "P"),
            "end": date_format(end, "P"),
            "zone": TIME_ZONE_LABEL,
        }
    return _("%(day)s, %(start)s, to %(end_day)s, %(end)s %(zone)s") % {
        "day": day,
        "start": date_format(start, "P"),
        "end_day": date_format(end, "l, F j, Y"),
        "end": date_format(end, "P"),
        "zone": TIME_ZONE_LABEL,
    }


def meeting_attendee_choices(engagement: Engagement) -> QuerySet:
    """Who may be invited: the engagement's team now, and the verified members of its agency;
    active accounts only."""
    rule = Q(team_memberships__engagement_id=engagement.pk, team_memberships__left_at__isnull=True)
    if engagement.agency_id is not None:
        rule |= Q(
            agency_memberships__agency_id=engagement.agency_id,
            agency_memberships__status=MembershipStatus.VERIFIED,
        )
    ids = get_user_model().objects.filter(rule, is_active=True).values("pk")
    return get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email")


def can_schedule(user: Any, engagement: Engagement) -> bool:
    """Program staff and the working side schedule meetings (the agency side sees them)."""
    return ENGAGEMENTS.allows("work", user, engagement)


def _check_may_schedule(actor: Any, engagement: Engagement) -> None:
    if not can_schedule(actor, engagement):
        raise TransitionForbidden(_("Only program staff and the team schedule meetings."))
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: no more meetings can be scheduled."))


def _check_attendees(engagement: Engagement, attendees: Iterable[Any]) -> list[Any]:
    chosen = list(attendees)
    if not chosen:
        raise ValidationError({"attendees": _("Choose at least one attendee.")})
    allowed = set(meeting_attendee_choices(engagement).values_list("pk", flat=True))
    strangers = [person for person in chosen if person.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "attendees": _(
                    "Attendees must be on the team or verified members of the agency: %(names)s "
                    "cannot be invited."
                )
                % {"names": ", ".join(p.full_name or p.email for p in strangers)}
            }
        )
    return chosen


def _context(meeting: Meeting, person: Any, note: str = "") -> dict[str, Any]:
    from continuum.accounts.services.email import site_url

    engagement = meeting.engagement
    return {
        "attendee_name": person.full_name,
        "title": meeting.title,
        "kind": meeting.get_kind_display(),
        "when": when_text(meeting.starts_at, meeting.ends_at),
        "place": meeting.place,
        "link": meeting.link,
        "agency_name": engagement.agency_label,
        "program": engagement.program.name,
        "organizer_name": meeting.organizer.full_name if meeting.organizer_id else "",
        "engagement_url": site_url(engagement.get_absolute_url()),
        "note": note,
    }


def _send(meeting: Meeting, people: Iterable[Any], *, template: str, method: str, note="") -> int:
    """Email the invitation of `method` to each active person whose address is verified
    (official emails go only to verified addresses: issue 6)."""
    people = [p for p in people if p.is_active and address_is_verified(p.email)]
    if not people:
        return 0
    attendees = list(meeting.attendees.all()) if method == ical.REQUEST else people
    content = ical.invitation_ics(meeting, method=method, attendees=attendees)
    attachment = {
        "filename": "cancellation.ics" if method == ical.CANCEL else "invitation.ics",
        "content_type": f"text/calendar; method={method}",
        "content": content,
    }
    for person in people:
        message_enqueue(
            template=template,
            to=[person.email],
            context=_context(meeting, person, note),
            target=meeting,
            attachments=[attachment],
        )
    return len(people)


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    engagement: Engagement,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    attendees: Iterable[Any],
    place: str = "",
    link: str = "",
) -> Meeting:
    """Put a meeting or site visit on the engagement's calendar and invite its attendees."""
    _check_may_schedule(actor, engagement)
    chosen = _check_attendees(engagement, attendees)
    if starts_at and starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a start time that has not passed.")})
    meeting = Meeting(
        engagement=engagement,
        kind=kind or MeetingKind.MEETING,
        title=(title or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        link=(link or "").strip(),
        organizer=actor if getattr(actor, "is_authenticated", False) else None,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(chosen)
    event_record(
        actor=actor,
        verb="meeting_scheduled",
        target=engagement,
        note=f"{meeting.title}: {when_text(meeting.starts_at, meeting.ends_at)}.",
        data={"meeting": str(meeting.public_id), "attendees": len(chosen)},
    )
    _send(meeting, chosen, template=TEMPLATE_INVITATION, method=ical.REQUEST)
    return meeting


def _locked(meeting: Meeting, actor: Any) -> Meeting:
    """The meeting's row, locked, once the actor may change it and it is not cancelled."""
    row = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("engagement__program", "engagement__agency__state", "organizer")
        .get(pk=meeting.pk)
    )
    if not can_schedule(actor, row.engagement):
        raise TransitionForbidden(_("Only program staff and the team change meetings."))
    if row.cancelled_at is not None:
        raise ValidationError(_("This meeting was cancelled: it cannot be changed."))
    return row


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    attendees: Iterable[Any],
    place: str = "",
    link: str = "",
) -> Meeting:
    """Change a meeting: SEQUENCE rises, the attendees get the new invitation, and anyone taken
    off it gets a cancellation. Nothing is sent when nothing changed."""
    row = _locked(meeting, actor)
    _check_may_schedule(actor, row.engagement)
    chosen = _check_attendees(row.engagement, attendees)
    values = {
        "kind": kind,
        "title": (title or "").strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": (place or "").strip(),
        "link": (link or "").strip(),
    }
    changed = [name for name in CHANGEABLE if getattr(row, name) != values[name]]
    before = {person.pk: person for person in row.attendees.all()}
    after = {person.pk: person for person in chosen}
    removed = [person for pk, person in before.items() if pk not in after]
    added = [person for pk, person in after.items() if pk not in before]
    if not changed and not removed and not added:
        return row
    if "starts_at" in changed and starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a start time that has not passed.")})
    for name, value in values.items():
        setattr(row, name, value)
    row.sequence += 1
    row.full_clean()
    row.save()
    row.attendees.set(chosen)
    event_record(
        actor=actor,
        verb="meeting_updated",
        target=row.engagement,
        note=f"{row.title}: {when_text(row.starts_at, row.ends_at)}.",
        data={
            "meeting": str(row.public_id),
            "changed": changed,
            "added": len(added),
            "removed": len(removed),
            "sequence": row.sequence,
        },
    )
    if changed:
        _send(row, chosen, template=TEMPLATE_UPDATE, method=ical.REQUEST)
    else:
        _send(row, added, template=TEMPLATE_INVITATION, method=ical.REQUEST)
    _send(
        row,
        removed,
        template=TEMPLATE_CANCELLED,
        method=ical.CANCEL,
        note=_("You are no longer invited to this meeting."),
    )
    return row


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a meeting: it stays on calendars as cancelled, and every attendee is told."""
    row = _locked(meeting, actor)
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Shorten the reason to 1,000 characters or fewer.")})
    row.cancelled_at = timezone.now()
    row.sequence += 1
    row.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    event_record(
        actor=actor,
        verb="meeting_cancelled",
        target=row.engagement,
        note=f"{row.title}: {when_text(row.starts_at, row.ends_at)}."
        + (f" {reason}" if reason else ""),
        data={"meeting": str(row.public_id), "sequence": row.sequence},
    )
    _send(
        row,
        row.attendees.all(),
        template=TEMPLATE_CANCELLED,
        method=ical.CANCEL,
        note=reason,
    )
    return row
