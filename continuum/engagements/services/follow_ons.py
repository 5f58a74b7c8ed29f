"""Escalation along the continuum (issue 9 §9): from an engagement, program staff open a follow-on
request into a deeper program (CRI-TAC → Critical Response → Organizational Assessment).

The follow-on is a new `AssistanceRequest` for the same agency and requester, submitted on the
agency's behalf by program staff through intake's own `request_submit` (tracking number,
routing recommendation, confirmation email, the chief executive's link), so it is triaged and
decided like any request. A `FollowOn` row links the engagement and the new request both ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.catalog.models import Program
from continuum.core.workflow import TransitionForbidden
from continuum.intake.models import AssistanceRequest
from continuum.intake.services.submission import request_submit

from ..models import NOTE_MAX, Engagement, FollowOn
from ..policy import ENGAGEMENTS

#: The original request's answers a follow-on carries over (the agency, who asked, who leads).
_CARRIED = (
    "agency_id",
    "unlisted_agency_name",
    "unlisted_agency_type",
    "unlisted_jurisdiction_level",
    "unlisted_state_id",
    "agency_sort_name",
    "requester_name",
    "requester_title",
    "requester_email",
    "requester_phone",
    "chief_name",
    "chief_title",
    "chief_email",
    "attests_voluntary",
    "attests_chief_supports",
    "concern_scope",
    "desired_timeframe",
)


def deeper_programs(engagement: Engagement):
    """The active programs deeper on the continuum than the engagement's, lightest first."""
    return Program.objects.active().filter(order__gt=engagement.program.order).order_by("order")


def _narrative(engagement: Engagement, reason: str) -> str:
    original = engagement.assistance_request
    return _(
        "Follow-on of the %(program)s engagement from request %(number)s, opened by program "
        "staff on the agency's behalf.\n\nWhy a deeper program: %(reason)s"
    ) % {
        "program": engagement.program.name,
        "number": original.tracking_number,
        "reason": reason,
    }


@transaction.atomic
def follow_on_open(
    *,
    actor: Any,
    engagement: Engagement,
    program: Program,
    reason: str,
    services: Iterable | None = None,
) -> FollowOn:
    """Open a follow-on request for the engagement's agency into `program`, with a reason.

    Program staff only, on an engagement that has not ended (`TransitionForbidden`);
    `program` must be an active program deeper than the engagement's, `services` (optional)
    the target program's, and the reason given (`ValidationError`). Returns the `FollowOn`.
    """
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("program", "assistance_request")
        .get(pk=engagement.pk)
    )
    if not ENGAGEMENTS.allows("escalate", actor, engagement):
        raise TransitionForbidden(
            _("Only program staff open a follow-on request, from an engagement still open.")
        )
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the agency needs a deeper program.")
    elif len(reason) > NOTE_MAX:
        errors["reason"] = _("Keep the reason under %(max)s characters.") % {"max": f"{NOTE_MAX:,}"}
    if program is None:
        errors["program"] = _("Choose the program of the follow-on.")
    elif not deeper_programs(engagement).filter(pk=program.pk).exists():
        errors["program"] = _(
            "%(program)s is not deeper on the continuum than %(current)s. Choose a deeper program."
        ) % {"program": program.name, "current": engagement.program.name}
    chosen = list(services or [])
    if program is not None and any(s.program_id != program.pk for s in chosen):
        errors["services"] = _("Choose only services of %(program)s.") % {"program": program.name}
    if errors:
        raise ValidationError(errors)

    original = engagement.assistance_request
    follow_on_request = AssistanceRequest(
        **{name: getattr(original, name) for name in _CARRIED},
        narrative=_narrative(engagement, reason),
        not_sure=not chosen,
    )
    # No account owns the draft while staff submit it on the agency's behalf (intake's submit
    # rule lets whoever holds an unowned draft send it); the requester gets it right after.
    follow_on_request.full_clean()
    follow_on_request.save()
    if chosen:
        follow_on_request.services.set(chosen)
    follow_on_request.topics.set(original.topics.all())
    follow_on_request.goals.set(original.goals.all())
    event_record(
        actor=actor,
        verb="created",
        target=follow_on_request,
        internal=True,
        note=_("Follow-on request drafted by program staff from an engagement."),
    )
    follow_on_request = request_submit(actor=actor, assistance_request=follow_on_request)
    if original.requester_id is not None:
        follow_on_request.requester_id = original.requester_id
        follow_on_request.full_clean()
        follow_on_request.save(update_fields=["requester", "updated_at"])

    follow_on = FollowOn(
        engagement=engagement,
        assistance_request=follow_on_request,
        program=program,
        reason=reason,
        opened_by=actor,
    )
    follow_on.full_clean()
    follow_on.save()
    event_record(
        actor=actor,
        verb="follow_on_opened",
        target=engagement,
        internal=True,
        note=_("Follow-on request %(number)s into %(program)s: %(reason)s")
        % {
            "number": follow_on_request.tracking_number,
            "program": program.name,
            "reason": reason,
        },
        data={"follow_on": follow_on.pk, "assistance_request": follow_on_request.pk},
    )
    event_record(
        actor=actor,
        verb="follow_on_of",
        target=follow_on_request,
        internal=True,
        note=_("Follow-on of the engagement from request %(number)s.")
        % {"number": original.tracking_number},
        data={"engagement": str(engagement.public_id)},
    )
    return follow_on
