"""Reading engagements, always as one viewer sees them (through `continuum.engagements.policy`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404

from continuum.core.lookups import one_by_public_id

from .models import Engagement
from .policy import ENGAGEMENTS

ENGAGEMENT_RELATED = ("agency__state", "program", "provider", "assistance_request")


def engagements_visible_to(viewer: Any) -> QuerySet[Engagement]:
    return ENGAGEMENTS.queryset(viewer)


def engagement_for_viewer(*, viewer: Any, public_id: Any) -> Engagement:
    """One engagement by its public id, or Http404 when it does not exist or is not the viewer's
    to see (no hint that it exists).

    Found by its public id first, then checked with the policy's one-object rule
    (`ENGAGEMENTS.view`, which a property test holds to the same answer as the list rule): the
    check costs the same few lookups however many engagements the viewer may see, where the
    list rule's union of id lists grows with them (issue 8)."""
    found = viewable_engagement(viewer=viewer, public_id=public_id)
    prefetch_related_objects([found], "services", "topics")
    return found


def viewable_engagement(*, viewer: Any, public_id: Any) -> Engagement:
    """The engagement with this public id if the viewer may see it (with ENGAGEMENT_RELATED,
    nothing prefetched), else Http404."""
    try:
        public_id = uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such engagement.") from exc
    found = one_by_public_id(Engagement.objects.select_related(*ENGAGEMENT_RELATED), public_id)
    if found is None or not ENGAGEMENTS.view(viewer, found):
        raise Http404("No such engagement.")
    return found
