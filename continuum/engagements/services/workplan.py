"""The workplan: milestones with an owner (a team member) and a due date.

The working side and program staff keep it (the ENGAGEMENTS rule "work"). Keyword-only
functions, one transaction each; `ValidationError` for bad input, `PermissionDenied` when the
actor may not.
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
from ..models import Engagement, Milestone, TeamMember
from ..policy import ENGAGEMENTS


def _require_work(actor: Any, engagement: Engagement) -> None:
    if not ENGAGEMENTS.allows("work", actor, engagement):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_open(engagement: Engagement) -> None:
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: its workplan can no longer change."))


def _check_owner(engagement: Engagement, owner: Any) -> None:
    if owner is None:
        return
    on_team = TeamMember.objects.filter(
        engagement_id=engagement.pk, user_id=owner.pk, left_at__isnull=True
    ).exists()
    if not on_team:
        raise ValidationError({"owner": _("Choose the owner from the engagement's team.")})


@transaction.atomic
def milestone_add(
    *,
    actor: Any,
    engagement: Engagement,
    title: str,
    due_on: datetime.date,
    owner: Any = None,
    description: str = "",
) -> Milestone:
    """Add a milestone to the workplan."""
    _require_work(actor, engagement)
    _require_open(engagement)
    _check_owner(engagement, owner)
    if not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": _("Enter the due date.")})
    milestone = Milestone(
        engagement=engagement,
        title=str(title or "").strip(),
        description=str(description or "").strip(),
        owner=owner,
        due_on=due_on,
    )
    milestone.full_clean()
    milestone.save()
    event_record(
        actor=actor,
        verb="milestone_added",
        target=engagement,
        note=milestone.title,
        data={"milestone": milestone.pk, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: Any, milestone: Milestone, completed_on: datetime.date
) -> Milestone:
    """Mark a milestone done on `completed_on` (not in the future)."""
    row = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .get(pk=milestone.pk)
    )
    _require_work(actor, row.engagement)
    _require_open(row.engagement)
    if not isinstance(completed_on, datetime.date):
        raise ValidationError({"completed_on": _("Enter the date it was completed.")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    if row.completed_on is not None:
        raise ValidationError(_("This milestone is already completed."))
    row.completed_on = completed_on
    row.full_clean()
    row.save(update_fields=["completed_on", "updated_at"])
    event_record(
        actor=actor,
        verb="milestone_completed",
        target=row.engagement,
        note=row.title,
        data={"milestone": row.pk, "completed_on": completed_on.isoformat()},
    )
    milestone.completed_on = row.completed_on
    return row


@transaction.atomic
def milestone_reopen(*, actor: Any, milestone: Milestone) -> Milestone:
    """Mark a completed milestone as not done after all."""
    row = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .get(pk=milestone.pk)
    )
    _require_work(actor, row.engagement)
    _require_open(row.engagement)
    if row.completed_on is None:
        raise ValidationError(_("This milestone is not completed."))
    row.completed_on = None
    row.save(update_fields=["completed_on", "updated_at"])
    event_record(
        actor=actor,
        verb="milestone_reopened",
        target=row.engagement,
        note=row.title,
        data={"milestone": row.pk},
    )
    milestone.completed_on = None
    return row
