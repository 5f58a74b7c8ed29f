"""The register as a tracking matrix (CSV and XLSX): one row per recommendation.

Columns: objective, concept, finding #, finding, rec #, recommendation, priority, one status
column per scale, bureau/unit and the owner chain. The import maps these headers by default,
so an exported register imports again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from continuum.engagements.models import Engagement

from .policy import RECOMMENDATIONS
from .selectors import engagement_scales, statuses_of

#: Cells a spreadsheet would run as a formula start with these: they are written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def matrix_headers(scales: list[Any]) -> list[str]:
    status_headers = [
        _("Status") if index == 0 else _("Status (%(scale)s)") % {"scale": scale.name}
        for index, scale in enumerate(scales)
    ] or [_("Status")]
    return [
        _("Objective"),
        _("Concept"),
        _("Finding #"),
        _("Finding"),
        _("Rec #"),
        _("Recommendation"),
        _("Priority"),
        *status_headers,
        _("Bureau/Unit"),
        _("Executive sponsor"),
        _("Manager"),
        _("Case manager"),
        _("Target date"),
    ]


def matrix_rows(viewer: Any, engagement: Engagement) -> tuple[list[str], Iterator[list[Any]]]:
    scales = engagement_scales(viewer, engagement)
    statuses = statuses_of(engagement, scales)
    recommendations = (
        RECOMMENDATIONS.queryset(viewer)
        .filter(engagement=engagement)
        .select_related("finding__category")
        .order_by("finding__number", "number")
    )

    def rows() -> Iterator[list[Any]]:
        for rec in recommendations.iterator(chunk_size=500):
            finding = rec.finding
            values = statuses.get(rec.pk, {})
            status_cells = [
                values[scale.pk].label if scale.pk in values else "" for scale in scales
            ] or [""]
            yield [
                finding.category.name if finding.category else "",
                rec.concept,
                finding.number,
                finding.statement,
                rec.label,
                rec.text,
                rec.get_priority_display() if rec.priority else "",
                *status_cells,
                rec.responsible_unit,
                rec.executive_sponsor,
                rec.manager,
                rec.case_manager,
                rec.target_on.isoformat() if rec.target_on else "",
            ]

    return matrix_headers(scales), rows()


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def matrix_csv(viewer: Any, engagement: Engagement) -> bytes:
    headers, rows = matrix_rows(viewer, engagement)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def matrix_xlsx(viewer: Any, engagement: Engagement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    headers, rows = matrix_rows(viewer, engagement)
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Tracking matrix")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    # Rec # stays text, so 66.10 never becomes 66.1.
    rec_column = headers.index(_("Rec #")) + 1
    for (cell,) in sheet.iter_rows(min_row=2, min_col=rec_column, max_col=rec_column):
        cell.number_format = "@"
    for column in ("D", "F"):
        sheet.column_dimensions[column].width = 60
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=ord(column) - 64, max_col=ord(column) - 64
        ):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
