"""The kept count of each expert's open engagements (`ExpertWorkload`), written in the
transaction of the change that moves it:

- an expert joins an open engagement's team as lead expert or expert (`team_member_add`): +1;
- they leave an open engagement's team (`team_member_remove`): -1;
- an open engagement ends (closed, withdrawn, terminated: `engagement_transition`): -1 for each
  expert on its team.

Nothing else changes the count: engagements are created without a team, an ended engagement
never opens again (the transition table has no way back, and a test says so), and the team of
an ended engagement cannot change (the `staff_team` rule refuses; were it allowed, a change
there would move nothing, as the functions below check the engagement's status).
The team services refuse a second expert role for the same person on one engagement, so one
person counts one engagement once. Concurrent changes are safe: each change is one
`UPDATE ... SET open_engagements = open_engagements + n`, and the changes of one engagement are
serialized by its row lock, taken first by every service above.

`expert_workload_recount()` rebuilds the count from the team rows (bulk-written data, tests);
`open_engagement_counts()` is that grouped count, which the kept one always equals.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F

from ..choices import ENDED_ENGAGEMENT_STATUSES, EXPERT_ROLES, OPEN_ENGAGEMENT_STATUSES
from ..models import Engagement, ExpertWorkload, TeamMember


def _expert_rows():
    """The live lead expert and expert rows (each counts toward the person's workload while its
    engagement is open)."""
    return TeamMember.objects.filter(left_at__isnull=True, role__in=sorted(EXPERT_ROLES))


def expert_workload_change(*, user_ids: Iterable[int], delta: int) -> None:
    """Add `delta` to each person's count (a row is made for those who have none)."""
    ids = sorted(set(user_ids))
    if not ids or not delta:
        return
    ExpertWorkload.objects.bulk_create(
        [ExpertWorkload(user_id=user_id) for user_id in ids], ignore_conflicts=True
    )
    ExpertWorkload.objects.filter(user_id__in=ids).update(
        open_engagements=F("open_engagements") + delta
    )


def expert_workload_joined(*, engagement: Engagement, member: TeamMember) -> None:
    """`member` was just added to `engagement`'s team (its row locked by the caller)."""
    if member.role in EXPERT_ROLES and engagement.status in OPEN_ENGAGEMENT_STATUSES:
        expert_workload_change(user_ids=[member.user_id], delta=1)


def expert_workload_left(*, engagement: Engagement, member: TeamMember) -> None:
    """`member` just left `engagement`'s team (its row locked by the caller)."""
    if member.role in EXPERT_ROLES and engagement.status in OPEN_ENGAGEMENT_STATUSES:
        expert_workload_change(user_ids=[member.user_id], delta=-1)


def expert_workload_engagement_ended(*, engagement: Engagement) -> None:
    """`engagement` (its row locked by the caller) just went from open to ended: its experts
    have one open engagement fewer."""
    if engagement.status not in ENDED_ENGAGEMENT_STATUSES:
        return
    experts = _expert_rows().filter(engagement_id=engagement.pk).values_list("user_id", flat=True)
    expert_workload_change(user_ids=list(experts), delta=-1)


def open_engagement_counts(user_ids: Iterable[int] | None = None) -> dict[int, int]:
    """The grouped count from the team rows: person -> open engagements (only those with one
    or more), for `user_ids` or everyone. It reads every open engagement's team: for rebuilding
    and checking the kept count, not for pages."""
    rows = _expert_rows().filter(engagement__status__in=sorted(OPEN_ENGAGEMENT_STATUSES))
    if user_ids is not None:
        rows = rows.filter(user_id__in=sorted(set(user_ids)))
    return dict(
        rows.order_by()
        .values("user_id")
        .annotate(n=Count("engagement_id", distinct=True))
        .values_list("user_id", "n")
    )


def expert_workload_recount(*, user_ids: Iterable[int] | None = None) -> int:
    """Rebuild the kept count from the team rows, for `user_ids` or everyone (after data was
    written without the services: the benchmark's bulk writer, test factories). Not for use
    while the services run concurrently on the same people. Returns the rows written."""
    ids = None if user_ids is None else sorted(set(user_ids))
    counts = open_engagement_counts(ids)
    kept = (
        ExpertWorkload.objects.all()
        if ids is None
        else ExpertWorkload.objects.filter(user_id__in=ids)
    )
    kept.delete()
    ExpertWorkload.objects.bulk_create(
        [ExpertWorkload(user_id=user_id, open_engagements=n) for user_id, n in counts.items()],
        batch_size=1000,
    )
    return len(counts)
