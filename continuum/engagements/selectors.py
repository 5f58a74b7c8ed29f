"""Reading engagements, always as one viewer sees them (through `continuum.engagements.policy`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Engagement
from .policy import ENGAGEMENTS

ENGAGEMENT_RELATED = ("agency__state", "program", "provider", "assistance_request")


def engagements_visible_to(viewer: Any) -> QuerySet[Engagement]:
    return ENGAGEMENTS.queryset(viewer)


def engagement_for_viewer(*, viewer: Any, public_id: Any) -> Engagement:
    """One engagement by its public id, or Http404 when it does not exist or is not the viewer's
    to see (no hint that it exists)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such engagement.") from exc
    found = (
        engagements_visible_to(viewer)
        .select_related(*ENGAGEMENT_RELATED)
        .prefetch_related("services", "topics")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404("No such engagement.")
    return found
