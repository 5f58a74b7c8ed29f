"""The public API (/api/v1/public/...): no token, published material only, 404 for the rest."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.documents.choices import PUBLIC, TEAM
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.recommendations.models import Recommendation
from continuum.reporting.choices import ReportState
from continuum.reporting.dashboard import dashboard_publish
from continuum.reporting.snapshot import figures
from continuum.reporting.tests.factories import ReportDueFactory

from .portal_world import listed_world, report_publish, status_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]


def api(name: str, **kwargs):
    return Client().get(reverse(f"api-1.0.0:{name}", kwargs=kwargs or None))


def test_the_list_needs_no_token_and_shows_listed_engagements_only():
    world = listed_world(slug="anytown-oa", agency_name="Anytown Police Department")
    status_set(
        world, Recommendation.objects.filter(engagement=world.engagement).first(), "complete"
    )
    report = report_publish(world, as_of=datetime.date(2026, 6, 30))
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 11, 30))
    listed_world(slug="hidden", listed=False)

    response = api("public_engagement_list")
    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body["items"]] == ["anytown-oa"]
    item = body["items"][0]
    assert item["latest_report"] == {
        "id": str(report.public_id),
        "number": 1,
        "title": "",
        "as_of": "2026-06-30",
        "share_done": 0.25,
    }
    assert item["report_overdue"] is True
    assert body["next"] is None


def test_the_list_filters_pages_and_refuses_a_broken_cursor():
    for n in range(3):
        listed_world(agency_name=f"Agency {n} Police Department")
    listed_world(agency_name="Lakeside Sheriff's Office", agency_state="WA")
    url = reverse("api-1.0.0:public_engagement_list")
    client = Client()
    assert [i["agency_name"] for i in client.get(url, {"state": "WA"}).json()["items"]] == [
        "Lakeside Sheriff's Office"
    ]
    first = client.get(url, {"limit": 2, "q": "agency"}).json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(url, {"limit": 2, "q": "agency", "after": first["next"]}).json()
    assert [i["agency_name"] for i in second["items"]] == ["Agency 2 Police Department"]
    broken = client.get(url, {"after": "broken"})
    assert broken.status_code == 422 and broken.json()["detail"]


def _list_queries(count: int) -> int:
    for n in range(count):
        world = listed_world(agency_name=f"Count {count}-{n} Police Department")
        report_publish(world, as_of=datetime.date(2026, 6, 30))
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(
            reverse("api-1.0.0:public_engagement_list"), {"q": f"Count {count}-"}
        )
    assert len(response.json()["items"]) == count
    return len(queries)


def test_the_list_keeps_a_constant_query_count():
    assert _list_queries(1) == _list_queries(4)


def test_one_engagement_with_its_reports_dues_and_public_documents():
    world = listed_world(slug="anytown-oa")
    first = report_publish(world, as_of=datetime.date(2026, 6, 30))
    report_publish(world, as_of=datetime.date(2026, 11, 30), previous=first)
    report_publish(world, as_of=datetime.date(2026, 12, 1), state=ReportState.DRAFT)
    ReportDueFactory(
        engagement=world.engagement, due_on=datetime.date(2026, 6, 30), fulfilled_by=first
    )
    for visibility, name in ((PUBLIC, "public-summary.pdf"), (TEAM, "team-notes.pdf")):
        document_attach(
            actor=world.staff,
            target=world.engagement,
            upload=Upload(file=upload(name, files.PDF), kind="report", visibility=int(visibility)),
        )
    body = api("public_engagement_read", slug="anytown-oa").json()
    assert [r["number"] for r in body["reports"]] == [2, 1]
    assert body["reports_due"] == [
        {"due_on": "2026-06-30", "label": "", "overdue": False, "fulfilled_by_report": 1}
    ]
    assert [d["name"] for d in body["documents"]] == ["public-summary.pdf"]
    assert Client().get(body["documents"][0]["url"]).status_code == 200
    assert body["latest_report"]["number"] == 2


def test_unlisted_engagements_answer_404():
    listed_world(slug="hidden", listed=False)
    response = api("public_engagement_read", slug="hidden")
    assert response.status_code == 404 and response.json()["detail"]
    assert api("public_engagement_read", slug="nothing-here").status_code == 404


def test_a_published_report_with_its_snapshot_whose_figures_recompute():
    world = listed_world(slug="anytown-oa")
    status_set(
        world, Recommendation.objects.filter(engagement=world.engagement).first(), "complete"
    )
    report = report_publish(world, as_of=datetime.date(2026, 6, 30), caveats="Data for six months.")
    body = api("public_report_read", report_id=report.public_id).json()
    assert body["engagement"] == "anytown-oa" and body["number"] == 1
    snapshot = body["snapshot"]
    assert len(snapshot["recommendations"]) == 4 and snapshot["caveats"] == "Data for six months."
    assert figures(copy.deepcopy(snapshot)) == snapshot["figures"]
    assert snapshot["figures"]["progress"]["overall"]["share_done"] == 0.25


def test_drafts_and_unlisted_engagements_reports_answer_404():
    world = listed_world()
    draft = report_publish(world, as_of=datetime.date(2026, 6, 30), state=ReportState.DRAFT)
    hidden = listed_world(listed=False)
    unlisted = report_publish(hidden, as_of=datetime.date(2026, 6, 30))
    for report in (draft, unlisted):
        assert api("public_report_read", report_id=report.public_id).status_code == 404


def test_the_dashboard_before_and_after_publication():
    assert api("public_dashboard").json() == {"as_of": None, "published_at": None, "figures": None}
    dashboard_publish(actor=ProgramStaffFactory())
    body = api("public_dashboard").json()
    assert body["as_of"] == "2026-12-03" and body["figures"]["version"] == 1
