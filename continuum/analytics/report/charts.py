"""Accessible SVG bar charts with interval whiskers, drawn server-side (no script, no style).

Each chart has a title and a description for screen readers; the report always shows the
chart's data table beside it.
"""

from __future__ import annotations

from html import escape

WIDTH, BAR_HEIGHT, GAP, LEFT, RIGHT = 560, 22, 10, 190, 70
COLOURS = ("#005ea2", "#1a4480", "#00bde3", "#e5a000", "#d83933", "#538200")


def _fmt(value: float, percent: bool) -> str:
    if value != value:
        return "–"
    return f"{100 * value:.1f}%" if percent else f"{value:.2f}"


def bar_chart(
    rows: list[dict],
    *,
    title: str,
    chart_id: str,
    percent: bool = True,
    reference_line: float | None = None,
) -> str:
    """Horizontal bars: each row has label, value and optionally low/high."""
    rows = [r for r in rows if r.get("value") == r.get("value")]
    if not rows:
        return ""
    top = max(max(r.get("high", r["value"]) or 0, r["value"]) for r in rows)
    top = max(top, reference_line or 0) * 1.1 or 1.0
    plot = WIDTH - LEFT - RIGHT
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" font-family="Source Sans Pro, Helvetica, Arial, sans-serif" '
        f'font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(rows, percent))}</desc>',
    ]
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = plot * row["value"] / top
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" '
            f'fill="#1b1b1b">{escape(str(row["label"]))}</text>'
            f'<rect x="{LEFT}" y="{y}" width="{max(width, 0):.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"/>'
        )
        low, high = row.get("low"), row.get("high")
        if low is not None and high is not None and low == low and high == high:
            x1, x2 = LEFT + plot * low / top, LEFT + plot * high / top
            mid = y + BAR_HEIGHT / 2
            parts.append(
                f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{mid}" y2="{mid}" stroke="#1b1b1b" '
                f'stroke-width="2"/><line x1="{x1:.1f}" x2="{x1:.1f}" y1="{mid - 5}" '
                f'y2="{mid + 5}" stroke="#1b1b1b" stroke-width="2"/><line x1="{x2:.1f}" '
                f'x2="{x2:.1f}" y1="{mid - 5}" y2="{mid + 5}" stroke="#1b1b1b" stroke-width="2"/>'
            )
        end = LEFT + max(width, 0) if high is None or high != high else LEFT + plot * high / top
        parts.append(
            f'<text x="{end + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" fill="#1b1b1b">'
            f"{_fmt(row['value'], percent)}</text>"
        )
    if reference_line is not None:
        x = LEFT + plot * reference_line / top
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 20}" stroke="#71767a" '
            f'stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(rows, percent) -> str:
    return "; ".join(f"{r['label']}: {_fmt(r['value'], percent)}" for r in rows)
