"""The national dashboard (issue 10 §6): its figures, computed from the working tables and
published as one `DashboardSnapshot` row the public reads.

This is the one module of the public side allowed to read the working tables (requests,
engagements, evaluations), and only program staff (or the scheduler, `manage.py
dashboard_publish`) run it; the public pages read the published figures only
(`public.latest_dashboard`).

- `dashboard_compute(*, as_of) -> dict`: the figures (layout below); drafts never count.
- `dashboard_publish(*, actor) -> DashboardSnapshot`: compute and publish in one go.
- `count_bars_svg(rows, *, title, chart_id)`: a server-side bar chart of counts; the page always
  shows the chart's data table beside it.

Request counts below `SMALL_COUNT_THRESHOLD` are stored suppressed (`count` None,
`suppressed` true): a request is the agency's own business, and a count of one in a small state
and year would name it. Layout (version 1)::

    {"version": 1, "as_of": "2026-12-03", "suppress_below": 3,
     "requests": {"total": {...}, "by_program": [...], "by_service": [...], "by_state": [...],
                  "by_agency_type": [...], "by_year": [...]},
     "engagements": {the same dimensions, never suppressed},
     "top_topics": [...],                      # of submitted requests, suppressed like them
     "effective": {"answered", "effective", "share", "by_program": [...]},
     "first_response": {"median_days", "measured", "suppressed"}}

where each count is `{"key", "label", "count", "suppressed"}`.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable
from html import escape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.agencies.choices import AgencyType
from continuum.agencies.models import State
from continuum.catalog.models import Program, Service, Topic
from continuum.core.cache import topic_changed
from continuum.core.policy import is_program_staff
from continuum.engagements.metrics import evaluation_metrics
from continuum.engagements.models import Engagement
from continuum.intake.models import AssistanceRequest

from .choices import SMALL_COUNT_THRESHOLD
from .models import DashboardSnapshot

DASHBOARD_VERSION = 1
TOP_TOPICS = 10
DIMENSIONS = ("by_program", "by_service", "by_state", "by_agency_type", "by_year")
UNKNOWN = ""


# --- counting ----------------------------------------------------------------------------------


def _count(key: Any, label: str, number: int, *, suppress: bool) -> dict:
    hidden = suppress and 0 < number < SMALL_COUNT_THRESHOLD
    return {
        "key": "" if key is None else str(key),
        "label": label,
        "count": None if hidden else number,
        "suppressed": hidden,
    }


def _grouped(queryset: QuerySet, key: Any) -> dict[Any, int]:
    """Count distinct rows of `queryset` by `key` (a field path or an expression)."""
    expression = F(key) if isinstance(key, str) else key
    rows = queryset.order_by().values(group=expression).annotate(n=Count("pk", distinct=True))
    return {row["group"]: row["n"] for row in rows}


def _labelled(
    counts: dict[Any, int],
    label_of: Callable[[Any], tuple[Any, str, Any]],
    *,
    suppress: bool,
) -> list[dict]:
    """Rows in a fixed order: `label_of(group)` gives (key, label, sort key)."""
    rows = []
    for group, number in counts.items():
        key, label, order = label_of(group)
        rows.append((order, _count(key, label, number, suppress=suppress)))
    rows.sort(key=lambda pair: pair[0])
    return [row for _order, row in rows]


class _Labels:
    """Names of the programs, services, states and topics the counts refer to (read once)."""

    def __init__(self) -> None:
        self.programs = {p.pk: p for p in Program.objects.all()}
        self.services = {s.pk: s for s in Service.objects.all()}
        self.states = {s.usps: s.name for s in State.objects.all()}
        self.topics = {t.pk: t for t in Topic.objects.all()}
        self.agency_types = dict(AgencyType.choices)

    def program(self, pk):
        program = self.programs.get(pk)
        if program is None:
            return (UNKNOWN, _("Not yet decided"), (9999, ""))
        return (program.slug, program.name, (program.order, program.name))

    def service(self, pk):
        service = self.services.get(pk)
        if service is None:
            return (UNKNOWN, _("No service named"), "~")
        return (service.slug, service.name, service.name)

    def state(self, usps):
        if not usps:
            return (UNKNOWN, _("Not recorded"), "~")
        return (usps, self.states.get(usps, usps), usps)

    def agency_type(self, value):
        if not value:
            return (UNKNOWN, _("Not recorded"), "~")
        label = str(self.agency_types.get(value, value))
        return (value, label, label)

    def year(self, value):
        return (value or UNKNOWN, str(value) if value else _("Not recorded"), value or 0)


def _dimensions(queryset: QuerySet, keys: dict[str, Any], labels: _Labels, *, suppress: bool):
    label_of = {
        "by_program": labels.program,
        "by_service": labels.service,
        "by_state": labels.state,
        "by_agency_type": labels.agency_type,
        "by_year": labels.year,
    }
    found: dict[str, Any] = {
        "total": _count("total", _("All"), queryset.count(), suppress=suppress)
    }
    for name in DIMENSIONS:
        found[name] = _labelled(_grouped(queryset, keys[name]), label_of[name], suppress=suppress)
    return found


def submitted_requests() -> QuerySet[AssistanceRequest]:
    """Requests that were submitted (a draft is nobody's business but its author's)."""
    return AssistanceRequest.objects.filter(submitted_at__isnull=False)


def _requests(labels: _Labels) -> dict:
    keys = {
        "by_program": Coalesce("decided_program", "recommended_program"),
        "by_service": "services",
        "by_state": Coalesce("agency__state__usps", "unlisted_state__usps"),
        "by_agency_type": Coalesce("agency__agency_type", "unlisted_agency_type"),
        "by_year": ExtractYear("submitted_at"),
    }
    return _dimensions(submitted_requests(), keys, labels, suppress=True)


def _engagements(labels: _Labels) -> dict:
    keys = {
        "by_program": "program",
        "by_service": "services",
        "by_state": "agency__state__usps",
        "by_agency_type": "agency__agency_type",
        "by_year": ExtractYear("created_at"),
    }
    return _dimensions(Engagement.objects.all(), keys, labels, suppress=False)


def _top_topics(labels: _Labels) -> list[dict]:
    counts = _grouped(submitted_requests().filter(topics__isnull=False), "topics")
    ranked = sorted(counts.items(), key=lambda item: (-item[1], labels.topics[item[0]].name))
    return [
        _count(labels.topics[pk].slug, labels.topics[pk].name, number, suppress=True)
        for pk, number in ranked[:TOP_TOPICS]
    ]


def _share(effective: int, answered: int) -> float | None:
    return round(effective / answered, 4) if answered else None


def _effective() -> dict:
    totals = [line for line in evaluation_metrics() if line.service is None]
    answered = sum(line.answered for line in totals)
    effective = sum(line.effective for line in totals)
    return {
        "answered": answered,
        "effective": effective,
        "share": _share(effective, answered),
        "by_program": [
            {
                "key": line.program.slug,
                "label": line.program.name,
                "answered": line.answered,
                "effective": line.effective,
                "share": _share(line.effective, line.answered),
            }
            for line in totals
        ],
    }


def _first_response() -> dict:
    pairs = submitted_requests().filter(first_response_at__isnull=False)
    days = [
        (responded - submitted).total_seconds() / 86400
        for submitted, responded in pairs.values_list("submitted_at", "first_response_at")
    ]
    hidden = 0 < len(days) < SMALL_COUNT_THRESHOLD
    median = round(statistics.median(days), 1) if days and not hidden else None
    return {"median_days": median, "measured": len(days), "suppressed": hidden}


def dashboard_compute(*, as_of: datetime.date) -> dict:
    """The dashboard's figures now, dated `as_of` (a fixed number of queries)."""
    labels = _Labels()
    return {
        "version": DASHBOARD_VERSION,
        "as_of": as_of.isoformat(),
        "suppress_below": SMALL_COUNT_THRESHOLD,
        "requests": _requests(labels),
        "engagements": _engagements(labels),
        "top_topics": _top_topics(labels),
        "effective": _effective(),
        "first_response": _first_response(),
    }


# --- publishing --------------------------------------------------------------------------------


def dashboard_publish(*, actor: Any) -> DashboardSnapshot:
    """Compute the figures and publish them (program staff; `actor` None is the scheduler,
    `manage.py dashboard_publish`). The public pages show them at once."""
    if actor is not None and not is_program_staff(actor):
        raise PermissionDenied(_("Only program staff publish the dashboard."))
    today = timezone.localdate()
    with transaction.atomic():
        snapshot = DashboardSnapshot(
            as_of=today,
            figures=dashboard_compute(as_of=today),
            published_at=timezone.now(),
            published_by=actor,
        )
        snapshot.full_clean()
        snapshot.save()
        event_record(
            actor=actor,
            verb="dashboard_published",
            target=snapshot,
            data={"as_of": today.isoformat()},
        )
        topic_changed("portal")
    return snapshot


# --- presenting --------------------------------------------------------------------------------

WIDTH, BAR_HEIGHT, GAP, LEFT, RIGHT = 560, 22, 10, 200, 110
COLOUR = "#005ea2"


def count_text(row: dict) -> str:
    if row.get("suppressed"):
        return _("fewer than %(n)s") % {"n": SMALL_COUNT_THRESHOLD}
    return f"{row['count']:,}"


def count_bars_svg(rows: list[dict], *, title: str, chart_id: str) -> str:
    """Horizontal bars of counts (suppressed counts draw no bar and say "fewer than 3")."""
    if not rows:
        return ""
    top = max((row["count"] or 0) for row in rows) or 1
    plot = WIDTH - LEFT - RIGHT
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    description = "; ".join(f"{row['label']}: {count_text(row)}" for row in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" font-family="Source Sans Pro, Helvetica, Arial, sans-serif" '
        f'font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = plot * (row["count"] or 0) / top
        label = str(row["label"])
        label = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" '
            f'fill="#1b1b1b">{escape(label)}</text>'
            f'<rect x="{LEFT}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{COLOUR}"/>'
            f'<text x="{LEFT + width + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" fill="#1b1b1b">'
            f"{escape(count_text(row))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
