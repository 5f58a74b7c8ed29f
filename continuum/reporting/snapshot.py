"""A progress report's snapshot: what it shows, built once from the register, and its figures.

`build_snapshot` reads the register as it is now and returns a plain, JSON-ready dict (layout
below). `figures` computes every count and share from a snapshot's rows alone, so a published
report's figures recompute exactly from what it stored, and nothing that changes in the
register afterwards can alter them. The web page, the charts, the PDF, the open data and the
public API all read a snapshot through these two functions; none of them reads the register.

Layout (version 1)::

    {
      "version": 1,
      "as_of": "2026-06-30",
      "engagement": {"title", "agency", "state", "program"},
      "scales": [{"key", "name", "values": [{"key", "label", "done", "excluded"}]}],
      "primary_scale": "progress",            # the engagement's first scale
      "categories": [{"number", "name"}],
      "findings": [{"number", "statement", "category"}],
      "recommendations": [{"id": "1.1", "finding", "number", "category", "text", "priority",
                           "unit", "target_on", "status": {scale_key: value_key},
                           "external_blockers": [{"kind", "party"}]}],
      "figures": {...},                      # figures(snapshot), stored for reading
      "changes": [{"id", "scale", "from", "to", "direction": "up" | "down" | "new"}],
      "burndown": [{"as_of", "report", "done", "denominator", "open"}],
      "caveats": "...", "validator_notes": "...",
      "corrects": null | {"number", "title", "note"}
    }
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from continuum.recommendations.models import (
    Category,
    ExternalBlocker,
    Finding,
    Recommendation,
    RecommendationStatus,
    StatusScale,
)

from .choices import SNAPSHOT_VERSION

UNCATEGORIZED = None


def _scales(engagement) -> list[dict]:
    scales = StatusScale.objects.filter(engagement=engagement).prefetch_related("values")
    return [
        {
            "key": scale.key,
            "name": scale.name,
            "values": [
                {
                    "key": value.key,
                    "label": value.label,
                    "done": value.counts_as_done,
                    "excluded": value.excluded_from_denominator,
                }
                for value in sorted(scale.values.all(), key=lambda v: (v.order, v.pk))
            ],
        }
        for scale in sorted(scales, key=lambda s: (s.order, s.pk))
    ]


def _header(engagement) -> dict:
    listing = getattr(engagement, "public_listing", None)
    if listing is not None:
        return {
            "title": listing.title,
            "agency": listing.agency_name,
            "state": listing.agency_state,
            "program": listing.program_name,
        }
    agency = engagement.agency
    return {
        "title": str(engagement.program),
        "agency": engagement.agency_label,
        "state": agency.state.usps if agency is not None else "",
        "program": str(engagement.program),
    }


def register_rows(engagement, *, as_of: datetime.date) -> dict:
    """The register's public columns as plain rows (a fixed number of queries)."""
    scales = _scales(engagement)
    scale_keys = {s.pk: s.key for s in StatusScale.objects.filter(engagement=engagement)}
    categories = [
        {"number": c.number, "name": c.name}
        for c in Category.objects.filter(engagement=engagement).order_by("number")
    ]
    findings = list(
        Finding.objects.filter(engagement=engagement).select_related("category").order_by("number")
    )
    finding_rows = [
        {
            "number": f.number,
            "statement": f.statement,
            "category": f.category.number if f.category_id else UNCATEGORIZED,
        }
        for f in findings
    ]
    category_of = {f.pk: (f.category.number if f.category_id else None) for f in findings}
    number_of = {f.pk: f.number for f in findings}
    statuses: dict[int, dict[str, str]] = {}
    for rec_id, scale_id, value_key in RecommendationStatus.objects.filter(
        engagement=engagement
    ).values_list("recommendation_id", "scale_id", "value__key"):
        statuses.setdefault(rec_id, {})[scale_keys[scale_id]] = value_key
    blockers: dict[int, list[dict]] = {}
    for blocker in ExternalBlocker.objects.filter(engagement=engagement, since__lte=as_of).order_by(
        "since", "pk"
    ):
        if blocker.cleared_on is None or blocker.cleared_on > as_of:
            blockers.setdefault(blocker.recommendation_id, []).append(
                {"kind": blocker.party_kind, "party": blocker.party_name}
            )
    recommendations = [
        {
            "id": f"{number_of[r.finding_id]}.{r.number}",
            "finding": number_of[r.finding_id],
            "number": r.number,
            "category": category_of[r.finding_id],
            "text": r.text,
            "priority": r.priority,
            "unit": r.responsible_unit,
            "target_on": r.target_on.isoformat() if r.target_on else None,
            "status": statuses.get(r.pk, {}),
            "external_blockers": blockers.get(r.pk, []),
        }
        for r in Recommendation.objects.filter(engagement=engagement).order_by(
            "finding__number", "number"
        )
    ]
    return {
        "scales": scales,
        "primary_scale": scales[0]["key"] if scales else None,
        "categories": categories,
        "findings": finding_rows,
        "recommendations": recommendations,
    }


def _tally(rows: list[dict], scale: dict) -> dict:
    counts = Counter(row["status"].get(scale["key"]) for row in rows)
    done_keys = {v["key"] for v in scale["values"] if v["done"]}
    excluded_keys = {v["key"] for v in scale["values"] if v["excluded"]}
    total = len(rows)
    done = sum(counts[k] for k in done_keys)
    denominator = total - sum(counts[k] for k in excluded_keys)
    return {
        "counts": {v["key"]: counts[v["key"]] for v in scale["values"]},
        "unset": counts[None],
        "total": total,
        "done": done,
        "denominator": denominator,
        "share_done": round(done / denominator, 4) if denominator else None,
    }


def figures(snapshot: dict) -> dict:
    """Every figure of a report, from its rows alone: per scale, overall and per category."""
    rows = snapshot["recommendations"]
    by_category: dict[Any, list[dict]] = {}
    for row in rows:
        by_category.setdefault(row["category"], []).append(row)
    names = {c["number"]: c["name"] for c in snapshot["categories"]}
    order = [c["number"] for c in snapshot["categories"]]
    if UNCATEGORIZED in by_category:
        order.append(UNCATEGORIZED)
    result = {}
    for scale in snapshot["scales"]:
        result[scale["key"]] = {
            "overall": _tally(rows, scale),
            "by_category": [
                {
                    "category": number,
                    "name": names.get(number, ""),
                    **_tally(by_category.get(number, []), scale),
                }
                for number in order
            ],
        }
    return result


def _value_order(scale: dict) -> dict[str, int]:
    return {v["key"]: i for i, v in enumerate(scale["values"])}


def changes_between(previous: dict | None, current: dict) -> list[dict]:
    """Recommendations whose status moved since `previous`, per scale (and those that are new)."""
    if not previous:
        return []
    before = {row["id"]: row for row in previous["recommendations"]}
    found = []
    for scale in current["scales"]:
        order = _value_order(scale)
        for row in current["recommendations"]:
            now = row["status"].get(scale["key"])
            old_row = before.get(row["id"])
            if old_row is None:
                if scale["key"] == current["primary_scale"]:
                    found.append(
                        {
                            "id": row["id"],
                            "scale": scale["key"],
                            "from": None,
                            "to": now,
                            "direction": "new",
                        }
                    )
                continue
            then = old_row["status"].get(scale["key"])
            if then == now:
                continue
            direction = "up" if order.get(now, -1) > order.get(then, -1) else "down"
            found.append(
                {
                    "id": row["id"],
                    "scale": scale["key"],
                    "from": then,
                    "to": now,
                    "direction": direction,
                }
            )
    return found


def burndown_point(snapshot: dict, number: int | None) -> dict:
    key = snapshot["primary_scale"]
    overall = snapshot["figures"][key]["overall"] if key else {"done": 0, "denominator": 0}
    return {
        "as_of": snapshot["as_of"],
        "report": number,
        "done": overall["done"],
        "denominator": overall["denominator"],
        "open": overall["denominator"] - overall["done"],
    }


def build_snapshot(
    engagement,
    *,
    as_of: datetime.date,
    previous: dict | None = None,
    earlier_points: list[dict] | None = None,
    caveats: str = "",
    validator_notes: str = "",
    corrects: dict | None = None,
) -> dict:
    """The snapshot of `engagement`'s register now, dated `as_of`.

    `previous` is the snapshot of the last published report (for what changed since);
    `earlier_points` the burndown points of the published reports before this one.
    """
    snapshot: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "as_of": as_of.isoformat(),
        "engagement": _header(engagement),
        **register_rows(engagement, as_of=as_of),
        "caveats": caveats,
        "validator_notes": validator_notes,
        "corrects": corrects,
    }
    snapshot["figures"] = figures(snapshot)
    snapshot["changes"] = changes_between(previous, snapshot)
    snapshot["burndown"] = [*(earlier_points or []), burndown_point(snapshot, None)]
    return snapshot
