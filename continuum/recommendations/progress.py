"""Reads of implementation progress reports, always scoped by the viewer: a recommendation's
whole history, one report, the validation queue of an engagement and its count."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from continuum.core.paging import BoundedCount, KeysetPage, bounded_counts, keyset_page
from continuum.documents.policy import DOCUMENTS
from continuum.engagements.models import Engagement

from .choices import ImplementationState
from .models import ImplementationEvidence, ImplementationReport, Recommendation
from .policy import IMPLEMENTATION_REPORTS

#: Reports on one page of the validation queue.
QUEUE_PAGE_SIZE = 25


def _with_details(viewer: Any, queryset: QuerySet) -> QuerySet:
    """With who and what, and the evidence whose documents the viewer may open."""
    evidence = ImplementationEvidence.objects.filter(
        document__in=DOCUMENTS.queryset(viewer).order_by().values("pk")
    ).select_related("document", "measure")
    return queryset.select_related(
        "submitted_by", "decided_by", "scale", "proposed_value"
    ).prefetch_related(Prefetch("evidence", queryset=evidence))


def reports_of(viewer: Any, recommendation: Recommendation) -> list[ImplementationReport]:
    """Every progress report on the recommendation, newest first, with its evidence."""
    return list(
        _with_details(
            viewer, IMPLEMENTATION_REPORTS.queryset(viewer).filter(recommendation=recommendation)
        ).order_by("-submitted_at", "-pk")
    )


def report_for_viewer(viewer: Any, engagement: Engagement, report_id: Any) -> ImplementationReport:
    """One report of this engagement the viewer may see, or 404 (no hint that it exists)."""
    try:
        key = uuid.UUID(str(report_id))
    except (TypeError, ValueError, AttributeError) as error:
        raise Http404("No such report.") from error
    found = (
        _with_details(viewer, IMPLEMENTATION_REPORTS.queryset(viewer))
        .select_related("recommendation__finding")
        .filter(engagement=engagement, public_id=key)
        .first()
    )
    if found is None:
        raise Http404("No such report.")
    found.engagement = engagement
    found.recommendation.engagement = engagement
    return found


def _waiting(viewer: Any, engagement: Engagement) -> QuerySet:
    return IMPLEMENTATION_REPORTS.queryset(viewer).filter(
        engagement=engagement, state=ImplementationState.SUBMITTED
    )


def validation_queue(
    viewer: Any, engagement: Engagement, *, cursor: str | None = None
) -> KeysetPage:
    """Reports waiting for a verdict, oldest first, one bounded page (ValidationError for a
    cursor that is not ours)."""
    queryset = _waiting(viewer, engagement).select_related(
        "recommendation__finding", "submitted_by", "scale", "proposed_value"
    )
    return keyset_page(
        queryset,
        keys=("submitted_at", "pk"),
        cursor=cursor,
        size=QUEUE_PAGE_SIZE,
        tag="validation-queue",
    )


def waiting_count(viewer: Any, engagement: Engagement) -> BoundedCount:
    """How many reports wait for a verdict (one bounded count: "1,000+" past the cap)."""
    return bounded_counts({"waiting": _waiting(viewer, engagement)})["waiting"]
