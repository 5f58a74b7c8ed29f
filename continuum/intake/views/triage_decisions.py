"""Decisions on the staff request page: the second step that confirms them, and the summary
a decided request's page opens with.

Accept, decline and refer are confirmed on a second step: the first post checks the form and
shows what will happen ("Confirm" or "Go back"); nothing is saved until "Confirm".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ..choices import DECIDED_STATUSES, DeclineReason, ReferralTarget, RequestStatus

#: The actions confirmed on a second step.
DECISIONS = frozenset({"accept", "decline", "refer"})

#: What the confirm step's buttons send as `step`.
CONFIRM = "confirm"
GO_BACK = "back"


@dataclass(frozen=True)
class Summary:
    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def confirm_summary(slug: str, ar, data: dict) -> Summary:
    """What the decision about to be confirmed will do, in plain words."""
    agency = ar.agency_display_name
    if slug == "accept":
        services = "; ".join(s.name for s in data["services"])
        return Summary(
            heading=_("Accept %(number)s into %(program)s?")
            % {"number": ar.tracking_number, "program": data["program"].name},
            lines=[
                (_("Agency"), agency),
                (_("Program"), data["program"].name),
                (_("Services"), services),
                (
                    _("What happens"),
                    _("An engagement is created and the agency is told by email."),
                ),
            ],
            note=data.get("note", ""),
        )
    if slug == "decline":
        reasons = dict(DeclineReason.choices)
        return Summary(
            heading=_("Decline %(number)s?") % {"number": ar.tracking_number},
            lines=[
                (_("Agency"), agency),
                (_("Reason"), str(reasons.get(data["reason"], data["reason"]))),
                (_("What happens"), _("The request is closed and the agency is told by email.")),
            ],
            note=data.get("note", ""),
        )
    targets = dict(ReferralTarget.choices)
    return Summary(
        heading=_("Refer %(number)s elsewhere?") % {"number": ar.tracking_number},
        lines=[
            (_("Agency"), agency),
            (_("Refer to"), str(targets.get(data["target"], data["target"]))),
            (_("What happens"), _("The request is closed and the agency is told by email.")),
        ],
        note=data.get("note", ""),
    )


def decision_summary(ar) -> Summary | None:
    """The decision a decided (or withdrawn) request's page opens with; None while open."""
    if ar.status not in (*DECIDED_STATUSES, RequestStatus.WITHDRAWN):
        return None
    who = ar.decided_by.full_name or ar.decided_by.email if ar.decided_by_id else ""
    when = ar.decided_at
    lines: list[tuple[str, str]] = []
    if ar.status == RequestStatus.ACCEPTED:
        heading = _("Accepted into %(program)s") % {
            "program": ar.decided_program.name if ar.decided_program_id else _("a program")
        }
        engagement = getattr(ar, "engagement", None)
        if engagement is not None:
            names = "; ".join(s.name for s in engagement.services.all())
            lines.append((_("Services"), names or _("None named")))
    elif ar.status == RequestStatus.DECLINED:
        heading = _("Declined")
        lines.append((_("Reason"), ar.get_decline_reason_display()))
    elif ar.status == RequestStatus.REFERRED:
        heading = _("Referred elsewhere")
        lines.append((_("Referred to"), ar.get_referral_target_display()))
    else:
        heading = _("Withdrawn by the agency")
        if ar.withdrawal_reason:
            lines.append((_("Their reason"), ar.withdrawal_reason))
    if who:
        lines.append((_("By"), who))
    if when:
        lines.append((_("On"), date_format(localtime(when), "F j, Y, P")))
    return Summary(heading=heading, lines=lines, note=ar.decision_note)
