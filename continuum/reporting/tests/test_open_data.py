"""Open data: the downloads page, and each dataset as CSV and JSON (published material only;
spreadsheet formulas written as text)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.recommendations.models import Recommendation
from continuum.reporting.choices import ReportState
from continuum.reporting.dashboard import dashboard_publish
from continuum.reporting.opendata import DATASETS

from .portal_world import listed_world, report_publish, status_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]


def download(name: str, fmt: str):
    response = Client().get(reverse("portal:download", kwargs={"name": name, "fmt": fmt}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="continuum-{name}.{fmt}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    if fmt == "json":
        return json.loads(content)
    return list(csv.DictReader(io.StringIO(content)))


def test_the_open_data_page_links_every_download():
    text = Client().get(reverse("portal:open_data")).content.decode()
    for name in DATASETS:
        for fmt in ("csv", "json"):
            assert reverse("portal:download", kwargs={"name": name, "fmt": fmt}) in text


def test_engagements_and_reports_are_the_published_ones():
    world = listed_world(slug="anytown-oa")
    first = report_publish(world, as_of=datetime.date(2026, 6, 30))
    report_publish(world, as_of=datetime.date(2026, 11, 30), previous=first)
    report_publish(world, as_of=datetime.date(2026, 12, 1), state=ReportState.DRAFT)
    hidden = listed_world(slug="hidden", listed=False)
    report_publish(hidden, as_of=datetime.date(2026, 6, 30))
    for fmt in ("csv", "json"):
        assert [row["slug"] for row in download("engagements", fmt)] == ["anytown-oa"]
        reports = download("reports", fmt)
        # one row per report and scale (progress, monitor)
        assert sorted({(r["engagement"], str(r["number"])) for r in reports}) == [
            ("anytown-oa", "1"),
            ("anytown-oa", "2"),
        ]
        assert {r["scale"] for r in reports} == {"progress", "monitor"}


def test_recommendations_come_from_the_latest_published_report_and_formulas_stay_text():
    world = listed_world(slug="anytown-oa", recommendations=2)
    recs = list(Recommendation.objects.filter(engagement=world.engagement).order_by("pk"))
    Recommendation.objects.filter(pk=recs[0].pk).update(text='=HYPERLINK("http://x")')
    status_set(world, recs[0], "complete")
    first = report_publish(world, as_of=datetime.date(2026, 6, 30))
    Recommendation.objects.filter(pk=recs[1].pk).update(text="Changed after publication.")
    rows = download("recommendations", "csv")
    progress = [r for r in rows if r["scale"] == "progress"]
    assert [r["id"] for r in progress] == ["1.1", "1.2"]
    assert progress[0]["text"] == '\'=HYPERLINK("http://x")'
    assert progress[0]["status"] == "complete" and progress[0]["status_label"] == "Complete"
    assert progress[0]["objective"] == "Use of Force" and progress[0]["report_number"] == "1"
    assert "Changed after publication." not in {r["text"] for r in rows}
    records = download("recommendations", "json")
    assert records[0]["text"] == '=HYPERLINK("http://x")'  # JSON keeps the text as it is
    assert {r["report_number"] for r in records} == {first.number}


def test_the_dashboard_in_long_format_and_as_published():
    assert download("dashboard", "csv") == []
    assert download("dashboard", "json") == {"as_of": None, "published_at": None, "figures": None}
    dashboard_publish(actor=ProgramStaffFactory())
    rows = download("dashboard", "csv")
    assert {"section", "dimension", "key", "label", "count", "suppressed"} == set(rows[0])
    totals = [r for r in rows if r["dimension"] == "total"]
    assert {r["section"] for r in totals} == {"requests", "engagements"}
    body = download("dashboard", "json")
    assert body["as_of"] == "2026-12-03" and body["figures"]["version"] == 1


def test_an_unknown_download_is_not_found():
    assert Client().get("/public/data/secrets.csv").status_code == 404
    assert Client().get("/public/data/engagements.xlsx").status_code == 404
