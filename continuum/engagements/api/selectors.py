"""The reads behind the engagements API, always as one caller sees them (through the policies).

- `engagement_list_page`: a keyset page of the engagements the caller may see, newest first,
  filtered by status and program: a fixed number of queries whatever the page or the table.
- `engagement_detail`: one engagement with its team and catalog names, or 404.
- `activities_of` / `milestones_of`: the engagement's activities (program staff and the working
  side only: 403 for the agency side, which sees the engagement but not its costs) and its
  workplan; `milestone_of`: one milestone of the engagement the caller may see, or 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from continuum.core.paging import KeysetPage, keyset_page

from ..models import Activity, Engagement, Milestone, TeamMember
from ..policy import ACTIVITIES, MILESTONES, relation_of
from ..selectors import ENGAGEMENT_RELATED, engagements_visible_to, viewable_engagement

ENGAGEMENT_LIST_KEYS = ("-created_at", "-pk")
_LIST_TAG = "api-engagements"


def engagement_list_page(
    *,
    viewer: Any,
    status: str | None = None,
    program: str | None = None,
    after: str | None = None,
    limit: int = 25,
) -> KeysetPage:
    """One page of the engagements `viewer` may see, newest first. ValidationError for a cursor
    that is not one of this list's."""
    visible = engagements_visible_to(viewer)
    if status:
        visible = visible.filter(status=status)
    if program:
        visible = visible.filter(program__slug=program)
    # The page's ids pass the policy's rule once; its rows are read by those ids alone (the
    # rule is a union of id lists that grows with a non-staff caller's engagements).
    return keyset_page(
        visible,
        keys=ENGAGEMENT_LIST_KEYS,
        cursor=after,
        size=limit,
        tag=_LIST_TAG,
        rows=Engagement.objects.select_related(*ENGAGEMENT_RELATED).prefetch_related("services"),
    )


def _current_team() -> Prefetch:
    return Prefetch(
        "team",
        queryset=TeamMember.objects.filter(left_at__isnull=True)
        .select_related("user")
        .order_by("role", "created_at", "pk"),
        to_attr="current_team",
    )


def engagement_detail(*, viewer: Any, public_id: uuid.UUID) -> Engagement:
    """One engagement the viewer may see, with its current team (Http404 otherwise: no hint
    that it exists). Checked one object at a time, like the pages (`viewable_engagement`)."""
    found = viewable_engagement(viewer=viewer, public_id=public_id)
    prefetch_related_objects([found], "services", "topics", _current_team())
    return found


def activities_of(*, viewer: Any, engagement: Engagement) -> QuerySet[Activity]:
    """The engagement's activities, newest first. PermissionDenied for a caller who sees the
    engagement but not its activities (the agency side)."""
    relation = relation_of(viewer, engagement)
    if not (relation.staff or relation.working):
        raise PermissionDenied(
            _(
                "Activities, with their hours and costs, are for program staff and the team "
                "delivering the assistance."
            )
        )
    return (
        ACTIVITIES.queryset(viewer)
        .filter(engagement=engagement)
        .select_related("peer_agency__state", "logged_by")
        .order_by("-occurred_on", "-pk")
    )


def activity_totals(activities: QuerySet[Activity]) -> dict:
    totals = activities.order_by().aggregate(hours=Sum("hours"), travel_cost=Sum("travel_cost"))
    return {key: value or 0 for key, value in totals.items()}


def milestones_of(*, viewer: Any, engagement: Engagement) -> QuerySet[Milestone]:
    """The engagement's workplan, in order of due date."""
    return (
        MILESTONES.queryset(viewer)
        .filter(engagement=engagement)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def milestone_of(*, viewer: Any, engagement: Engagement, milestone_id: int) -> Milestone:
    """One milestone of this engagement the viewer may see (Http404 otherwise)."""
    found = (
        milestones_of(viewer=viewer, engagement=engagement)
        .select_related("engagement")
        .filter(pk=milestone_id)
        .first()
    )
    if found is None:
        raise Http404("No such milestone.")
    return found
