"""Open data (issue 10 §6): the portal's published material as rows, for CSV and JSON downloads.

Four datasets, each read through `continuum.reporting.public` only:

- `engagements`: the listed engagements (one row each);
- `reports`: the published reports of listed engagements, with their overall figures (one row
  per report and scale);
- `recommendations`: every recommendation row of each listed engagement's latest published
  report (one row per recommendation and scale, with the status there);
- `dashboard`: the latest published dashboard's figures (long format: section, dimension, key,
  label, count).

Each dataset is a header and a generator of rows (lists), so large ones stream: a report's
snapshot is read one report at a time. `records()` turns the same rows into dicts for JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import public

DATASETS = ("engagements", "reports", "recommendations", "dashboard")
FORMATS = ("csv", "json")
CHUNK = 20

ENGAGEMENT_COLUMNS = [
    "slug",
    "title",
    "agency_name",
    "agency_ori",
    "agency_state",
    "agency_type",
    "program",
    "program_slug",
    "services",
    "topics",
    "started_on",
    "report_every_months",
    "summary",
]
REPORT_COLUMNS = [
    "engagement",
    "report_id",
    "number",
    "title",
    "as_of",
    "published_on",
    "corrects_number",
    "scale",
    "total",
    "done",
    "denominator",
    "share_done",
]
RECOMMENDATION_COLUMNS = [
    "engagement",
    "report_number",
    "as_of",
    "id",
    "text",
    "objective",
    "priority",
    "scale",
    "status",
    "status_label",
]
DASHBOARD_COLUMNS = ["section", "dimension", "key", "label", "count", "suppressed"]


def _engagement_rows() -> Iterator[list[Any]]:
    for listing in public.listed().order_by("agency_name", "pk").iterator(chunk_size=200):
        yield [
            listing.slug,
            listing.title,
            listing.agency_name,
            listing.agency_ori,
            listing.agency_state,
            listing.agency_type,
            listing.program_name,
            listing.program_slug,
            "; ".join(str(s) for s in listing.services),
            "; ".join(str(t) for t in listing.topics),
            listing.started_on.isoformat() if listing.started_on else "",
            listing.report_every_months or "",
            listing.summary,
        ]


def _report_rows() -> Iterator[list[Any]]:
    reports = (
        public.published_reports()
        .select_related("engagement__public_listing", "corrects")
        .order_by("engagement__public_listing__slug", "number")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        figures = report.snapshot.get("figures", {})
        for scale in report.snapshot.get("scales", []):
            overall = figures.get(scale["key"], {}).get("overall", {})
            yield [
                report.engagement.public_listing.slug,
                str(report.public_id),
                report.number,
                report.title,
                report.as_of.isoformat(),
                report.published_at.date().isoformat(),
                report.corrects.number if report.corrects_id else "",
                scale["key"],
                overall.get("total"),
                overall.get("done"),
                overall.get("denominator"),
                overall.get("share_done"),
            ]


def _recommendation_rows() -> Iterator[list[Any]]:
    ids = public.latest_report_ids()
    reports = (
        public.published_reports()
        .filter(pk__in=ids)
        .select_related("engagement__public_listing")
        .order_by("engagement__public_listing__slug")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        snapshot = report.snapshot
        slug = report.engagement.public_listing.slug
        objectives = {c["number"]: c["name"] for c in snapshot.get("categories", [])}
        for row in snapshot.get("recommendations", []):
            for scale in snapshot.get("scales", []):
                value = row["status"].get(scale["key"])
                labels = {v["key"]: v["label"] for v in scale["values"]}
                yield [
                    slug,
                    report.number,
                    snapshot["as_of"],
                    row["id"],
                    row["text"],
                    objectives.get(row["category"], ""),
                    row["priority"],
                    scale["key"],
                    value or "",
                    labels.get(value, ""),
                ]


def dashboard_long(figures: dict) -> Iterator[list[Any]]:
    """The dashboard's figures in long format (one count per row)."""
    for section in ("requests", "engagements"):
        for dimension, rows in figures.get(section, {}).items():
            for row in rows if isinstance(rows, list) else [rows]:
                yield [
                    section,
                    dimension,
                    row["key"],
                    row["label"],
                    row["count"],
                    row["suppressed"],
                ]
    for row in figures.get("top_topics", []):
        yield ["requests", "top_topics", row["key"], row["label"], row["count"], row["suppressed"]]
    effective = figures.get("effective", {})
    for row in effective.get("by_program", []):
        yield ["evaluations", "answered", row["key"], row["label"], row["answered"], False]
        yield ["evaluations", "rated_effective", row["key"], row["label"], row["effective"], False]
    first = figures.get("first_response", {})
    if first:
        yield [
            "requests",
            "median_days_to_first_response",
            "all",
            "",
            first.get("median_days"),
            first.get("suppressed", False),
        ]


def _dashboard_rows() -> Iterator[list[Any]]:
    snapshot = public.latest_dashboard()
    if snapshot is not None:
        yield from dashboard_long(snapshot.figures)


def dataset(name: str) -> tuple[list[str], Iterator[list[Any]]]:
    """A dataset's header and rows (`name` in DATASETS)."""
    builders = {
        "engagements": (ENGAGEMENT_COLUMNS, _engagement_rows),
        "reports": (REPORT_COLUMNS, _report_rows),
        "recommendations": (RECOMMENDATION_COLUMNS, _recommendation_rows),
        "dashboard": (DASHBOARD_COLUMNS, _dashboard_rows),
    }
    columns, rows = builders[name]
    return columns, rows()


def records(columns: list[str], rows: Iterator[list[Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield dict(zip(columns, row, strict=True))
