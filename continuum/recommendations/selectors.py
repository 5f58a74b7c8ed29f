"""Reads of the register, always scoped by the viewer through the policies.

Each read takes a fixed number of queries however many recommendations the register holds
(the register page and the export are asserted flat in the tests).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from continuum.engagements.models import Engagement

from .choices import REGISTER_PAGE_LIMIT
from .models import Recommendation, RecommendationStatus, ScaleValue, StatusScale
from .policy import CATEGORIES, FINDINGS, RECOMMENDATIONS, SCALES


def engagement_scales(viewer: Any, engagement: Engagement) -> list[StatusScale]:
    scales = list(
        SCALES.queryset(viewer)
        .filter(engagement=engagement)
        .prefetch_related("values")
        .order_by("order", "pk")
    )
    return scales


def _values_by_pk(scales: list[StatusScale]) -> dict[int, ScaleValue]:
    return {value.pk: value for scale in scales for value in scale.values.all()}


def statuses_of(
    engagement: Engagement, scales: list[StatusScale], recommendation_ids: Any = None
) -> dict[int, dict[int, ScaleValue]]:
    """recommendation id -> scale id -> its current value (one query)."""
    values = _values_by_pk(scales)
    rows = RecommendationStatus.objects.filter(engagement=engagement)
    if recommendation_ids is not None:
        rows = rows.filter(recommendation_id__in=recommendation_ids)
    found: dict[int, dict[int, ScaleValue]] = defaultdict(dict)
    for rec_id, scale_id, value_id in rows.values_list("recommendation_id", "scale_id", "value_id"):
        if value_id in values:
            found[rec_id][scale_id] = values[value_id]
    return found


@dataclass
class ScaleSummary:
    scale: StatusScale
    values: list[ScaleValue]
    #: {"name", "counts" (in the order of `values`), "done", "denominator", "share"} per
    #: category, then the whole register in `total`.
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] | None = None


def _summary_row(name: str, values: list[ScaleValue], per_value: dict[int, int]) -> dict:
    done, denominator = _share(values, per_value)
    return {
        "name": name,
        "counts": [per_value.get(v.pk, 0) for v in values],
        "done": done,
        "denominator": denominator,
        "share": round(100 * done / denominator) if denominator else None,
    }


def register_summary(viewer: Any, engagement: Engagement) -> dict[str, Any]:
    """Counts by category and status on each scale, with the share done (fixed query count)."""
    scales = engagement_scales(viewer, engagement)
    categories = list(CATEGORIES.queryset(viewer).filter(engagement=engagement))
    names = {c.pk: c.name for c in categories}
    counts: dict[int, Counter] = defaultdict(Counter)  # scale id -> (category, value) -> n
    by_category: Counter = Counter()
    visible = RECOMMENDATIONS.queryset(viewer).filter(engagement=engagement)
    for category_id, n in (
        visible.values("finding__category_id")
        .annotate(n=_count())
        .values_list("finding__category_id", "n")
    ):
        by_category[category_id] += n
    for category_id, scale_id, value_id, n in (
        RecommendationStatus.objects.filter(engagement=engagement, recommendation__in=visible)
        .values("recommendation__finding__category_id", "scale_id", "value_id")
        .annotate(n=_count())
        .values_list("recommendation__finding__category_id", "scale_id", "value_id", "n")
    ):
        counts[scale_id][(category_id, value_id)] += n
    order = [c.pk for c in categories] + ([None] if by_category.get(None) else [])
    summaries = []
    for scale in scales:
        values = list(scale.values.all())
        summary = ScaleSummary(scale=scale, values=values)
        totals: Counter = Counter()
        for category_id in order:
            per_value = {v.pk: counts[scale.pk][(category_id, v.pk)] for v in values}
            totals.update(per_value)
            summary.rows.append(
                _summary_row(names.get(category_id, _("No objective")), values, per_value)
            )
        summary.total = _summary_row("", values, dict(totals))
        summaries.append(summary)
    return {
        "scales": scales,
        "summaries": summaries,
        "total": sum(by_category.values()),
        "by_category": [(names.get(pk, _("No objective")), by_category[pk]) for pk in order],
        "findings": FINDINGS.queryset(viewer).filter(engagement=engagement).count(),
    }


def _count():
    from django.db.models import Count

    return Count("pk")


def _share(values: list[ScaleValue], per_value: dict[int, int]) -> tuple[int, int]:
    done = sum(per_value.get(v.pk, 0) for v in values if v.counts_as_done)
    denominator = sum(per_value.get(v.pk, 0) for v in values if not v.excluded_from_denominator)
    return done, denominator


@dataclass
class RegisterPage:
    scales: list[StatusScale]
    categories: list[Any]  # each with .finding_list, each finding with .recommendation_list
    total: int
    shown: int
    uncategorized: list[Any]


def register_page(viewer: Any, engagement: Engagement) -> RegisterPage:
    """Categories -> findings -> recommendations (at most REGISTER_PAGE_LIMIT), with statuses."""
    scales = engagement_scales(viewer, engagement)
    categories = list(CATEGORIES.queryset(viewer).filter(engagement=engagement))
    findings = list(FINDINGS.queryset(viewer).filter(engagement=engagement).order_by("number"))
    base = RECOMMENDATIONS.queryset(viewer).filter(engagement=engagement)
    recommendations = list(
        base.select_related("finding").order_by("finding__number", "number")[
            : REGISTER_PAGE_LIMIT + 1
        ]
    )
    more = len(recommendations) > REGISTER_PAGE_LIMIT
    recommendations = recommendations[:REGISTER_PAGE_LIMIT]
    total = base.count() if more else len(recommendations)
    statuses = statuses_of(engagement, scales, [r.pk for r in recommendations] if more else None)
    by_finding: dict[int, list[Recommendation]] = defaultdict(list)
    for rec in recommendations:
        rec.status_list = [statuses.get(rec.pk, {}).get(scale.pk) for scale in scales]
        by_finding[rec.finding_id].append(rec)
    by_category: dict[int | None, list[Any]] = defaultdict(list)
    for finding in findings:
        finding.recommendation_list = by_finding.get(finding.pk, [])
        by_category[finding.category_id].append(finding)
    for category in categories:
        category.finding_list = by_category.get(category.pk, [])
    return RegisterPage(
        scales=scales,
        categories=categories,
        total=total,
        shown=len(recommendations),
        uncategorized=by_category.get(None, []),
    )


def recommendation_for_viewer(viewer: Any, engagement: Engagement, pk: Any) -> Recommendation:
    """One recommendation of this engagement, or 404 (no hint that it exists)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as error:
        raise Http404("No such recommendation.") from error
    found = (
        RECOMMENDATIONS.queryset(viewer)
        .filter(engagement=engagement, pk=pk)
        .select_related("finding__category", "case_manager_user")
        .first()
    )
    if found is None:
        raise Http404("No such recommendation.")
    found.engagement = engagement
    return found


def recommendation_by_label(engagement: Engagement, label: str) -> Recommendation | None:
    """Recommendation "N.M" of the register, or None."""
    parts = str(label or "").strip().split(".")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 6 for p in parts):
        return None
    return (
        Recommendation.objects.filter(
            engagement=engagement, finding__number=int(parts[0]), number=int(parts[1])
        )
        .select_related("finding")
        .first()
    )
