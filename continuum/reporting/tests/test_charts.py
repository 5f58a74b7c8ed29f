"""The report charts are valid, titled SVG, and every number they show is in their data table."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from continuum.reporting import charts
from continuum.reporting.snapshot import burndown_point, figures

SVG = "{http://www.w3.org/2000/svg}"

PROGRESS = {
    "key": "progress",
    "name": "Progress",
    "values": [
        {"key": "not_started", "label": "Not started", "done": False, "excluded": False},
        {"key": "in_progress", "label": "In progress", "done": False, "excluded": False},
        {"key": "partial", "label": "Partially complete", "done": False, "excluded": False},
        {"key": "complete", "label": "Complete", "done": True, "excluded": False},
    ],
}
MONITOR = {
    "key": "monitor",
    "name": "Monitor",
    "values": [
        {"key": "not_assessed", "label": "Not yet assessed", "done": False, "excluded": False},
        {"key": "full", "label": "Full compliance", "done": True, "excluded": False},
        {"key": "unable", "label": "Unable to assess", "done": False, "excluded": True},
    ],
}


def _row(i: int, category, progress: str | None, monitor: str | None) -> dict:
    status = {}
    if progress:
        status["progress"] = progress
    if monitor:
        status["monitor"] = monitor
    return {
        "id": f"{i}.1",
        "finding": i,
        "number": 1,
        "category": category,
        "text": f"Recommendation {i}",
        "priority": "medium",
        "unit": "",
        "target_on": None,
        "status": status,
        "external_blockers": [],
    }


def snapshot_of(rows: list[dict], burndown: list[dict] | None = None) -> dict:
    snap = {
        "version": 1,
        "as_of": "2026-11-30",
        "engagement": {"title": "T", "agency": "A", "state": "CA", "program": "P"},
        "scales": [PROGRESS, MONITOR],
        "primary_scale": "progress",
        "categories": [
            {"number": 1, "name": "Use of force"},
            {"number": 2, "name": "Recruitment, hiring and personnel practices & <others>"},
        ],
        "findings": [],
        "recommendations": rows,
        "changes": [],
        "caveats": "",
        "validator_notes": "",
        "corrects": None,
    }
    snap["figures"] = figures(snap)
    snap["burndown"] = [*(burndown or []), burndown_point(snap, None)]
    return snap


@pytest.fixture
def snapshot() -> dict:
    progress = ["not_started", "in_progress", "partial", "complete"]
    rows = [_row(i, 1, progress[i % 4], "full" if i % 3 else "unable") for i in range(1, 23)]
    rows += [_row(i, 2, "complete", "not_assessed") for i in range(23, 30)]
    rows += [_row(30, None, "in_progress", None), _row(31, None, None, None)]
    earlier = [
        {"as_of": "2025-12-31", "report": 1, "done": 2, "denominator": 31, "open": 29},
        {"as_of": "2026-06-30", "report": 2, "done": 9, "denominator": 31, "open": 22},
    ]
    return snapshot_of(rows, earlier)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 (our own output) raises unless well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert "style" not in svg and "<script" not in svg
    return root


def shown_numbers(root: ET.Element) -> list[int]:
    """The integers drawn as text on the chart, outside the axis ticks."""
    found = []
    for text in root.iter(f"{SVG}text"):
        found += [int(n) for n in re.findall(r"\d+", text.text or "")]
    return found


def test_status_chart_is_valid_and_every_count_is_in_its_table(snapshot):
    svg = charts.status_by_category_svg(snapshot, "progress", chart_id="status-progress")
    root = parse(svg)
    table = charts.status_table(snapshot, "progress")
    assert table["columns"] == [
        "Objective",
        "Not started",
        "In progress",
        "Partially complete",
        "Complete",
        "No status yet",
        "Total",
    ]
    by_label = {row[0]: row[1:] for row in table["rows"]}
    assert by_label["Use of force"] == [5, 6, 6, 5, 0, 22]
    assert by_label["No objective"] == [0, 1, 0, 0, 1, 2]
    assert list(by_label)[1].startswith("Recruitment, hiring")
    table_numbers = {n for row in table["rows"] for n in row[1:]}
    assert set(shown_numbers(root)) <= table_numbers
    # each segment's count is named in its tooltip, and each non-zero count is a segment
    segments = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    tips = sorted(r.find(f"{SVG}title").text for r in segments)
    expected = sorted(
        f"{label}: {count}"
        for row in table["rows"]
        for label, count in zip(table["columns"][1:-1], row[1:-1], strict=True)
        if count
    )
    assert tips == expected
    # the legend names every value, in words
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert set(table["columns"][1:-1]) <= texts
    assert "&lt;others&gt;" in svg  # names are escaped


def test_status_chart_colours_follow_the_scale_and_contrast_with_white(snapshot):
    colours = charts.segment_colours(MONITOR)
    assert colours["full"] in charts.DONE and colours["unable"] in charts.EXCLUDED
    assert len(set(charts.segment_colours(PROGRESS).values())) == 4

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (*charts.WORKING, *charts.DONE, *charts.EXCLUDED, charts.UNSET):
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour
    monitor = charts.status_by_category_svg(snapshot, "monitor", chart_id="m")
    parse(monitor)
    assert charts.status_table(snapshot, "monitor")["rows"][0][1:] == [0, 15, 7, 0, 22]


def test_status_chart_without_uncategorized_rows_has_no_such_bar():
    snap = snapshot_of([_row(1, 1, "complete", "full"), _row(2, 2, "in_progress", "full")])
    table = charts.status_table(snap, "progress")
    assert [row[0] for row in table["rows"]][0] == "Use of force"
    assert "No objective" not in [row[0] for row in table["rows"]]
    assert "No status yet" not in table["columns"]
    root = parse(charts.status_by_category_svg(snap, "progress", chart_id="p"))
    assert "No objective" not in {t.text for t in root.iter(f"{SVG}text")}


def test_burndown_chart_draws_both_lines_and_its_table_holds_the_same_points(snapshot):
    root = parse(charts.burndown_svg(snapshot, chart_id="burndown"))
    table = charts.burndown_table(snapshot)
    assert table["columns"] == ["Report date", "Report", "Open", "Done", "Counted"]
    assert [row[1:] for row in table["rows"]] == [
        [1, 29, 2, 31],
        [2, 22, 9, 31],
        ["This report", 19, 12, 31],
    ]
    assert [str(row[0]) for row in table["rows"]] == ["2025-12-31", "2026-06-30", "2026-11-30"]
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2 and all(len(line.get("points").split()) == 3 for line in lines)
    assert len(list(root.iter(f"{SVG}circle"))) == 3 + 1  # open markers and the legend's
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Open: 19", "Done: 12", "Report date", "Recommendations"} <= texts
    desc = root.find(f"{SVG}desc").text
    for row in table["rows"]:
        assert f"{row[2]} open, {row[3]} done" in desc


def test_burndown_with_one_point_draws_markers_and_no_line():
    snap = snapshot_of([_row(1, 1, "complete", "full"), _row(2, 1, "not_started", "full")])
    root = parse(charts.burndown_svg(snap, chart_id="b"))
    assert not list(root.iter(f"{SVG}polyline"))
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Open: 1", "Done: 1", "Nov 30, 2026"} <= texts
    assert charts.burndown_table(snap)["rows"][0][1:] == ["This report", 1, 1, 2]


@pytest.mark.parametrize(
    ("value", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (31, 10), (268, 100), (300, 100)]
)
def test_the_y_axis_reaches_the_largest_value(value, step):
    assert charts._tick_step(value) == step and 4 * step >= value


def test_date_labels_never_crowd_and_the_last_date_is_always_printed():
    assert charts._labelled([100.0]) == {0}
    assert charts._labelled([90.0, 300.0, 610.0]) == {0, 1, 2}
    # two reports a week apart: only the later date is printed under them
    assert charts._labelled([90.0, 600.0, 610.0]) == {0, 2}
    many = [90.0 + 10 * i for i in range(53)]
    chosen = sorted(charts._labelled(many))
    assert chosen[-1] == 52
    gaps = [many[b] - many[a] for a, b in itertools.pairwise(chosen)]
    assert min(gaps) >= charts.DATE_LABEL_GAP
