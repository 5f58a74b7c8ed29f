"""The program portfolio (issue 9 §8): every engagement for program staff, with filters, keyset
pages, bounded counts by status, overdue milestones and deliverables, and expert workload.

Everything here is for program staff and administrators only (`Http404` for anyone else, as the
access map also says). Costs stay flat as the data grows (ADR 0012): pages seek on an index of
their sort key, counts read at most `COUNT_CAP + 1` index entries each, all in one query, and
the lists beside them are limited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from continuum.core.paging import COUNT_CAP, KeysetPage, bounded_counts, keyset_page
from continuum.core.policy import is_program_staff

from .choices import (
    OPEN_ENGAGEMENT_STATUSES,
    DeliverableStatus,
    EngagementStatus,
)
from .models import Deliverable, Engagement, ExpertWorkload, Milestone
from .policy import ENGAGEMENTS

PAGE_SIZE = 25
LIST_LIMIT = 25

#: Sort keys (NOT NULL, ending in the pk), each served by an index of `Engagement`.
PORTFOLIO_ORDERINGS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "newest": (_("Newest first"), ("-created_at", "-pk")),
    "oldest": (_("Oldest first"), ("created_at", "pk")),
    "agency": (_("Agency name"), ("agency_sort_name", "pk")),
}
DEFAULT_ORDERING = "newest"

OVERDUE_MILESTONES = "milestones"
OVERDUE_DELIVERABLES = "deliverables"
OVERDUE_EITHER = "either"
OVERDUE_CHOICES = [
    (OVERDUE_EITHER, _("Overdue milestones or deliverables")),
    (OVERDUE_MILESTONES, _("Overdue milestones")),
    (OVERDUE_DELIVERABLES, _("Overdue deliverables")),
]

#: Deliverables still to be delivered (an overdue one is one of these past its due date).
UNDELIVERED = [
    status
    for status in DeliverableStatus.values
    if status not in (DeliverableStatus.FINAL, DeliverableStatus.PUBLISHED)
]
OPEN = sorted(OPEN_ENGAGEMENT_STATUSES)


def _staff_only(viewer: Any) -> None:
    if not is_program_staff(viewer):
        raise Http404("Not found.")


# --- conditions --------------------------------------------------------------------------------


def milestone_overdue_q(today: datetime.date) -> Q:
    return Q(completed_on__isnull=True, due_on__lt=today, engagement__status__in=OPEN)


def deliverable_overdue_q(today: datetime.date) -> Q:
    return Q(status__in=UNDELIVERED, due_on__lt=today, engagement__status__in=OPEN)


def _has_overdue_milestones(today: datetime.date) -> Exists:
    return Exists(
        Milestone.objects.filter(
            engagement_id=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today
        )
    )


def _has_overdue_deliverables(today: datetime.date) -> Exists:
    return Exists(
        Deliverable.objects.filter(
            engagement_id=OuterRef("pk"), status__in=UNDELIVERED, due_on__lt=today
        )
    )


def overdue_q(kind: str, today: datetime.date) -> Q:
    """Open engagements with an overdue milestone, deliverable, or either."""
    milestones = Q(_has_overdue_milestones(today))
    deliverables = Q(_has_overdue_deliverables(today))
    found = {
        OVERDUE_MILESTONES: milestones,
        OVERDUE_DELIVERABLES: deliverables,
    }.get(kind, milestones | deliverables)
    return Q(status__in=OPEN) & found


def status_q(status: str | None) -> Q:
    """ "open" (the default), "all", or one status."""
    if not status or status == "open":
        return Q(status__in=OPEN)
    if status == "all":
        return Q()
    return Q(status=status)


def filters_q(filters: dict, today: datetime.date) -> Q:
    """Every filter but the status (the counts by status ignore it)."""
    condition = Q()
    if filters.get("program"):
        condition &= Q(program=filters["program"])
    if filters.get("provider"):
        condition &= Q(provider=filters["provider"])
    if filters.get("state"):
        state = filters["state"]
        condition &= Q(agency__state=state) | Q(
            agency__isnull=True, assistance_request__unlisted_state=state
        )
    if filters.get("agency_type"):
        kind = filters["agency_type"]
        condition &= Q(agency__agency_type=kind) | Q(
            agency__isnull=True, assistance_request__unlisted_agency_type=kind
        )
    if filters.get("overdue"):
        condition &= overdue_q(filters["overdue"], today)
    return condition


# --- the list ----------------------------------------------------------------------------------


def portfolio_engagements(*, viewer: Any, filters: dict, today: datetime.date) -> QuerySet:
    """The engagements matching every filter (the status "open" unless said otherwise), with
    what a row shows."""
    _staff_only(viewer)
    return (
        ENGAGEMENTS.queryset(viewer)
        .filter(filters_q(filters, today) & status_q(filters.get("status")))
        .select_related("agency__state", "program", "provider", "assistance_request")
        .annotate(
            overdue_milestones=_has_overdue_milestones(today),
            overdue_deliverables=_has_overdue_deliverables(today),
        )
    )


def portfolio_page(
    queryset: QuerySet, *, ordering: str, cursor: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """One keyset page; raises `ValidationError` for a cursor that is not ours (or stale)."""
    if ordering not in PORTFOLIO_ORDERINGS:
        ordering = DEFAULT_ORDERING
    keys = PORTFOLIO_ORDERINGS[ordering][1]
    return keyset_page(
        queryset, keys=keys, cursor=cursor, size=size, tag=f"engagements.portfolio.{ordering}"
    )


def portfolio_counts(
    *, viewer: Any, filters: dict, today: datetime.date, cap: int = COUNT_CAP
) -> dict:
    """Counts by status (ignoring the status filter), open, overdue and matching: one query,
    each count bounded (a `BoundedCount`, "1,000+" past the cap)."""
    _staff_only(viewer)
    base = ENGAGEMENTS.queryset(viewer).filter(filters_q(filters, today))
    counted: dict[str, QuerySet] = {
        "total": base,
        "open": base.filter(status__in=OPEN),
        "matching": base.filter(status_q(filters.get("status"))),
        "overdue": base.filter(overdue_q(OVERDUE_EITHER, today)),
    }
    for status in EngagementStatus.values:
        counted[f"status_{status}"] = base.filter(status=status)
    row = bounded_counts(counted, cap=cap)
    labels = dict(EngagementStatus.choices)
    return {
        "total": row["total"],
        "open": row["open"],
        "matching": row["matching"],
        "overdue": row["overdue"],
        "by_status": [
            (status, labels[status], row[f"status_{status}"]) for status in EngagementStatus.values
        ],
        "cap": cap,
    }


# --- beside the list ---------------------------------------------------------------------------

_ROW_RELATED = (
    "engagement__agency__state",
    "engagement__program",
    "engagement__assistance_request",
    "owner",
)


def _within(filters: dict, today: datetime.date) -> Q:
    """The portfolio's filters, as a condition on a row's engagement."""
    condition = filters_q(filters, today)
    if not condition:
        return Q()
    return Q(engagement_id__in=Engagement.objects.filter(condition).values("pk"))


def _longest_overdue(model: type, condition: Q, limit: int) -> list:
    """The first `limit` rows meeting `condition`, the longest overdue first, with what the
    page shows of them.

    Their ids first (the condition and the sort), then the rows by id without ORDER BY or
    LIMIT: with five more tables joined, PostgreSQL weighed every join order for the sort and
    the limit, 4.5 ms of planning for the milestones' 1 ms of work at 10x data (issue 8)."""
    ids = list(
        model.objects.filter(condition)
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    rows = model.objects.select_related(*_ROW_RELATED).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def overdue_milestones(
    *, viewer: Any, today: datetime.date, filters: dict | None = None, limit: int = LIST_LIMIT
) -> list[Milestone]:
    """Open engagements' milestones past their due date, the longest overdue first."""
    _staff_only(viewer)
    condition = milestone_overdue_q(today) & _within(filters or {}, today)
    return _longest_overdue(Milestone, condition, limit)


def overdue_deliverables(
    *, viewer: Any, today: datetime.date, filters: dict | None = None, limit: int = LIST_LIMIT
) -> list[Deliverable]:
    """Open engagements' deliverables not final past their due date, the longest overdue first."""
    _staff_only(viewer)
    condition = deliverable_overdue_q(today) & _within(filters or {}, today)
    return _longest_overdue(Deliverable, condition, limit)


@dataclass(frozen=True)
class Workload:
    user_id: int
    name: str
    open_engagements: int
    capacity: int | None  # None: the expert has no profile

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.open_engagements > self.capacity

    @property
    def at_capacity(self) -> bool:
        return self.capacity is not None and self.open_engagements >= self.capacity


def expert_workload(*, viewer: Any, limit: int = LIST_LIMIT) -> list[Workload]:
    """Experts by the number of open engagements they are on (highest first, then by name),
    with their capacity: one query, limited.

    It reads the kept counts (`ExpertWorkload`, kept by the team and lifecycle services) down
    their partial index, most first, so its cost does not grow with the open engagements or
    their teams. The name, email and capacity are read per row by subqueries, so that the
    count's table is the only one the planner can start from (joined to the users, SQLite
    scanned every user while the kept counts had no statistics); it reads the highest counts
    down to the last one shown, all of those tied with it too (to order them by name)."""
    _staff_only(viewer)
    from continuum.accounts.models import User
    from continuum.providers.models import ExpertProfile

    def user_field(name: str) -> Subquery:
        return Subquery(User.objects.filter(pk=OuterRef("user_id")).order_by().values(name)[:1])

    rows = (
        ExpertWorkload.objects.filter(open_engagements__gt=0)
        .annotate(
            full_name=user_field("full_name"),
            email=user_field("email"),
            capacity=Subquery(
                ExpertProfile.objects.filter(user_id=OuterRef("user_id"))
                .order_by()
                .values("capacity")[:1]
            ),
        )
        .order_by("-open_engagements", "full_name", "user_id")
        .values("user_id", "full_name", "email", "open_engagements", "capacity")[:limit]
    )
    return [
        Workload(
            user_id=row["user_id"],
            name=row["full_name"] or row["email"],
            open_engagements=row["open_engagements"],
            capacity=row["capacity"],
        )
        for row in rows
    ]
