"""One engagement's page: a header (who, what, where it stands) and the sections the viewer may
see (`continuum.engagements.sections`), ending with what happened (the timeline)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from continuum.activity.selectors import timeline_for

from ..events import event_label
from ..models import Engagement
from ..policy import Relation, relation_of
from ..sections import sections_for
from ..selectors import engagement_for_viewer


@require_GET
def engagement_detail(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    relation = relation_of(request.user, engagement)
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "relation": relation,
            "sections": sections_for(request, engagement, relation),
        },
    )


def timeline_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """What happened to the engagement, as far as the viewer's audience may see."""
    events = timeline_for(engagement, audience=relation.audience)
    return {"events": [(event, event_label(event.verb)) for event in events]}
