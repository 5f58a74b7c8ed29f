"""Acceptance (issue 10 §6): nothing unpublished reaches any public page, download or public API
response.

One listed engagement with published reports and public material is seeded beside things that
are NOT published, each carrying a unique marker: an unlisted engagement with a published report,
a draft report of the listed engagement, a finding and a recommendation added after its last
publication, a team-only and an agency-side document on it, an unpublished dashboard snapshot,
an expert's name, and the agency of a request never submitted. Then every public page, every
download (both formats) and every public API response is fetched as an anonymous visitor,
following the links the pages and answers give, and no marker may appear in any of them.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import deque

import pytest
from django.test import Client
from django.urls import reverse

from continuum.accounts.models import User
from continuum.documents.choices import PUBLIC, TEAM, TEAM_AND_AGENCY
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.intake.tests.factories import AssistanceRequestFactory
from continuum.recommendations.models import Finding, Recommendation
from continuum.recommendations.services.register import finding_add, recommendation_add
from continuum.reporting.choices import ReportState
from continuum.reporting.dashboard import dashboard_publish
from continuum.reporting.opendata import DATASETS, FORMATS
from continuum.reporting.tests.factories import DashboardSnapshotFactory, ReportDueFactory
from continuum.reporting.tests.portal_world import listed_world, report_publish, status_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

MARKERS = {
    "unlisted_title": "Zqunlistedtitle",
    "unlisted_agency": "Zqunlistedagency",
    "unlisted_recommendation": "Zqunlistedrec",
    "draft_caveat": "Zqdraftcaveat",
    "draft_title": "Zqdrafttitle",
    "late_finding": "Zqlatefinding",
    "late_recommendation": "Zqlaterec",
    "team_document": "Zqteamdocument",
    "agency_document": "Zqagencydocument",
    "dashboard": "Zqunpublisheddashboard",
    "expert": "Zqexpertname",
    "draft_request_agency": "Zqdraftrequestagency",
}
PUBLIC_PREFIXES = ("/public/", "/api/v1/public/")
HREF = re.compile(r'href="([^"#]+)"')


def _seed() -> dict:
    """The published world, and the unpublished things with their markers."""
    world = listed_world(slug="anytown-oa", agency_name="Anytown Police Department")
    User.objects.filter(pk=world.lead.pk).update(full_name=f"Dr {MARKERS['expert']}")
    recs = list(Recommendation.objects.filter(engagement=world.engagement).order_by("pk"))
    status_set(world, recs[0], "complete")
    first = report_publish(world, as_of=datetime.date(2026, 6, 30), caveats="Six months of data.")
    status_set(world, recs[1], "in_progress")
    last = report_publish(world, as_of=datetime.date(2026, 11, 30), previous=first)
    ReportDueFactory(
        engagement=world.engagement, due_on=datetime.date(2026, 6, 30), fulfilled_by=first
    )
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2027, 5, 31))
    document_attach(
        actor=world.staff,
        target=world.engagement,
        upload=Upload(file=upload("public-summary.pdf", files.PDF), visibility=int(PUBLIC)),
    )
    # added after the last publication
    late = finding_add(
        actor=world.staff,
        engagement=world.engagement,
        number=Finding.objects.filter(engagement=world.engagement).count() + 1,
        statement=f"{MARKERS['late_finding']} was found.",
    )
    recommendation_add(
        actor=world.lead, finding=late, number=1, text=f"{MARKERS['late_recommendation']} now."
    )
    draft = report_publish(
        world,
        as_of=datetime.date(2026, 12, 2),
        previous=last,
        state=ReportState.DRAFT,
        caveats=MARKERS["draft_caveat"],
        title=MARKERS["draft_title"],
    )
    for visibility, marker in ((TEAM, "team_document"), (TEAM_AND_AGENCY, "agency_document")):
        document_attach(
            actor=world.lead,
            target=world.engagement,
            upload=Upload(
                file=upload(f"{MARKERS[marker]}.pdf", files.PDF),
                name=MARKERS[marker],
                visibility=int(visibility),
            ),
        )
    hidden = listed_world(
        slug="hidden-review",
        listed=False,
        title=MARKERS["unlisted_title"],
        agency_name=MARKERS["unlisted_agency"],
        agency_ori="ZZ0000001",
    )
    Recommendation.objects.filter(engagement=hidden.engagement).update(
        text=f"{MARKERS['unlisted_recommendation']} text."
    )
    hidden_report = report_publish(hidden, as_of=datetime.date(2026, 6, 30))
    hidden_doc = document_attach(
        actor=hidden.staff,
        target=hidden.engagement,
        upload=Upload(file=upload("hidden-public.pdf", files.PDF), visibility=int(PUBLIC)),
    )
    AssistanceRequestFactory(agency=None, unlisted_agency_name=MARKERS["draft_request_agency"])
    dashboard_publish(actor=world.staff)
    DashboardSnapshotFactory(figures={"note": MARKERS["dashboard"]})  # computed, not published
    return {
        "draft": draft,
        "hidden_report": hidden_report,
        "hidden_doc": hidden_doc,
        "hidden": hidden,
    }


def _links(path: str, content_type: str, text: str) -> list[str]:
    """Public addresses a page or an API answer points to."""
    found: list[str] = []
    if "text/html" in content_type:
        found = HREF.findall(text)
    elif "application/json" in content_type and path.startswith("/api/v1/public/"):
        body = json.loads(text)
        items = body.get("items", []) if isinstance(body, dict) else []
        for item in items:
            found.append(reverse("api-1.0.0:public_engagement_read", kwargs={"slug": item["slug"]}))
            if item.get("latest_report"):
                found.append(
                    reverse(
                        "api-1.0.0:public_report_read",
                        kwargs={"report_id": item["latest_report"]["id"]},
                    )
                )
        if isinstance(body, dict):
            for report in body.get("reports", []):
                found.append(
                    reverse("api-1.0.0:public_report_read", kwargs={"report_id": report["id"]})
                )
            found += [document["url"] for document in body.get("documents", [])]
    return [link.replace("&amp;", "&") for link in found if link.startswith(PUBLIC_PREFIXES)]


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig", errors="replace")


def _crawl(starts: list[str]) -> dict[str, tuple[int, str]]:
    client = Client()
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(starts)
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        text = _body(response)
        seen[path] = (response.status_code, text)
        if response.status_code == 200:
            links = _links(path, response.get("Content-Type", ""), text)
            queue.extend(link for link in links if link not in seen)
    return seen


def test_nothing_unpublished_reaches_any_public_response():
    seeded = _seed()
    starts = [
        reverse("portal:engagements"),
        reverse("portal:dashboard"),
        reverse("portal:open_data"),
        reverse("api-1.0.0:public_engagement_list"),
        reverse("api-1.0.0:public_dashboard"),
        *(
            reverse("portal:download", kwargs={"name": name, "fmt": fmt})
            for name in DATASETS
            for fmt in FORMATS
        ),
        # what is not published, asked for directly: 404, and nothing in the answer
        reverse("portal:engagement", kwargs={"slug": "hidden-review"}),
        reverse("portal:agency", kwargs={"ori": "ZZ0000001"}),
        reverse("portal:document", kwargs={"document_id": seeded["hidden_doc"].public_id}),
        reverse("api-1.0.0:public_engagement_read", kwargs={"slug": "hidden-review"}),
        *(
            reverse("api-1.0.0:public_report_read", kwargs={"report_id": report.public_id})
            for report in (seeded["draft"], seeded["hidden_report"])
        ),
    ]
    responses = _crawl(starts)

    # the crawl reached the published material through the links
    reached = {path for path, (status, _text) in responses.items() if status == 200}
    assert reverse("portal:engagement", kwargs={"slug": "anytown-oa"}) in reached
    assert reverse("api-1.0.0:public_engagement_read", kwargs={"slug": "anytown-oa"}) in reached
    assert any(path.startswith("/public/documents/") for path in reached)
    assert any(path.startswith("/public/agencies/") for path in reached)
    assert sum(path.startswith("/api/v1/public/reports/") for path in reached) == 2
    # the two published reports' pages and PDFs (portal:report, portal:report_pdf)
    assert sum(path.startswith("/public/reports/") for path in reached) == 4
    assert len(reached) >= 18
    # the unpublished things asked for directly are not found
    for path in starts[-6:]:
        assert responses[path][0] == 404, path

    for path, (status, text) in responses.items():
        for name, marker in MARKERS.items():
            assert marker.lower() not in text.lower(), f"{name} leaked into {path} ({status})"
    # ...and the published material is there (the check above looks at real content)
    page = responses[reverse("portal:engagement", kwargs={"slug": "anytown-oa"})][1]
    assert "Six months of data." not in page  # the first report's caveat: not the latest
    assert "Public-summary" in page or "public-summary" in page
