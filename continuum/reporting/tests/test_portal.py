"""The public portal's pages: the engagement list, one engagement, one agency, public documents.

They show only what is published (listed engagements, published reports' snapshots, documents
whose visibility is exactly public), answer 404 for the rest whoever asks, and keep a constant
query count as rows grow.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.documents.choices import PUBLIC, TEAM, TEAM_AND_AGENCY
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.recommendations.models import Recommendation
from continuum.reporting import public
from continuum.reporting.choices import ReportState
from continuum.reporting.tests.factories import ReportDueFactory

from .portal_world import listed_world, report_publish, status_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)


def get(url: str, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def page_of(slug: str) -> str:
    return reverse("portal:engagement", kwargs={"slug": slug})


def _doc(target, actor, visibility, name):
    return document_attach(
        actor=actor,
        target=target,
        upload=Upload(file=upload(name, files.PDF), kind="report", visibility=int(visibility)),
    )


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_listed_engagements_with_their_latest_report_and_overdue_reports():
    world = listed_world(agency_name="Anytown Police Department")
    recs = list(Recommendation.objects.filter(engagement=world.engagement).order_by("pk"))
    status_set(world, recs[0], "complete")
    report_publish(world, as_of=datetime.date(2026, 6, 30))
    status_set(world, recs[1], "complete")
    report_publish(world, as_of=datetime.date(2026, 11, 30))
    report_publish(world, as_of=datetime.date(2026, 12, 1), state=ReportState.DRAFT)
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 9, 30))
    hidden = listed_world(listed=False, agency_name="Hiddenville Police Department")
    report_publish(hidden, as_of=datetime.date(2026, 6, 30))

    response = get(reverse("portal:engagements"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Anytown Police Department" in text and "Hiddenville" not in text
    # the latest published report (not the draft): Nov 30, 2 of 4 done
    assert "Nov 30, 2026" in text and "Dec 1, 2026" not in text
    assert "50%" in text
    assert "Report overdue" in text


def test_filters_narrow_the_list():
    listed_world(agency_name="Anytown Police Department", agency_state="CA")
    listed_world(
        agency_name="Lakeside Sheriff's Office",
        agency_state="WA",
        agency_type="Sheriff's office",
        program_name="Critical Response",
        program_slug="critical-response",
        started_on=datetime.date(2024, 5, 1),
    )
    url = reverse("portal:engagements")

    def names(query: str) -> set[str]:
        text = get(url + query).content.decode()
        return {n for n in ("Anytown", "Lakeside") if f"{n} " in text and f">{n}" in text}

    assert names("") == {"Anytown", "Lakeside"}
    assert names("?state=WA") == {"Lakeside"}
    assert names("?program=organizational-assessment") == {"Anytown"}
    assert names("?agency_type=Sheriff%27s+office") == {"Lakeside"}
    assert names("?year=2025") == {"Anytown"}
    assert names("?q=lakes") == {"Lakeside"}
    # a value not in the list is dropped with a message; the other filters still apply
    response = get(url + "?state=ZZ&q=any")
    assert "Some filters were not used" in response.content.decode()
    assert names("?state=ZZ&q=any") == {"Anytown"}


def test_the_list_pages_by_keyset_and_a_broken_cursor_starts_again():
    for n in range(3):
        listed_world(agency_name=f"Agency {n} Police Department")
    queryset = public.listings(today=TODAY)
    first = public.listings_page(queryset, size=2)
    assert [row.agency_name for row in first.rows] == [
        "Agency 0 Police Department",
        "Agency 1 Police Department",
    ]
    second = public.listings_page(queryset, cursor=first.next_cursor, size=2)
    assert [row.agency_name for row in second.rows] == ["Agency 2 Police Department"]
    assert not second.has_next
    response = get(reverse("portal:engagements") + "?cursor=broken")
    assert response.status_code == 200
    assert "This page link is out of date" in response.content.decode()


def _list_queries(count: int) -> int:
    for n in range(count):
        world = listed_world(agency_name=f"Query {n} Police Department")
        report_publish(world, as_of=datetime.date(2026, 6, 30))
        ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 9, 30))
    with CaptureQueriesContext(connection) as queries:
        assert get(reverse("portal:engagements") + f"?q=query&n={count}").status_code == 200
    return len(queries)


def test_the_list_keeps_a_constant_query_count_as_listings_grow():
    small = _list_queries(1)
    assert _list_queries(4) == small


# --- one engagement ----------------------------------------------------------------------------


def test_the_engagement_page_reads_the_latest_published_snapshot_never_the_register():
    world = listed_world(slug="anytown-oa", recommendations=4)
    recs = list(Recommendation.objects.filter(engagement=world.engagement).order_by("pk"))
    Recommendation.objects.filter(pk=recs[0].pk).update(priority="high")
    status_set(world, recs[0], "complete")
    first = report_publish(world, as_of=datetime.date(2026, 6, 30))
    status_set(world, recs[1], "complete")
    report_publish(world, as_of=datetime.date(2026, 11, 30), previous=first)
    report_publish(world, as_of=datetime.date(2026, 12, 2), state=ReportState.DRAFT)
    ReportDueFactory(
        engagement=world.engagement, due_on=datetime.date(2026, 6, 30), fulfilled_by=first
    )
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 9, 30), label="Third")
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2027, 3, 31))
    # changed after the last publication: not on the page
    Recommendation.objects.filter(pk=recs[2].pk).update(text="Changed after publication.")

    text = get(page_of("anytown-oa")).content.decode()
    assert "Where things stood on November 30, 2026" in text
    assert "50% done (2 of 4 recommendations counted)" in text
    assert "Do 2.1." in text and "Changed after publication." not in text
    assert "<td>High</td><td>Complete</td>" in text  # priority, then a status per scale
    assert "Progress report 3" not in text  # the draft
    assert text.count('class="chart"') == 2 and 'id="burndown-table"' in text
    assert 'id="status-by-objective-table"' in text
    assert "Published as report 1" in text
    assert "Third: due September 30, 2026" in text and "Overdue" in text
    assert text.count("Overdue") == 1  # the March 2027 date is not due yet


def test_an_engagement_without_a_published_report_says_so():
    listed_world(slug="new-one")
    text = get(page_of("new-one")).content.decode()
    assert "No progress report has been published yet." in text


def test_unlisted_or_unknown_engagements_answer_404_to_everyone():
    world = listed_world(slug="not-public", listed=False)
    report_publish(world, as_of=datetime.date(2026, 6, 30))
    for user in (None, world.outsider, world.member, world.lead, world.staff):
        assert get(page_of("not-public"), user).status_code == 404
    assert get(page_of("no-such-engagement")).status_code == 404


def _engagement_queries(recommendations: int, reports: int) -> int:
    world = listed_world(slug=f"q-{recommendations}-{reports}", recommendations=recommendations)
    previous = None
    for n in range(reports):
        previous = report_publish(world, as_of=datetime.date(2026, 1 + n, 28), previous=previous)
        ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 1 + n, 28))
    _doc(world.engagement, world.staff, PUBLIC, f"summary-{reports}.pdf")
    with CaptureQueriesContext(connection) as queries:
        assert get(page_of(f"q-{recommendations}-{reports}")).status_code == 200
    return len(queries)


def test_the_engagement_page_keeps_a_constant_query_count():
    small = _engagement_queries(2, 1)
    assert _engagement_queries(12, 4) == small


# --- one agency --------------------------------------------------------------------------------


def test_the_agency_page_lists_its_listed_engagements_only():
    listed_world(slug="anytown-one", agency_ori="CA0000001", title="First assessment")
    listed_world(slug="anytown-two", agency_ori="CA0000001", title="Second review", listed=False)
    text = get(reverse("portal:agency", kwargs={"ori": "CA0000001"})).content.decode()
    assert "First assessment" in text and "Second review" not in text
    listed_world(slug="hidden-only", agency_ori="WA0000002", listed=False)
    assert get(reverse("portal:agency", kwargs={"ori": "WA0000002"})).status_code == 404
    assert get(reverse("portal:agency", kwargs={"ori": "ZZ9999999"})).status_code == 404


# --- documents ---------------------------------------------------------------------------------


def test_only_public_documents_of_listed_engagements_are_listed_and_served():
    world = listed_world(slug="with-documents")
    public_doc = _doc(world.engagement, world.staff, PUBLIC, "public-summary.pdf")
    team_doc = _doc(world.engagement, world.lead, TEAM, "team-notes.pdf")
    shared = _doc(world.engagement, world.lead, TEAM_AND_AGENCY, "shared-plan.pdf")
    hidden = listed_world(slug="hidden-documents", listed=False)
    hidden_doc = _doc(hidden.engagement, hidden.staff, PUBLIC, "hidden-public.pdf")

    text = get(page_of("with-documents")).content.decode()
    assert "public-summary" in text
    assert "team-notes" not in text and "shared-plan" not in text

    response = get(reverse("portal:document", kwargs={"document_id": public_doc.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public-summary.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for document in (team_doc, shared, hidden_doc):
        url = reverse("portal:document", kwargs={"document_id": document.public_id})
        assert get(url).status_code == 404
        assert get(url, world.member).status_code == 404


def test_a_deliverables_public_documents_appear_once_the_deliverable_is_published():
    from continuum.engagements.choices import DeliverableStatus
    from continuum.engagements.tests.factories import DeliverableFactory

    world = listed_world(slug="with-deliverable")
    deliverable = DeliverableFactory(engagement=world.engagement, status=DeliverableStatus.FINAL)
    final_report = _doc(deliverable, world.staff, PUBLIC, "final-assessment-report.pdf")
    team_file = _doc(deliverable, world.staff, TEAM, "deliverable-team-notes.pdf")
    url = reverse("portal:document", kwargs={"document_id": final_report.public_id})
    assert "final-assessment-report" not in get(page_of("with-deliverable")).content.decode()
    assert get(url).status_code == 404  # final, not yet published

    deliverable.status = DeliverableStatus.PUBLISHED  # (the service also refreshes the cache)
    deliverable.save(update_fields=["status"])
    text = get(page_of("with-deliverable") + "?after=published").content.decode()
    assert "final-assessment-report" in text and "deliverable-team-notes" not in text
    assert get(url).status_code == 200
    team_url = reverse("portal:document", kwargs={"document_id": team_file.public_id})
    assert get(team_url).status_code == 404


def test_attaching_a_public_document_refreshes_the_cached_engagement_page(
    django_capture_on_commit_callbacks,
):
    world = listed_world(slug="fresh-documents")
    assert "new-public-summary" not in get(page_of("fresh-documents")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _doc(world.engagement, world.staff, PUBLIC, "new-public-summary.pdf")
    assert "new-public-summary" in get(page_of("fresh-documents")).content.decode()


# --- navigation --------------------------------------------------------------------------------


def test_the_site_navigation_links_the_progress_reports_and_the_dashboard():
    text = get(reverse("core:home")).content.decode()
    assert f'href="{reverse("portal:engagements")}"' in text
    assert f'href="{reverse("portal:dashboard")}"' in text


def test_the_navigation_marks_the_progress_reports_section_current():
    from tests.browser.test_layout import current_links

    listed_world(slug="navigated")
    assert current_links(get(reverse("portal:engagements")).content.decode()) == {
        "Progress reports": "page"
    }
    assert current_links(get(page_of("navigated")).content.decode()) == {"Progress reports": "true"}
