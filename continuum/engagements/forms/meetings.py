"""Scheduling a meeting: the day and times are typed in Eastern Time, said plainly on the form,
and turned into exact instants here (a time that does not exist on a clock-change day is
refused with its reason)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.core.forms import ModelIdMultipleChoiceField

from ..choices import MeetingKind
from ..models import Engagement, Meeting
from ..services.meetings import EASTERN, meeting_attendee_choices

DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y"]
_TIME = re.compile(r"^\s*(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)?\s*$")


def parse_time(text: str) -> datetime.time | None:
    """'9:30 am', '9:30 a.m.', '14:00', '2pm', 'noon' -> a time; None when it is not one."""
    value = (text or "").strip().lower().replace(".", "")
    if value == "noon":
        return datetime.time(12, 0)
    if value == "midnight":
        return datetime.time(0, 0)
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if minute > 59:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif hour > 23:
        return None
    return datetime.time(hour, minute)


class TimeTextField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> datetime.time | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def eastern(day: datetime.date, time: datetime.time) -> datetime.datetime | None:
    """The instant at `time` on `day` in Eastern Time; None when the clocks skip that time."""
    value = datetime.datetime.combine(day, time, tzinfo=EASTERN)
    round_trip = value.astimezone(datetime.UTC).astimezone(EASTERN)
    if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None):
        return None
    return value


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=MeetingKind.choices,
        initial=MeetingKind.MEETING,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a meeting or a site visit.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What attendees see in their calendar. For example: Kick-off meeting."),
        error_messages={"required": _("Give the meeting a title.")},
    )
    day = forms.DateField(
        label=_("Date"),
        help_text=_("For example: 12/10/2026."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the date of the meeting."),
            "invalid": _("Enter the date like this: 12/10/2026."),
        },
    )
    starts = TimeTextField(
        label=_("Start time (Eastern Time)"),
        help_text=_("For example: 9:30 am or 14:00. Times are in Eastern Time (New York)."),
        error_messages={
            "required": _("Enter the start time."),
            "invalid": _("Enter the start time like this: 9:30 am or 14:00."),
        },
    )
    ends = TimeTextField(
        label=_("End time (Eastern Time)"),
        help_text=_("For example: 11 am or 16:30."),
        error_messages={
            "required": _("Enter the end time."),
            "invalid": _("Enter the end time like this: 11 am or 16:30."),
        },
    )
    end_day = forms.DateField(
        label=_("End date, if it ends on another day"),
        required=False,
        help_text=_("For a site visit over several days. Leave empty if it ends the same day."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Enter the end date like this: 12/11/2026.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("Address and room. Needed for a site visit."),
    )
    link = forms.URLField(
        label=_("Video link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("For example: https://meet.example.gov/abc. Give a place, a link or both."),
        error_messages={"invalid": _("Enter the whole link, starting with https://.")},
    )
    attendees = ModelIdMultipleChoiceField(
        label=_("Attendees"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The team and the agency's verified members. Each gets an email with a calendar "
            "invitation."
        ),
        error_messages={
            "required": _("Choose at least one attendee."),
            "invalid_choice": _("Choose attendees from the list."),
            "invalid_pk_value": _("Choose attendees from the list."),
        },
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        field = self.fields["attendees"]
        field.queryset = meeting_attendee_choices(engagement)
        field.label_from_instance = lambda user: user.full_name or user.email

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start = meeting.starts_at.astimezone(EASTERN)
        end = meeting.ends_at.astimezone(EASTERN)
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "day": start.date(),
            "starts": start.strftime("%H:%M"),
            "ends": end.strftime("%H:%M"),
            "end_day": end.date() if end.date() != start.date() else None,
            "place": meeting.place,
            "link": meeting.link,
            "attendees": [user.pk for user in meeting.attendees.all()],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            starts_at = eastern(day, starts)
            ends_at = eastern(data.get("end_day") or day, ends)
            if starts_at is None:
                self.add_error("starts", _("The clocks skip that time that day: choose another."))
            if ends_at is None:
                self.add_error("ends", _("The clocks skip that time that day: choose another."))
            if starts_at and ends_at:
                if ends_at <= starts_at:
                    self.add_error("ends", _("The meeting must end after it starts."))
                elif ends_at - starts_at > datetime.timedelta(days=14):
                    self.add_error("end_day", _("A meeting can last 14 days at most."))
                data["starts_at"], data["ends_at"] = starts_at, ends_at
        if data.get("kind") == MeetingKind.SITE_VISIT and not (data.get("place") or "").strip():
            self.add_error("place", _("Give the place of the site visit."))
        elif not (data.get("place") or "").strip() and not data.get("link"):
            self.add_error("place", _("Give a place or a video link."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data.get("place") or "",
            "link": data.get("link") or "",
            "attendees": list(data["attendees"]),
        }


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Attendees see this in the cancellation email."),
    )
