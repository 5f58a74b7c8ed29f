"""Saved views of the triage queue: a staff member names the filters they use, to reopen them.

A saved view is its owner's alone (`policy.SAVED_VIEWS`). Its query is kept as the queue's own
query string, rebuilt from its parsed parts with only the queue's filter names (never a page
number), so opening one can only ever open the queue.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.policy import is_program_staff

from ..models import SavedQueueView
from ..policy import SAVED_VIEWS

#: The queue's filter names a saved view keeps (the filter form's fields).
SAVED_VIEW_KEYS = (
    "q",
    "status",
    "program",
    "state",
    "agency_type",
    "jurisdiction_level",
    "critical_incident",
    "assignee",
    "age",
    "sort",
)
SAVED_VIEWS_MAX = 30


def saved_view_query(query: str) -> str:
    """The queue query string kept by a saved view: known filters only, empty ones dropped."""
    parsed = QueryDict(query or "")
    kept = QueryDict(mutable=True)
    for key in SAVED_VIEW_KEYS:
        values = [v.strip()[:200] for v in parsed.getlist(key) if v.strip()]
        if values:
            kept.setlist(key, values)
    return kept.urlencode()


def saved_view_create(*, actor: Any, name: str, query: str) -> SavedQueueView:
    """Save the queue's current filters under `name` for `actor`; the same name replaces the
    old view (so "save again" updates it)."""
    if not is_program_staff(actor):
        raise ValidationError(_("Only program staff can save views of the queue."))
    name = " ".join((name or "").split())
    with transaction.atomic():
        existing = SavedQueueView.objects.select_for_update().filter(owner=actor, name=name).first()
        if (
            existing is None
            and SavedQueueView.objects.filter(owner=actor).count() >= SAVED_VIEWS_MAX
        ):
            raise ValidationError(
                _("You have %(max)d saved views, the most you can keep. Delete one first.")
                % {"max": SAVED_VIEWS_MAX}
            )
        saved = existing or SavedQueueView(owner=actor, name=name)
        saved.query = saved_view_query(query)
        saved.full_clean()
        saved.save()
        event_record(
            actor=actor,
            verb="saved_view_updated" if existing else "saved_view_created",
            target=saved,
            internal=True,
            note=saved.name,
        )
    return saved


def saved_view_delete(*, actor: Any, saved: SavedQueueView) -> None:
    if not SAVED_VIEWS.allows("delete", actor, saved):
        raise ValidationError(_("This saved view is not yours."))
    with transaction.atomic():
        event_record(
            actor=actor, verb="saved_view_deleted", target=saved, internal=True, note=saved.name
        )
        saved.delete()
