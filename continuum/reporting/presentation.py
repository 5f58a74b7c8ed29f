"""What `_report_body.html` shows, from a report's row and its snapshot alone.

The staff preview, the public page and the PDF all render the same body with the context built
here, so they show the same words and numbers. Nothing here reads the register: labels of
statuses come from the scales stored in the snapshot; only the fixed labels of priorities and
outside parties come from the code's choices.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from continuum.recommendations.choices import BlockerParty, Priority

from . import charts
from .snapshot import UNCATEGORIZED


def _percent(share: float | None) -> str | None:
    if share is None:
        return None
    return f"{100 * share:.1f}".rstrip("0").rstrip(".")


def _labels(scale: dict, flag: str) -> list[str]:
    return [v["label"] for v in scale["values"] if v[flag]]


def _rule(scale: dict) -> str:
    """The scale's denominator rule, in words."""
    done = ", ".join(_labels(scale, "done")) or _("no value")
    excluded = _labels(scale, "excluded")
    if excluded:
        return _(
            "Done means %(done)s. Recommendations marked %(excluded)s are left out of the count."
        ) % {"done": done, "excluded": ", ".join(excluded)}
    return _("Done means %(done)s. Every recommendation is counted.") % {"done": done}


def _shares(snapshot: dict) -> list[dict]:
    shares = []
    for scale in snapshot["scales"]:
        overall = snapshot["figures"][scale["key"]]["overall"]
        shares.append(
            {
                "key": scale["key"],
                "name": scale["name"],
                "done": overall["done"],
                "denominator": overall["denominator"],
                "total": overall["total"],
                "percent": _percent(overall["share_done"]),
                "rule": _rule(scale),
            }
        )
    return shares


def _charts(snapshot: dict, prefix: str) -> list[dict]:
    found = []
    for scale in snapshot["scales"]:
        chart_id = f"{prefix}-status-{scale['key']}"
        found.append(
            {
                "id": chart_id,
                "heading": _("Status by objective: %(scale)s") % {"scale": scale["name"]},
                "svg": mark_safe(  # noqa: S308 (every text in it is escaped by charts.py)
                    charts.status_by_category_svg(snapshot, scale["key"], chart_id=chart_id)
                ),
                "table": charts.status_table(snapshot, scale["key"]),
            }
        )
    if snapshot["burndown"] and snapshot["primary_scale"]:
        chart_id = f"{prefix}-burndown"
        found.append(
            {
                "id": chart_id,
                "heading": _("Open and done over time"),
                "svg": mark_safe(  # noqa: S308 (every text in it is escaped by charts.py)
                    charts.burndown_svg(snapshot, chart_id=chart_id)
                ),
                "table": charts.burndown_table(snapshot),
            }
        )
    return found


def _value_labels(snapshot: dict) -> dict[str, dict[str, str]]:
    return {s["key"]: {v["key"]: v["label"] for v in s["values"]} for s in snapshot["scales"]}


def _changes(snapshot: dict) -> dict[str, list[dict]]:
    labels = _value_labels(snapshot)
    names = {s["key"]: s["name"] for s in snapshot["scales"]}
    grouped: dict[str, list[dict]] = {"up": [], "down": [], "new": []}
    for change in snapshot["changes"]:
        scale_labels = labels.get(change["scale"], {})
        grouped[change["direction"]].append(
            {
                "id": change["id"],
                "scale": names.get(change["scale"], change["scale"]),
                "from": scale_labels.get(change["from"], _("No status")),
                "to": scale_labels.get(change["to"], _("No status")),
            }
        )
    return grouped


def _rows(snapshot: dict) -> list[dict]:
    categories = {c["number"]: c["name"] for c in snapshot["categories"]}
    labels = _value_labels(snapshot)
    priorities = dict(Priority.choices)
    parties = dict(BlockerParty.choices)
    rows = []
    for row in snapshot["recommendations"]:
        category = row["category"]
        rows.append(
            {
                "id": row["id"],
                "text": row["text"],
                "objective": _("No objective")
                if category is UNCATEGORIZED
                else categories.get(category, ""),
                "priority": priorities.get(row["priority"], row["priority"] or ""),
                "statuses": [
                    labels[s["key"]].get(row["status"].get(s["key"]), _("No status"))
                    for s in snapshot["scales"]
                ],
                "blockers": [
                    f"{parties.get(b['kind'], b['kind'])}: {b['party']}"
                    for b in row["external_blockers"]
                ],
            }
        )
    return rows


def report_context(report: Any, *, chart_prefix: str = "report") -> dict[str, Any]:
    """Everything `reporting/_report_body.html` shows for `report` (row and snapshot only)."""
    snapshot = report.snapshot
    return {
        "report": report,
        "snapshot": snapshot,
        "engagement_facts": snapshot["engagement"],
        "as_of": datetime.date.fromisoformat(snapshot["as_of"]),
        "corrects": snapshot.get("corrects"),
        "scales": snapshot["scales"],
        "shares": _shares(snapshot),
        "charts": _charts(snapshot, chart_prefix),
        "changes": _changes(snapshot),
        "has_previous": bool(snapshot["burndown"][:-1]),
        "recommendations": _rows(snapshot),
        "validator_notes": snapshot.get("validator_notes", ""),
        "caveats": snapshot.get("caveats", ""),
    }
