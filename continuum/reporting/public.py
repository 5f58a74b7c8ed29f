"""What the public side reads: the ONLY module the public portal, the open data and the public
API read through (issue 10 §6).

Everything here is read as an anonymous visitor through the reporting policies
(`continuum.reporting.policy`): listed engagements' listings, their promised report dates, their
published progress reports (each report's frozen `snapshot`), the latest published dashboard, and
documents of a listed engagement (and of its published deliverables) whose visibility is
exactly public. Nothing here reads the register, requests or any other working table; the
figures a page shows come from a published snapshot.

Every selector runs a fixed number of queries whatever the data (the list pages assert it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from continuum.core.paging import COUNT_CAP, KeysetPage, bounded_counts, keyset_page
from continuum.documents.choices import PUBLIC as PUBLIC_VISIBILITY
from continuum.documents.models import Document, DocumentVersion
from continuum.engagements.choices import DeliverableStatus
from continuum.engagements.models import Deliverable, Engagement

from .choices import ReportState
from .models import DashboardSnapshot, ProgressReport, PublicListing, ReportDue
from .policy import DASHBOARDS, LISTINGS, PROGRESS_REPORTS, REPORTS_DUE

#: The public is an anonymous visitor: the policies decide what it sees.
PUBLIC = AnonymousUser()
PAGE_SIZE = 25
LIST_KEYS = ("agency_name", "pk")
LIST_TAG = "reporting.portal.engagements"


# --- listings ----------------------------------------------------------------------------------


def listed() -> QuerySet[PublicListing]:
    """Every listing the public sees (listed ones)."""
    return LISTINGS.queryset(PUBLIC)


def published_reports() -> QuerySet[ProgressReport]:
    """Published reports of listed engagements (what the policy shows the public)."""
    return PROGRESS_REPORTS.queryset(PUBLIC)


def _unfulfilled_q(prefix: str = "") -> Q:
    """A promised report no published report fulfils (yet)."""
    return Q(**{f"{prefix}fulfilled_by__isnull": True}) | ~Q(
        **{f"{prefix}fulfilled_by__state": ReportState.PUBLISHED}
    )


def _latest_report_id() -> Subquery:
    return Subquery(
        published_reports()
        .filter(engagement_id=OuterRef("engagement_id"))
        .order_by("-as_of", "-number")
        .values("pk")[:1]
    )


def _overdue(today: datetime.date) -> Exists:
    return Exists(
        ReportDue.objects.filter(engagement_id=OuterRef("engagement_id"), due_on__lt=today).filter(
            _unfulfilled_q()
        )
    )


def listing_filters_q(filters: dict) -> Q:
    """The list's filters as one condition (missing or empty filters do not filter)."""
    condition = Q()
    if filters.get("program"):
        condition &= Q(program_slug=filters["program"])
    if filters.get("state"):
        condition &= Q(agency_state=filters["state"])
    if filters.get("agency_type"):
        condition &= Q(agency_type=filters["agency_type"])
    if filters.get("year"):
        condition &= Q(started_on__year=filters["year"])
    if filters.get("q"):
        condition &= Q(agency_name__icontains=filters["q"])
    return condition


def listings(*, filters: dict | None = None, today: datetime.date) -> QuerySet[PublicListing]:
    """Listed engagements matching `filters`, each with its latest published report's id and
    whether a promised report is overdue (subqueries: no query per row)."""
    return (
        listed()
        .filter(listing_filters_q(filters or {}))
        .annotate(latest_report_id=_latest_report_id(), report_overdue=_overdue(today))
    )


def latest_report_ids() -> list[int]:
    """The latest published report of each listed engagement, in agency-name order (one query)."""
    rows = listed().annotate(latest_report_id=_latest_report_id()).order_by("agency_name", "pk")
    return [pk for pk in rows.values_list("latest_report_id", flat=True) if pk]


@dataclass(frozen=True)
class LatestFigures:
    """What a list row shows of an engagement's latest published report."""

    public_id: Any
    number: int
    as_of: datetime.date
    share_done: float | None

    @property
    def percent_done(self) -> int | None:
        return None if self.share_done is None else round(self.share_done * 100)


def share_done_of(figures: dict | None, primary: str | None) -> float | None:
    """The overall share done on the snapshot's primary scale (None when nothing counts)."""
    if not figures or not primary or primary not in figures:
        return None
    return figures[primary]["overall"].get("share_done")


def latest_figures(report_ids: list[int]) -> dict[int, LatestFigures]:
    """The latest reports' date and share done, by report id: one query, only the figures of
    each snapshot (never its rows)."""
    ids = [pk for pk in report_ids if pk]
    if not ids:
        return {}
    rows = (
        published_reports()
        .filter(pk__in=ids)
        .values(
            "pk", "public_id", "number", "as_of", "snapshot__figures", "snapshot__primary_scale"
        )
    )
    return {
        row["pk"]: LatestFigures(
            public_id=row["public_id"],
            number=row["number"],
            as_of=row["as_of"],
            share_done=share_done_of(row["snapshot__figures"], row["snapshot__primary_scale"]),
        )
        for row in rows
    }


def attach_latest(rows: list[PublicListing]) -> list[PublicListing]:
    """Set `latest` (a `LatestFigures` or None) on each listing annotated by `listings()`."""
    found = latest_figures([row.latest_report_id for row in rows])
    for row in rows:
        row.latest = found.get(row.latest_report_id)
    return rows


def listings_page(
    queryset: QuerySet[PublicListing], *, cursor: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """One keyset page of `listings()` in agency-name order, with `latest` set on each row.
    Raises `ValidationError` for a cursor that is not ours."""
    page = keyset_page(queryset, keys=LIST_KEYS, cursor=cursor, size=size, tag=LIST_TAG)
    attach_latest(page.rows)
    return page


def listings_count(queryset: QuerySet[PublicListing], *, cap: int = COUNT_CAP):
    """How many listings match (a `BoundedCount`: "1,000+" past the cap)."""
    return bounded_counts({"matching": queryset}, cap=cap)["matching"]


def filter_choices() -> dict[str, list]:
    """The values the list's filters offer: what the listed engagements have (one query)."""
    rows = list(listed().values_list("program_slug", "program_name", "agency_state", "agency_type"))
    years = listed().filter(started_on__isnull=False).dates("started_on", "year")
    return {
        "programs": sorted({(slug, name) for slug, name, _s, _t in rows}, key=lambda p: p[1]),
        "states": sorted({state for _p, _n, state, _t in rows if state}),
        "agency_types": sorted({kind for _p, _n, _s, kind in rows if kind}),
        "years": sorted({day.year for day in years}, reverse=True),
    }


def listing_by_slug(slug: str) -> PublicListing | None:
    return listed().filter(slug=slug).first()


def agency_listings(ori: str, *, today: datetime.date) -> list[PublicListing]:
    """An agency's listed engagements (by its ORI), each with `latest` set."""
    if not ori:
        return []
    rows = list(listings(today=today).filter(agency_ori=ori).order_by("-started_on", "pk"))
    return attach_latest(rows)


# --- one engagement's public material ----------------------------------------------------------


def reports_due(engagement_id: int, *, today: datetime.date) -> list[ReportDue]:
    """The promised reports of a listed engagement, each with `overdue` and `fulfilled_number`
    (the published report that fulfils it, if any). One query."""
    rows = list(
        REPORTS_DUE.queryset(PUBLIC)
        .filter(engagement_id=engagement_id)
        .annotate(
            fulfilled_state=F("fulfilled_by__state"),
            fulfilled_number=F("fulfilled_by__number"),
        )
        .order_by("due_on", "pk")
    )
    for due in rows:
        fulfilled = due.fulfilled_state == ReportState.PUBLISHED
        due.is_fulfilled = fulfilled
        if not fulfilled:
            due.fulfilled_number = None
        due.overdue = due.due_on < today and not fulfilled
    return rows


def engagement_reports(engagement_id: int) -> list[ProgressReport]:
    """A listed engagement's published reports, newest first, without their snapshots."""
    return list(
        published_reports()
        .filter(engagement_id=engagement_id)
        .defer("snapshot")
        .order_by("-as_of", "-number")
    )


def latest_report(engagement_id: int) -> ProgressReport | None:
    """The newest published report of a listed engagement, with its snapshot."""
    return (
        published_reports()
        .filter(engagement_id=engagement_id)
        .order_by("-as_of", "-number")
        .first()
    )


def report_by_public_id(public_id: Any) -> ProgressReport | None:
    """A published report of a listed engagement, with its listing, or None."""
    return (
        published_reports()
        .filter(public_id=public_id)
        .select_related("engagement__public_listing")
        .first()
    )


def _engagement_type() -> ContentType:
    return ContentType.objects.get_for_model(Engagement)


def _deliverable_type() -> ContentType:
    return ContentType.objects.get_for_model(Deliverable)


def _published_deliverables(engagements: Any) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(
        engagement_id__in=engagements, status=DeliverableStatus.PUBLISHED
    ).values("pk")


def _public_documents(engagements: Any = None) -> QuerySet[Document]:
    """Public documents of listed engagements (of `engagements` among them, when given):
    attached to the engagement, or to one of its deliverables once that is published."""
    listed_engagements = listed().values("engagement_id")
    if engagements is not None:
        listed_engagements = listed_engagements.filter(engagement_id__in=engagements)
    return Document.objects.filter(visibility=int(PUBLIC_VISIBILITY)).filter(
        Q(target_type=_engagement_type(), target_id__in=listed_engagements)
        | Q(
            target_type=_deliverable_type(),
            target_id__in=_published_deliverables(listed_engagements),
        )
    )


def public_documents(engagement_id: int) -> list[Document]:
    """Public documents of a listed engagement and of its published deliverables, each with
    `latest` (its newest version). Two queries."""
    documents = list(
        _public_documents([engagement_id])
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("created_at", "pk")
    )
    for document in documents:
        versions = list(document.versions.all())
        document.latest = versions[0] if versions else None
    return documents


def public_document_version(document_id: Any) -> DocumentVersion | None:
    """The newest version of a public document of a listed engagement, or None."""
    document = _public_documents().filter(public_id=document_id).first()
    if document is None:
        return None
    return (
        DocumentVersion.objects.filter(document=document)
        .select_related("document")
        .order_by("-number")
        .first()
    )


# --- the dashboard -----------------------------------------------------------------------------


def latest_dashboard() -> DashboardSnapshot | None:
    """The latest published dashboard (one query), or None before the first publication."""
    return (
        DASHBOARDS.queryset(PUBLIC)
        .filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )
