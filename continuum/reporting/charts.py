"""A progress report's two charts, drawn server-side as SVG, and the data table beside each.

Both charts read a report's snapshot (see `snapshot.py`), never the register, so the web page,
the public page and the PDF show the same numbers. The SVG carries no script and no style
attribute (the site's content security policy forbids inline style): only SVG presentation
attributes. Each chart is an image with a title and a description (`role="img"`,
`aria-labelledby`), labels its values in text where they fit, and names every colour in a text
legend; the table beside it (`status_table`, `burndown_table`) holds exactly the same numbers.

Segment colours are USWDS palette colours with at least 4.5:1 contrast against white, so both
the segments (3:1 needed) and the white counts printed on them read; all other text is #1b1b1b.
The SVG has a viewBox and no fixed size: it takes the width of its container (the page keeps
the container to a readable width), so it never makes a narrow screen scroll sideways.
"""

from __future__ import annotations

import datetime
import textwrap
from html import escape

from django.utils import formats
from django.utils.translation import gettext as _

INK = "#1b1b1b"
GRID = "#a9aeb1"
WHITE = "#ffffff"
FONT = 'font-family="Source Sans Pro, Helvetica, Arial, sans-serif" font-size="13"'
#: Values that are not done and not excluded, in the scale's order (grey first: "not started").
WORKING = ("#71767a", "#c05600", "#005ea2", "#8168b3", "#1a4480", "#9c3d10", "#2e6276")
#: Values that count as done (greens).
DONE = ("#008817", "#216e1f", "#154c21")
#: Values left out of the denominator (browns), and recommendations with no status yet.
EXCLUDED = ("#936f38", "#8c471c")
UNSET = "#3d4551"
#: Burndown lines: open (red, circles) and done (green, squares).
OPEN_COLOUR, DONE_COLOUR = "#b50909", "#008817"

WIDTH = 720
LABEL_WIDTH = 230
RIGHT_MARGIN = 50
BAR_HEIGHT = 24
ROW_GAP = 12
LINE_HEIGHT = 15
CHAR_WIDTH = 7.0  # a generous average glyph width at 13px, for fitting text
WRAP = 30


# -- helpers ---------------------------------------------------------------------------------


def _svg_open(chart_id: str, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, content: str, *, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(content)}</text>"
    )


def _fits(content: str, width: float) -> bool:
    return len(content) * CHAR_WIDTH + 6 <= width


def _scale(snapshot: dict, scale_key: str) -> dict:
    for scale in snapshot["scales"]:
        if scale["key"] == scale_key:
            return scale
    raise KeyError(scale_key)


def _category_label(row: dict) -> str:
    if row["category"] is None:
        return _("No objective")
    return row["name"] or _("Objective %(number)s") % {"number": row["category"]}


def _date(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def _short_date(iso: str) -> str:
    return formats.date_format(_date(iso), "M j, Y")


# -- status by category ---------------------------------------------------------------------


def segment_colours(scale: dict) -> dict[str, str]:
    """A colour per value key of `scale`: greens for done, browns for excluded, others apart."""
    colours, counters = {}, {"done": 0, "excluded": 0, "working": 0}
    for value in scale["values"]:
        kind = "done" if value["done"] else "excluded" if value["excluded"] else "working"
        palette = {"done": DONE, "excluded": EXCLUDED, "working": WORKING}[kind]
        colours[value["key"]] = palette[counters[kind] % len(palette)]
        counters[kind] += 1
    return colours


def _segments(snapshot: dict, scale_key: str) -> tuple[list[dict], list[dict]]:
    """The legend entries (key, label, colour) and the chart rows (label, counts, total)."""
    scale = _scale(snapshot, scale_key)
    colours = segment_colours(scale)
    by_category = snapshot["figures"][scale_key]["by_category"]
    legend = [
        {"key": v["key"], "label": v["label"], "colour": colours[v["key"]]} for v in scale["values"]
    ]
    if any(row["unset"] for row in by_category):
        legend.append({"key": None, "label": _("No status yet"), "colour": UNSET})
    rows = [
        {
            "label": _category_label(row),
            "counts": [
                row["unset"] if entry["key"] is None else row["counts"][entry["key"]]
                for entry in legend
            ],
            "total": row["total"],
        }
        for row in by_category
    ]
    return legend, rows


def _legend(legend: list[dict], top: float) -> tuple[list[str], float]:
    parts, x, y = [], LABEL_WIDTH, top
    for entry in legend:
        width = 22 + len(entry["label"]) * CHAR_WIDTH + 18
        if x + width > WIDTH and x > LABEL_WIDTH:
            x, y = LABEL_WIDTH, y + LINE_HEIGHT + 8
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{entry["colour"]}"/>'
        )
        parts.append(_text(x + 20, y + 11.5, entry["label"]))
        x += width
    return parts, y + LINE_HEIGHT + 8


def _status_description(scale: dict, legend: list[dict], rows: list[dict]) -> str:
    lines = []
    for row in rows:
        counts = ", ".join(
            f"{entry['label']} {count}" for entry, count in zip(legend, row["counts"], strict=True)
        )
        lines.append(
            _("%(category)s: %(counts)s (%(total)s in all)")
            % {"category": row["label"], "counts": counts, "total": row["total"]}
        )
    return _("Recommendations by status (%(scale)s) in each objective. ") % {
        "scale": scale["name"]
    } + "; ".join(lines)


def status_by_category_svg(snapshot: dict, scale_key: str, *, chart_id: str) -> str:
    """One stacked horizontal bar per category, a segment per value of the scale, and a legend."""
    scale = _scale(snapshot, scale_key)
    legend, rows = _segments(snapshot, scale_key)
    if not rows:
        return ""
    top_total = max(row["total"] for row in rows) or 1
    plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
    body, y = [], 8.0
    for row in rows:
        lines = textwrap.wrap(row["label"], WRAP) or [""]
        row_height = max(BAR_HEIGHT, len(lines) * LINE_HEIGHT)
        bar_y = y + (row_height - BAR_HEIGHT) / 2
        first_line = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + 11.5
        for i, line in enumerate(lines):
            body.append(_text(LABEL_WIDTH - 10, first_line + i * LINE_HEIGHT, line, anchor="end"))
        x = float(LABEL_WIDTH)
        for entry, count in zip(legend, row["counts"], strict=True):
            if not count:
                continue
            width = plot * count / top_total
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{entry["colour"]}" stroke="{WHITE}" stroke-width="1">'
                f"<title>{escape(entry['label'])}: {count}</title></rect>"
            )
            if _fits(str(count), width):
                body.append(
                    _text(x + width / 2, bar_y + 16.5, str(count), anchor="middle", fill=WHITE)
                )
            x += width
        body.append(_text(x + 6, bar_y + 16.5, str(row["total"])))
        y += row_height + ROW_GAP
    legend_parts, height = _legend(legend, y + 4)
    title = _("Status by objective: %(scale)s") % {"scale": scale["name"]}
    desc = _status_description(scale, legend, rows)
    return "".join(
        [*_svg_open(chart_id, int(height + 4), title, desc), *body, *legend_parts, "</svg>"]
    )


def status_table(snapshot: dict, scale_key: str) -> dict:
    """The numbers of `status_by_category_svg`: a row per category, a column per value."""
    legend, rows = _segments(snapshot, scale_key)
    return {
        "columns": [_("Objective"), *(entry["label"] for entry in legend), _("Total")],
        "rows": [[row["label"], *row["counts"], row["total"]] for row in rows],
    }


# -- burndown --------------------------------------------------------------------------------

PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 90, 110, 16, 220


def _tick_step(value: int) -> int:
    """The smallest 1-2-5 step whose four ticks reach `value` (the y axis has five ticks)."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if 4 * multiple * magnitude >= value:
                return multiple * magnitude
        magnitude *= 10


def _x_positions(points: list[dict]) -> list[float]:
    plot = WIDTH - PLOT_LEFT - PLOT_RIGHT
    if len(points) == 1:
        return [PLOT_LEFT + plot / 2]
    dates = [_date(p["as_of"]) for p in points]
    span = (dates[-1] - dates[0]).days or 1
    return [PLOT_LEFT + plot * (d - dates[0]).days / span for d in dates]


def _y_axis(step: int) -> list[str]:
    parts, top = [], 4 * step
    for tick in range(0, top + 1, step):
        y = PLOT_TOP + PLOT_HEIGHT * (1 - tick / top)
        parts.append(
            f'<line x1="{PLOT_LEFT}" x2="{WIDTH - PLOT_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(PLOT_LEFT - 8, y + 4.5, str(tick), anchor="end"))
    middle = PLOT_TOP + PLOT_HEIGHT / 2
    parts.append(
        f'<text x="18" y="{middle:.1f}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 18 {middle:.1f})">{escape(_("Recommendations"))}</text>'
    )
    return parts


DATE_LABEL_GAP = 95  # px between the centres of two date labels ("Dec 31, 2026" is ~85 px)


def _labelled(xs: list[float]) -> set[int]:
    """The points whose date is printed: the last one, then leftwards each one far enough from
    the last printed (the table beside the chart has every date)."""
    chosen, last_x = set(), None
    for i in range(len(xs) - 1, -1, -1):
        if last_x is None or last_x - xs[i] >= DATE_LABEL_GAP:
            chosen.add(i)
            last_x = xs[i]
    return chosen


def _x_axis(points: list[dict], xs: list[float]) -> list[str]:
    base = PLOT_TOP + PLOT_HEIGHT
    parts = [
        f'<line x1="{PLOT_LEFT}" x2="{WIDTH - PLOT_RIGHT}" y1="{base}" y2="{base}" '
        f'stroke="{INK}" stroke-width="1"/>'
    ]
    labelled = _labelled(xs)
    for i, (point, x) in enumerate(zip(points, xs, strict=True)):
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}" stroke="{INK}"/>'
        )
        if i in labelled:
            parts.append(_text(x, base + 20, _short_date(point["as_of"]), anchor="middle"))
    parts.append(
        _text(
            PLOT_LEFT + (WIDTH - PLOT_LEFT - PLOT_RIGHT) / 2,
            base + 42,
            _("Report date"),
            anchor="middle",
        )
    )
    return parts


def _series(xs: list[float], ys: list[float], colour: str, marker: str) -> list[str]:
    parts = []
    if len(xs) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
    for x, y in zip(xs, ys, strict=True):
        if marker == "circle":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>')
        else:
            parts.append(
                f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}"/>'
            )
    return parts


def burndown_svg(snapshot: dict, *, chart_id: str) -> str:
    """Open and done recommendations over the report dates: two labelled lines with markers."""
    points = snapshot["burndown"]
    if not points:
        return ""
    step = _tick_step(max(max(p["open"], p["done"], p["denominator"]) for p in points))
    top = 4 * step
    xs = _x_positions(points)

    def y_of(value: int) -> float:
        return PLOT_TOP + PLOT_HEIGHT * (1 - value / top)

    open_ys = [y_of(p["open"]) for p in points]
    done_ys = [y_of(p["done"]) for p in points]
    last = points[-1]
    end_x = xs[-1] + 10
    open_label = _("Open: %(count)s") % {"count": last["open"]}
    done_label = _("Done: %(count)s") % {"count": last["done"]}
    open_y, done_y = open_ys[-1] + 4.5, done_ys[-1] + 4.5
    if abs(open_y - done_y) < LINE_HEIGHT:  # keep the two end labels apart
        shift = (LINE_HEIGHT - abs(open_y - done_y)) / 2
        if open_y <= done_y:
            open_y, done_y = open_y - shift, done_y + shift
        else:
            open_y, done_y = open_y + shift, done_y - shift
    body = [
        *_y_axis(step),
        *_x_axis(points, xs),
        *_series(xs, open_ys, OPEN_COLOUR, "circle"),
        *_series(xs, done_ys, DONE_COLOUR, "square"),
        _text(end_x, open_y, open_label),
        _text(end_x, done_y, done_label),
    ]
    legend_y = PLOT_TOP + PLOT_HEIGHT + 58
    body += [
        f'<circle cx="{PLOT_LEFT + 7}" cy="{legend_y - 4.5}" r="4.5" fill="{OPEN_COLOUR}"/>',
        _text(PLOT_LEFT + 18, legend_y, _("Open (counted and not done)")),
        f'<rect x="{PLOT_LEFT + 262}" y="{legend_y - 9}" width="9" height="9" '
        f'fill="{DONE_COLOUR}"/>',
        _text(PLOT_LEFT + 278, legend_y, _("Done")),
    ]
    title = _("Open and done recommendations by report date")
    desc = "; ".join(
        _("%(date)s: %(open)s open, %(done)s done")
        % {"date": _short_date(p["as_of"]), "open": p["open"], "done": p["done"]}
        for p in points
    )
    return "".join([*_svg_open(chart_id, int(legend_y + 12), title, desc), *body, "</svg>"])


def burndown_table(snapshot: dict) -> dict:
    """The numbers of `burndown_svg`: a row per report date."""
    return {
        "columns": [_("Report date"), _("Report"), _("Open"), _("Done"), _("Counted")],
        "rows": [
            [
                _date(p["as_of"]),
                p["report"] if p["report"] is not None else _("This report"),
                p["open"],
                p["done"],
                p["denominator"],
            ]
            for p in snapshot["burndown"]
        ],
    }
