"""Rendering the audit report as HTML (Jinja2) and PDF (WeasyPrint)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..analyses.base import race_label
from ..i18n import _
from .charts import bar_chart

HERE = Path(__file__).resolve().parent
PERCENT_WORDS = ("share", "rate", "threshold")


def _is_percent(column: str, value_column: str | None = None) -> bool:
    name = value_column if column in ("low", "high") and value_column else column
    return any(word in name for word in PERCENT_WORDS) and "ratio" not in name


def _cell(column: str, value, value_column=None) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) or (hasattr(value, "is_integer") and column in ("stops", "count")):
        try:
            return f"{int(value):,}"
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float):
        if value != value:
            return "–"
        if _is_percent(column, value_column):
            return f"{100 * value:.1f}%"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    if column in ("subject_race", "race"):
        return race_label(value)
    return str(value)


def _table(frame, value_column=None) -> dict:
    if frame is None:
        return {"columns": [], "rows": []}
    columns = [c for c in frame.columns if c not in ("sd",)]
    rows = [
        [_cell(c, _native(v), value_column) for c, v in zip(columns, record, strict=True)]
        for record in frame[columns].itertuples(index=False)
    ]
    return {"columns": [c.replace("_", " ") for c in columns], "rows": rows}


def _native(value):
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    if value is not None and value != value:
        return float("nan")
    return value


def _charts(analysis, index: int) -> list[str]:
    spec = analysis.chart
    frame = analysis.table
    if not spec or frame is None or spec["value"] not in frame:
        return []
    groups = [(None, frame)]
    if spec.get("facet"):
        groups = list(frame.groupby(spec["facet"], sort=False))
    out = []
    for n, (facet, part) in enumerate(groups):
        rows = []
        for record in part.to_dict(orient="records"):
            label = record.get(spec["label"])
            if spec["label"] in ("subject_race", "race"):
                label = race_label(label)
            rows.append(
                {
                    "label": label if label == label and label is not None else _("not recorded"),
                    "value": float(record[spec["value"]]),
                    "low": float(record[spec["low"]]) if spec.get("low") else None,
                    "high": float(record[spec["high"]]) if spec.get("high") else None,
                }
            )
        title = analysis.title + (f": {str(facet).replace('_', ' ')}" if facet else "")
        percent = _is_percent(spec["value"])
        reference = 1.0 if "ratio" in spec["value"] else None
        svg = bar_chart(
            rows[:40],
            title=title,
            chart_id=f"chart-{index}-{n}",
            percent=percent,
            reference_line=reference,
        )
        out.append({"caption": title, "svg": svg})
    return [chart for chart in out if chart["svg"]]


def _coverage(report) -> list[dict]:
    if not report.coverage:
        return []
    columns = [c for c in report.coverage[0] if c not in ("month", "rows")]
    summary = []
    for column in columns:
        shares = [row[column] for row in report.coverage]
        gaps = [row["month"] for row in report.coverage if row[column] < 0.9]
        summary.append(
            {
                "column": column,
                "lowest": f"{100 * min(shares):.1f}%",
                "months_below_90": ", ".join(gaps[:12]) + (" …" if len(gaps) > 12 else ""),
            }
        )
    return summary


def report_context(result) -> dict:
    import yaml

    analyses = []
    for index, analysis in enumerate(result.analyses):
        value_column = (analysis.chart or {}).get("value")
        analyses.append(
            {
                "title": analysis.title,
                "available": analysis.available,
                "reason": analysis.reason,
                "reading": analysis.reading,
                "charts": _charts(analysis, index) if analysis.available else [],
                "table": _table(analysis.table, value_column) if analysis.available else None,
                "anchor": f"analysis-{index}",
            }
        )
    repro = dict(result.reproducibility)
    return {
        "title": _("Stop-data bias audit"),
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "validation": result.validation,
        "problems": [p.as_dict() for p in result.validation.problems.values()],
        "coverage": _coverage(result.validation),
        "log": result.log.as_list(),
        "analyses": analyses,
        "repro": repro,
        "mapping_yaml": yaml.safe_dump(repro.get("mapping"), sort_keys=False, allow_unicode=True),
        "parameters_yaml": yaml.safe_dump(repro.get("parameters"), sort_keys=False),
        "_": _,
    }


def report_html(result) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    return env.get_template("report.html.j2").render(**report_context(result))


def report_write(result, out: Path, *, pdf: bool = True) -> dict:
    """Write report.html (+ report.css) and, when asked, report.pdf. Returns the paths."""
    html = report_html(result)
    css = (HERE / "templates" / "report.css").read_text(encoding="utf-8")
    files = {"html": out / "report.html", "css": out / "report.css"}
    files["html"].write_text(html, encoding="utf-8")
    files["css"].write_text(css, encoding="utf-8")
    if pdf:
        from weasyprint import CSS, HTML

        files["pdf"] = out / "report.pdf"
        HTML(string=html, base_url=str(out)).write_pdf(files["pdf"], stylesheets=[CSS(string=css)])
    return files
