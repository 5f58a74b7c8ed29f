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

from .choices import OPEN_ENGAGEMENT_STATUSES
from .models import Milestone, TeamMember
from .policy import ENGAGEMENTS, MILESTONES

PAGE_SIZE = 25
DUE_SOON_DAYS = 30
DUE_SOON_LIMIT = 25


def my_engagements(*, viewer: Any) -> QuerySet:
    """The engagements the viewer may see, each with the viewer's own live team roles
    (`my_team`), newest first."""
    return (
        ENGAGEMENTS.queryset(viewer)
        .select_related("agency__state", "program", "provider", "assistance_request")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.filter(user_id=viewer.pk, left_at__isnull=True),
                to_attr="my_team",
            )
        )
    )


def my_engagements_page(*, viewer: Any, cursor: str | None = None) -> KeysetPage:
    """One keyset page of `my_engagements`; `ValidationError` for a cursor that is not ours."""
    return keyset_page(
        my_engagements(viewer=viewer),
        keys=("-created_at", "-pk"),
        cursor=cursor,
        size=PAGE_SIZE,
        tag="engagements.mine",
    )


def milestones_due_soon(
    *, viewer: Any, today: datetime.date, days: int = DUE_SOON_DAYS, limit: int = DUE_SOON_LIMIT
) -> list[Milestone]:
    """Open milestones of open engagements the viewer is on the team of, that are overdue or
    due within `days`, the earliest due first."""
    horizon = today + datetime.timedelta(days=days)
    on_team = TeamMember.objects.filter(user_id=viewer.pk, left_at__isnull=True).values(
        "engagement_id"
    )
    return list(
        MILESTONES.queryset(viewer)
        .filter(
            Q(engagement_id__in=on_team),
            completed_on__isnull=True,
            due_on__lte=horizon,
            engagement__status__in=sorted(OPEN_ENGAGEMENT_STATUSES),
        )
        .select_related("engagement__agency__state", "engagement__program", "owner")
        .order_by("due_on", "pk")[:limit]
    )
