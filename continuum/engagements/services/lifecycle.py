"""The engagement's lifecycle: its status (through `ENGAGEMENT_MACHINE`) and its plan.

Every function is keyword-only, runs in one transaction, raises `ValidationError` for bad input
and `TransitionError`/`PermissionDenied` for a refused action (messages safe to show). The web
pages and the API call these same functions, so they share the checks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record

from ..choices import ENDED_ENGAGEMENT_STATUSES
from ..models import NOTE_MAX, Engagement
from ..policy import ENGAGEMENTS
from ..workflow import ENGAGEMENT_MACHINE
from . import delivery_mail
from .workload import expert_workload_engagement_ended

#: Actions that end the engagement early and must say why (stored in `end_reason`).
REASON_ACTIONS = frozenset({"withdraw", "terminate"})


def _clean_text(value: Any, *, field: str, max_length: int = NOTE_MAX) -> str:
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Keep it to %(max)s characters or fewer; it has %(n)s.")
                % {"max": f"{max_length:,}", "n": f"{len(text):,}"}
            }
        )
    return text


@transaction.atomic
def engagement_transition(
    *, actor: Any, engagement: Engagement, action: str, note: str = "", reason: str = ""
) -> Engagement:
    """Take `action` (start, begin_reporting, begin_monitoring, close, withdraw, terminate).

    Withdrawing and terminating need a reason (kept in `end_reason`); closing sets `closed_at`
    and sends the agency its evaluation. The agency side is told by email of a withdrawal,
    termination or closing.
    """
    note = _clean_text(note, field="note")
    reason = _clean_text(reason, field="reason")
    if action in REASON_ACTIONS and not reason:
        raise ValidationError({"reason": _("Say why the engagement ends.")})
    if action not in REASON_ACTIONS and reason:
        reason = ""

    def before_save(row: Engagement) -> None:
        if action in REASON_ACTIONS:
            row.end_reason = reason
        if action == "close":
            row.closed_at = timezone.now()

    if action in REASON_ACTIONS:
        # The machine's guard checks the end reason on the row it locks: write it first (the
        # transaction rolls it back if the step is refused).
        Engagement.objects.filter(pk=engagement.pk).update(end_reason=reason)
    ENGAGEMENT_MACHINE.apply(
        actor=actor,
        obj=engagement,
        action=action,
        note=note or reason,
        before_save=before_save,
    )
    # Every ending comes from an open state (the table has no other): its experts have one
    # open engagement fewer. The row stays locked until this transaction ends.
    expert_workload_engagement_ended(engagement=engagement)
    if action in REASON_ACTIONS or action == "close":
        delivery_mail.engagement_status_notify(engagement)
    if action == "close":
        from .evaluation import evaluation_send

        evaluation_send(actor=actor, engagement=engagement)
    return engagement


@transaction.atomic
def engagement_plan_update(
    *,
    actor: Any,
    engagement: Engagement,
    scope: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> Engagement:
    """Program staff set the scope statement and the start and planned end dates."""
    if not ENGAGEMENTS.allows("manage", actor, engagement):
        raise PermissionDenied(_("You do not have permission to do this."))
    row = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if row.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: its plan can no longer change."))
    before = {"scope": row.scope, "starts_on": row.starts_on, "ends_on": row.ends_on}
    row.scope = _clean_text(scope, field="scope")
    row.starts_on = starts_on
    row.ends_on = ends_on
    row.full_clean()
    after = {"scope": row.scope, "starts_on": row.starts_on, "ends_on": row.ends_on}
    if after == before:
        return row
    row.save(update_fields=["scope", "starts_on", "ends_on", "updated_at"])
    event_record(
        actor=actor,
        verb="engagement_plan_updated",
        target=row,
        data={
            "changed": sorted(k for k in after if after[k] != before[k]),
            "starts_on": starts_on.isoformat() if starts_on else None,
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    for field in ("scope", "starts_on", "ends_on", "updated_at"):
        setattr(engagement, field, getattr(row, field))
    return row
