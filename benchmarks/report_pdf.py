#!/usr/bin/env python
"""Times rendering a progress report's PDF (WeasyPrint) for a 300-recommendation register.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/report_pdf.py                  # 300 recommendations, 3 runs
    .venv/bin/python benchmarks/report_pdf.py --recommendations 600 --repeat 5 --out /tmp/r.pdf

It builds a synthetic register in memory (5 objectives, findings of 1 to 6 recommendations,
statuses on the progress and monitor scales, a few outside blockers), makes its snapshot with the
functions the app uses (`snapshot.figures`, `changes_between`, `burndown_point`; four earlier
reports give the burndown its points and the changes their "previous report"), then renders the
PDF exactly as publication does (`services.reports.report_pdf_bytes`: `report_pdf.html`, which
includes the page's `_report_body.html`, with both kinds of chart and every table) and reports
the median of the runs, the page count and the size. No database is needed: the renderer reads
only the report row's fields and its snapshot. The figures go in docs/performance.md under
"Progress report PDF".
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import random
import statistics
import time

from common import django_setup
from machine_info import machine

OBJECTIVES = [
    "Use of force",
    "Bias",
    "Community policing",
    "Accountability",
    "Recruitment, hiring and personnel practices",
]
PROGRESS = [
    ("not_started", "Not started", False, False),
    ("in_progress", "In progress", False, False),
    ("partial", "Partially complete", False, False),
    ("complete", "Complete", True, False),
]
MONITOR = [
    ("not_assessed", "Not yet assessed", False, False),
    ("preliminary", "Preliminary", False, False),
    ("secondary", "Secondary", False, False),
    ("full", "Full compliance", True, False),
    ("unable", "Unable to assess", False, True),
]
REPORT_DATES = ["2024-06-30", "2024-12-31", "2025-06-30", "2025-12-31", "2026-06-30"]


def _scale(key: str, name: str, values) -> dict:
    return {
        "key": key,
        "name": name,
        "values": [
            {"key": k, "label": label, "done": done, "excluded": excluded}
            for k, label, done, excluded in values
        ],
    }


def _register(size: int, rng: random.Random) -> tuple[list, list]:
    findings, rows, finding = [], [], 0
    per_objective = size // len(OBJECTIVES)
    for category, _name in enumerate(OBJECTIVES, start=1):
        made = 0
        while made < per_objective or (category == len(OBJECTIVES) and len(rows) < size):
            finding += 1
            findings.append(
                {
                    "number": finding,
                    "statement": f"Finding {finding}: the department lacks a clear practice.",
                    "category": category,
                }
            )
            for number in range(1, rng.randint(1, 6) + 1):
                if len(rows) >= size or (made >= per_objective and category < len(OBJECTIVES)):
                    break
                rows.append(
                    {
                        "id": f"{finding}.{number}",
                        "finding": finding,
                        "number": number,
                        "category": category,
                        "text": (
                            f"Recommendation {finding}.{number}: the department should write, "
                            "train on and audit a policy that sets out what officers must do, "
                            "and report on it to the community every year."
                        ),
                        "priority": rng.choice(["low", "medium", "high"]),
                        "unit": "Professional Standards Bureau",
                        "target_on": None,
                        "status": {},
                        "external_blockers": (
                            [{"kind": "union_bargaining", "party": "Police Officers Association"}]
                            if rng.random() < 0.04
                            else []
                        ),
                    }
                )
                made += 1
    return findings, rows


def _advance(rows: list, rng: random.Random, step: int) -> None:
    """Statuses move forward (mostly) from one report to the next."""
    for row in rows:
        progress = min(3, max(0, step - 1 + rng.choice([-1, 0, 0, 1])))
        monitor = 4 if rng.random() < 0.03 else min(3, max(0, step - 2 + rng.choice([0, 1])))
        row["status"] = {"progress": PROGRESS[progress][0], "monitor": MONITOR[monitor][0]}


def snapshot_build(size: int, seed: int = 7) -> dict:
    from continuum.reporting.snapshot import burndown_point, changes_between, figures

    rng = random.Random(seed)
    findings, rows = _register(size, rng)
    previous, points = None, []
    for step, as_of in enumerate(REPORT_DATES, start=1):
        _advance(rows, rng, step)
        snapshot = {
            "version": 1,
            "as_of": as_of,
            "engagement": {
                "title": "Organizational assessment of the Bayside Police Department",
                "agency": "Bayside Police Department",
                "state": "CA",
                "program": "Organizational Assessment",
            },
            "scales": [
                _scale("progress", "Progress", PROGRESS),
                _scale("monitor", "Monitor", MONITOR),
            ],
            "primary_scale": "progress",
            "categories": [{"number": i, "name": n} for i, n in enumerate(OBJECTIVES, start=1)],
            "findings": findings,
            "recommendations": copy.deepcopy(rows),
            "caveats": "Figures count the recommendations the validators have checked.",
            "validator_notes": "Evidence for the use-of-force recommendations was checked on site.",
            "corrects": None,
        }
        snapshot["figures"] = figures(snapshot)
        snapshot["changes"] = changes_between(previous, snapshot)
        snapshot["burndown"] = [*points, burndown_point(snapshot, step)]
        points = snapshot["burndown"]
        previous = snapshot
    return previous


def _page_count(report) -> int:
    """How many pages the PDF has (laid out once more, untimed)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from continuum.reporting.presentation import report_context

    html = render_to_string("reporting/report_pdf.html", report_context(report, chart_prefix="pdf"))
    return len(HTML(string=html).render().pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recommendations", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="write the last PDF here")
    args = parser.parse_args()
    django_setup()
    from django.utils import timezone

    from continuum.reporting.choices import ReportState
    from continuum.reporting.models import ProgressReport
    from continuum.reporting.services.reports import report_pdf_bytes

    started = time.perf_counter()
    snapshot = snapshot_build(args.recommendations)
    build_seconds = time.perf_counter() - started
    report = ProgressReport(
        number=len(REPORT_DATES),
        title=f"Progress report {len(REPORT_DATES)}",
        as_of=datetime.date.fromisoformat(snapshot["as_of"]),
        state=ReportState.PUBLISHED,
        published_at=timezone.now(),
        snapshot=snapshot,
    )
    timings, pdf = [], b""
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf = report_pdf_bytes(report)
        timings.append(time.perf_counter() - started)
    if args.out:
        with open(args.out, "wb") as out:
            out.write(pdf)
    pages = _page_count(report)
    print(
        json.dumps(
            {
                "recommendations": len(snapshot["recommendations"]),
                "snapshot_build_seconds": round(build_seconds, 3),
                "pdf_seconds_median": round(statistics.median(timings), 2),
                "pdf_seconds_runs": [round(t, 2) for t in timings],
                "pages": pages,
                "pdf_bytes": len(pdf),
                "machine": machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
