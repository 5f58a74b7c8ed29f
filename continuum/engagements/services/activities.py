"""Activities the team logs: what, when, how long, how, with how many people, at what cost.

The working side and program staff log them (the ENGAGEMENTS rule "work"); the agency never
sees them (`ActivityPolicy`). Keyword-only, one transaction; `ValidationError` for bad input,
`PermissionDenied` when the actor may not.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.policy import Audience

from ..choices import ENDED_ENGAGEMENT_STATUSES, ActivityKind
from ..models import Activity, Engagement
from ..policy import ENGAGEMENTS


def _decimal(value: Any, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


@transaction.atomic
def activity_log(
    *,
    actor: Any,
    engagement: Engagement,
    kind: str,
    occurred_on: datetime.date,
    hours: Any,
    delivery_mode: str,
    participants: int = 0,
    travel_cost: Any = Decimal("0"),
    notes: str = "",
    peer_agency: Any = None,
) -> Activity:
    """Log one activity of the engagement (the date may not be in the future)."""
    if not ENGAGEMENTS.allows("work", actor, engagement):
        raise PermissionDenied(_("You do not have permission to do this."))
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: no more activities can be logged."))
    if not isinstance(occurred_on, datetime.date):
        raise ValidationError({"occurred_on": _("Enter the date of the activity.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("Log activities once they have happened.")})
    if peer_agency is not None and kind != ActivityKind.PEER_EXCHANGE:
        raise ValidationError({"peer_agency": _("Only a peer exchange names a peer agency.")})
    if peer_agency is not None and peer_agency.pk == engagement.agency_id:
        raise ValidationError({"peer_agency": _("The peer agency must be another agency.")})
    try:
        participants = int(participants or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"participants": _("Enter a whole number.")}) from exc
    activity = Activity(
        engagement=engagement,
        kind=kind,
        occurred_on=occurred_on,
        hours=_decimal(hours, field="hours"),
        delivery_mode=delivery_mode,
        participants=participants,
        travel_cost=_decimal(
            travel_cost if travel_cost not in (None, "") else 0, field="travel_cost"
        ),
        notes=str(notes or "").strip(),
        logged_by=actor,
        peer_agency=peer_agency,
    )
    activity.full_clean()
    activity.save()
    event_record(
        actor=actor,
        verb="activity_logged",
        target=engagement,
        note=f"{activity.get_kind_display()}, {activity.occurred_on.isoformat()}",
        audiences=Audience.STAFF | Audience.PROVIDER,
        data={"activity": activity.pk, "hours": str(activity.hours)},
    )
    return activity
