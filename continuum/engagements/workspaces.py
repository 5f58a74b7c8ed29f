"""What the "My engagements" workspace (issue 9 §10) reads, always through the declared policy.

- an expert: the engagements they are on (their roles), and their milestones due soon;
- provider staff: their organization's engagements (and any they are on);
- the agency side: its agency's engagements (and the requests it made itself);
- program staff see every engagement in the portfolio instead.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from continuum.core.paging import KeysetPage, keyset_page
from continuum.core.policy import is_active_user

from .choices import OPEN_ENGAGEMENT_STATUSES
from .models import Engagement, Milestone, TeamMember
from .policy import ENGAGEMENTS, team_engagement_ids

PAGE_SIZE = 25
DUE_SOON_DAYS = 30
DUE_SOON_LIMIT = 25


def my_engagements(*, viewer: Any) -> QuerySet:
    """The engagements the viewer may see, each with the viewer's own live team roles
    (`my_team`), newest first."""
    return _with_my_team(ENGAGEMENTS.queryset(viewer), viewer=viewer)


def _with_my_team(engagements: QuerySet, *, viewer: Any) -> QuerySet:
    return engagements.select_related(
        "agency__state", "program", "provider", "assistance_request"
    ).prefetch_related(
        Prefetch(
            "team",
            queryset=TeamMember.objects.filter(user_id=viewer.pk, left_at__isnull=True),
            to_attr="my_team",
        )
    )


def my_engagements_page(*, viewer: Any, cursor: str | None = None) -> KeysetPage:
    """One keyset page of `my_engagements`; `ValidationError` for a cursor that is not ours.

    The page's ids pass the policy's rule; its rows are then read by those ids alone, so the
    rule (a union of id lists that grows with the viewer's engagements) runs once, not twice."""
    return keyset_page(
        my_engagements(viewer=viewer),
        keys=("-created_at", "-pk"),
        cursor=cursor,
        size=PAGE_SIZE,
        tag="engagements.mine",
        rows=_with_my_team(Engagement.objects.all(), viewer=viewer),
    )


def milestones_due_soon(
    *, viewer: Any, today: datetime.date, days: int = DUE_SOON_DAYS, limit: int = DUE_SOON_LIMIT
) -> list[Milestone]:
    """Open milestones of open engagements the viewer is on the team of, that are overdue or
    due within `days`, the earliest due first."""
    if not is_active_user(viewer):
        return []
    horizon = today + datetime.timedelta(days=days)
    # Being on the team now is itself one of the policy's grounds for seeing an engagement and
    # its milestones (`team_engagement_ids`, the first part of `engagement_rule`), so these rows
    # are within MILESTONES' rule (a test holds them to it) without running the whole rule's
    # union of id lists, which grows with the viewer's other engagements.
    return list(
        Milestone.objects.filter(
            Q(engagement_id__in=team_engagement_ids(viewer)),
            completed_on__isnull=True,
            due_on__lte=horizon,
            engagement__status__in=sorted(OPEN_ENGAGEMENT_STATUSES),
        )
        .select_related("engagement__agency__state", "engagement__program", "owner")
        .order_by("due_on", "pk")[:limit]
    )
