"""Meetings and site visits: schedule, change, cancel (program staff and the working side), and
the engagement page's meetings section (everyone who sees the engagement).

Anyone who may not schedule on an engagement gets 404, as for an engagement they cannot see.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..choices import ENDED_ENGAGEMENT_STATUSES
from ..forms.meetings import MeetingCancelForm, MeetingForm
from ..models import Engagement, Meeting
from ..policy import MEETINGS, Relation
from ..selectors import ENGAGEMENT_RELATED, engagement_for_viewer
from ..services.meetings import (
    TIME_ZONE_LABEL,
    can_schedule,
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    when_text,
)


def _errors_onto(form, error: ValidationError | TransitionError) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        fields = {"starts_at": "starts", "ends_at": "ends"}
        for name, problems in error.message_dict.items():
            name = fields.get(name, name)
            form.add_error(name if name in form.fields else None, problems)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))


def _meeting_for_scheduler(request: HttpRequest, meeting_id) -> Meeting:
    """The meeting, if the viewer may see it and schedule on its engagement; 404 otherwise."""
    try:
        meeting_id = uuid.UUID(str(meeting_id))
    except (TypeError, ValueError) as exc:
        raise Http404("No such meeting.") from exc
    meeting = (
        MEETINGS.queryset(request.user)
        .select_related(*(f"engagement__{name}" for name in ENGAGEMENT_RELATED), "organizer")
        .filter(public_id=meeting_id)
        .first()
    )
    if meeting is None or not can_schedule(request.user, meeting.engagement):
        raise Http404("No such meeting.")
    return meeting


def _back_to(engagement: Engagement):
    return redirect(engagement.get_absolute_url() + "#meetings-heading")


@require_http_methods(["GET", "POST"])
def meeting_schedule_view(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not can_schedule(request.user, engagement):
        raise Http404("No such engagement.")
    form = MeetingForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_schedule(
                actor=request.user, engagement=engagement, **form.service_kwargs()
            )
        except (ValidationError, TransitionError) as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is scheduled. Each attendee gets an email with the invitation.")
                % {"title": meeting.title},
            )
            return _back_to(engagement)
    return render(
        request,
        "engagements/meeting_form.html",
        {"engagement": engagement, "form": form, "meeting": None, "zone": TIME_ZONE_LABEL},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, meeting_id):
    meeting = _meeting_for_scheduler(request, meeting_id)
    engagement = meeting.engagement
    if meeting.cancelled_at is not None:
        messages.error(request, _("This meeting was cancelled: it cannot be changed."))
        return _back_to(engagement)
    form = MeetingForm(
        request.POST or None, engagement=engagement, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        before = meeting.sequence
        try:
            meeting = meeting_update(actor=request.user, meeting=meeting, **form.service_kwargs())
        except (ValidationError, TransitionError) as error:
            _errors_onto(form, error)
        else:
            if meeting.sequence == before:
                messages.info(request, _("Nothing changed, so nothing was sent."))
            else:
                messages.success(
                    request,
                    _("“%(title)s” is changed. The attendees get the updated invitation.")
                    % {"title": meeting.title},
                )
            return _back_to(engagement)
    return render(
        request,
        "engagements/meeting_form.html",
        {"engagement": engagement, "form": form, "meeting": meeting, "zone": TIME_ZONE_LABEL},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel_view(request: HttpRequest, meeting_id):
    meeting = _meeting_for_scheduler(request, meeting_id)
    engagement = meeting.engagement
    if meeting.cancelled_at is not None:
        messages.info(request, _("This meeting is already cancelled."))
        return _back_to(engagement)
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data.get("reason", "")
            )
        except (ValidationError, TransitionError) as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is cancelled. The attendees are told by email.")
                % {"title": meeting.title},
            )
            return _back_to(engagement)
    return render(
        request,
        "engagements/meeting_cancel.html",
        {
            "engagement": engagement,
            "meeting": meeting,
            "when": when_text(meeting.starts_at, meeting.ends_at),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def meetings_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """Upcoming and past meetings of the engagement, for everyone who sees it."""
    if not relation.sees:
        return None
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(engagement=engagement)
        .prefetch_related("attendees")
        .order_by("starts_at", "pk")
    )
    rows = [
        {
            "meeting": meeting,
            "when": when_text(meeting.starts_at, meeting.ends_at),
            "attendees": ", ".join(p.full_name or p.email for p in meeting.attendees.all()),
        }
        for meeting in meetings
    ]
    return {
        "upcoming": [row for row in rows if row["meeting"].ends_at >= now],
        "past": [row for row in rows if row["meeting"].ends_at < now][::-1],
        # The "work" rule of the engagements policy, from the relation the page already has.
        "can_schedule": (relation.staff or relation.working)
        and engagement.status not in ENDED_ENGAGEMENT_STATUSES,
        "engagement": engagement,
    }
