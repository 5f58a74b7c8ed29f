"""Deliverables: added by the working side, reviewed through `DELIVERABLE_MACHINE`.

drafting → internal review → agency fact-check → program approval → final → published; each
review step may "return" it to drafting with a note. Every step is an event with its note; when
it goes to the agency's fact-check, the agency side is emailed. Keyword-only, one transaction;
`ValidationError` for bad input, `PermissionDenied`/`TransitionError` when not allowed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.cache import topic_changed

from ..choices import ENDED_ENGAGEMENT_STATUSES, DeliverableStatus
from ..models import NOTE_MAX, Deliverable, Engagement, TeamMember
from ..policy import ENGAGEMENTS
from ..workflow import DELIVERABLE_MACHINE
from . import delivery_mail


@transaction.atomic
def deliverable_add(
    *,
    actor: Any,
    engagement: Engagement,
    title: str,
    kind: str,
    due_on: datetime.date | None = None,
    owner: Any = None,
) -> Deliverable:
    """Add a deliverable (in drafting) to the engagement."""
    if not ENGAGEMENTS.allows("work", actor, engagement):
        raise PermissionDenied(_("You do not have permission to do this."))
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: no deliverable can be added."))
    if (
        owner is not None
        and not TeamMember.objects.filter(
            engagement_id=engagement.pk, user_id=owner.pk, left_at__isnull=True
        ).exists()
    ):
        raise ValidationError({"owner": _("Choose the owner from the engagement's team.")})
    deliverable = Deliverable(
        engagement=engagement,
        title=str(title or "").strip(),
        kind=kind,
        due_on=due_on,
        owner=owner,
    )
    deliverable.full_clean()
    deliverable.save()
    event_record(
        actor=actor,
        verb="deliverable_added",
        target=deliverable,
        to_state=deliverable.status,
        note=deliverable.title,
    )
    return deliverable


#: Actions whose note is required (a return must say what to change).
NOTE_REQUIRED = frozenset({"return"})


@transaction.atomic
def deliverable_transition(
    *, actor: Any, deliverable: Deliverable, action: str, note: str = ""
) -> Deliverable:
    """Take one review step; "return" needs a note saying what to change."""
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(max)s characters or fewer.") % {"max": f"{NOTE_MAX:,}"}}
        )
    if action in NOTE_REQUIRED and not note:
        raise ValidationError({"note": _("Say what needs to change.")})
    if deliverable.engagement.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: its deliverables no longer move."))

    def before_save(row: Deliverable) -> None:
        if row.status == DeliverableStatus.PUBLISHED:
            row.published_at = timezone.now()

    DELIVERABLE_MACHINE.apply(
        actor=actor, obj=deliverable, action=action, note=note, before_save=before_save
    )
    if deliverable.status == DeliverableStatus.AGENCY_FACT_CHECK:
        delivery_mail.deliverable_fact_check_notify(deliverable, note)
    if deliverable.status == DeliverableStatus.PUBLISHED:
        topic_changed("portal")  # its public documents join the public engagement page
    return deliverable
