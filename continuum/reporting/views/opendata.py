"""Open data pages (issue 10 §6): the list of downloads, and each dataset as CSV or JSON.

Downloads stream (a row at a time, a report's snapshot at a time), so they are not kept in the
page cache; the list page is. CSV cells a spreadsheet would run as a formula are written as
text (as the register's export does)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from continuum.core.cache import public_page
from continuum.recommendations.exporting import FORMULA_STARTS

from .. import opendata, public

DESCRIPTIONS = {
    "engagements": _("Listed engagements: agency, program, services, topics and start date."),
    "reports": _(
        "Published progress reports with their overall figures: a row for each report and "
        "status scale (total, done, counted, share done)."
    ),
    "recommendations": _(
        "Every recommendation of each engagement's latest published report, with its status "
        "on each scale."
    ),
    "dashboard": _(
        "The national dashboard's latest published figures (in CSV: one count per row). "
        "Where fewer than 3 requests share a group, the count is empty and marked suppressed."
    ),
}
TITLES = {
    "engagements": _("Engagements"),
    "reports": _("Progress reports"),
    "recommendations": _("Recommendations and their statuses"),
    "dashboard": _("National dashboard"),
}


class _Echo:
    """A file-like object whose write returns what it was given (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_stream(columns: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def json_stream(columns: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    yield "["
    first = True
    for record in opendata.records(columns, rows):
        yield ("" if first else ",") + json.dumps(record, cls=DjangoJSONEncoder)
        first = False
    yield "]"


@login_not_required
@require_GET
@public_page("portal")
def open_data(request):
    """The downloads: each dataset in CSV and JSON."""
    datasets = [
        {"name": name, "title": TITLES[name], "description": DESCRIPTIONS[name]}
        for name in opendata.DATASETS
    ]
    return render(request, "reporting/portal/open_data.html", {"datasets": datasets})


def _dashboard_json() -> JsonResponse:
    snapshot = public.latest_dashboard()
    body = {
        "as_of": snapshot.as_of if snapshot else None,
        "published_at": snapshot.published_at if snapshot else None,
        "figures": snapshot.figures if snapshot else None,
    }
    return JsonResponse(body, encoder=DjangoJSONEncoder)


@login_not_required
@require_GET
def download(request, name: str, fmt: str):
    """One dataset as CSV or JSON, streamed."""
    if name not in opendata.DATASETS or fmt not in opendata.FORMATS:
        raise Http404("No such download.")
    if name == "dashboard" and fmt == "json":
        response = _dashboard_json()
    else:
        columns, rows = opendata.dataset(name)
        if fmt == "csv":
            response = StreamingHttpResponse(
                csv_stream(columns, rows), content_type="text/csv; charset=utf-8"
            )
        else:
            response = StreamingHttpResponse(
                json_stream(columns, rows), content_type="application/json"
            )
    response["Content-Disposition"] = f'attachment; filename="continuum-{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
