"""Progress reports: who may write them, what a draft and a publication hold, that a published
report never changes, corrections, promised dates and overdue ones, and the pages (404 for
those who may not see, the public page only for a published report of a listed engagement)."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.activity.models import Event
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import Recommendation, ScaleValue
from continuum.recommendations.services.register import (
    finding_add,
    recommendation_add,
    recommendation_status_set,
)
from continuum.recommendations.tests.test_register import register_of
from continuum.reporting.choices import ReportState
from continuum.reporting.models import ProgressReport, ReportDue
from continuum.reporting.services import reports as svc
from continuum.reporting.snapshot import figures
from continuum.reporting.tests.factories import PublicListingFactory, ReportDueFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)
JUNE = datetime.date(2026, 6, 30)
NOVEMBER = datetime.date(2026, 11, 30)


REAL_PDF = svc.report_pdf_bytes


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    """Publication renders the PDF with WeasyPrint (seconds); the tests that need it ask."""
    monkeypatch.setattr(svc, "report_pdf_bytes", lambda report: b"%PDF-1.7 test")


def world_with_register(findings: int = 2, per_finding: int = 2, **kwargs):
    world = delivery_world(**kwargs)
    world.recs = register_of(world, findings=findings, per_finding=per_finding)
    world.values = {v.key: v for v in ScaleValue.objects.filter(scale__engagement=world.engagement)}
    return world


def set_status(world, rec, key):
    recommendation_status_set(actor=world.staff, recommendation=rec, value=world.values[key])


def publish(world, as_of=NOVEMBER, **kwargs):
    draft = svc.report_draft_create(
        actor=world.staff, engagement=world.engagement, as_of=as_of, **kwargs
    )
    return svc.report_publish(actor=world.staff, report=draft)


# -- drafts ----------------------------------------------------------------------------------


def test_only_program_staff_prepare_a_report():
    world = world_with_register()
    for user in [world.lead, world.coordinator, world.member, world.executive, world.outsider]:
        with pytest.raises(PermissionDenied):
            svc.report_draft_create(actor=user, engagement=world.engagement)
    assert not ProgressReport.objects.exists()


def test_a_draft_needs_recommendations_to_report_on():
    world = delivery_world()
    with pytest.raises(ValidationError, match="no recommendations to report on"):
        svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    assert not ProgressReport.objects.exists()


def test_a_draft_holds_the_register_and_numbers_follow_on():
    world = world_with_register()
    set_status(world, world.recs[0], "complete")
    first = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    assert (first.number, first.title, first.as_of) == (1, "Progress report 1", TODAY)
    assert first.state == ReportState.DRAFT
    assert first.snapshot["figures"]["progress"]["overall"]["done"] == 1
    assert [r["id"] for r in first.snapshot["recommendations"]] == ["1.1", "1.2", "2.1", "2.2"]
    second = svc.report_draft_create(actor=world.staff, engagement=world.engagement, title="Q4")
    assert (second.number, second.title) == (2, "Q4")
    assert Event.objects.filter(verb="report_drafted").count() == 2


def test_a_draft_cannot_be_dated_in_the_future_or_before_the_last_published_report():
    world = world_with_register()
    with pytest.raises(ValidationError, match="future"):
        svc.report_draft_create(
            actor=world.staff, engagement=world.engagement, as_of=TODAY + datetime.timedelta(1)
        )
    publish(world, as_of=NOVEMBER)
    with pytest.raises(ValidationError, match="cannot be dated earlier"):
        svc.report_draft_create(actor=world.staff, engagement=world.engagement, as_of=JUNE)
    assert ProgressReport.objects.count() == 1


def test_updating_a_draft_rebuilds_its_figures_and_keeps_the_words():
    world = world_with_register()
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    set_status(world, world.recs[1], "complete")
    updated = svc.report_draft_update(
        actor=world.staff,
        report=draft,
        title="Second look",
        as_of=NOVEMBER,
        caveats="Counts exclude the training academy.",
        validator_notes="Evidence checked on site.",
    )
    assert updated.snapshot["figures"]["progress"]["overall"]["done"] == 1
    assert updated.snapshot["caveats"] == "Counts exclude the training academy."
    assert updated.snapshot["validator_notes"] == "Evidence checked on site."
    assert updated.snapshot["as_of"] == "2026-11-30"
    with pytest.raises(ValidationError, match="title"):
        svc.report_draft_update(actor=world.staff, report=draft, title=" ", as_of=NOVEMBER)
    with pytest.raises(PermissionDenied):
        svc.report_draft_update(actor=world.lead, report=draft, title="Mine", as_of=NOVEMBER)
    draft.refresh_from_db()
    assert draft.title == "Second look"


# -- publication and immutability ------------------------------------------------------------


def test_publishing_freezes_the_snapshot_and_later_edits_change_no_published_figure():
    world = world_with_register()
    set_status(world, world.recs[0], "complete")
    set_status(world, world.recs[1], "in_progress")
    report = publish(world)
    assert report.state == ReportState.PUBLISHED and report.published_by == world.staff
    assert report.snapshot["burndown"] == [
        {"as_of": "2026-11-30", "report": 1, "done": 1, "denominator": 4, "open": 3}
    ]
    stored = copy.deepcopy(ProgressReport.objects.get(pk=report.pk).snapshot)

    # the register moves on: text, status, a new recommendation
    rec = world.recs[0]
    rec.text = "Rewritten after publication."
    rec.save(update_fields=["text"])
    set_status(world, world.recs[0], "not_started")
    set_status(world, world.recs[2], "complete")
    finding = finding_add(actor=world.staff, engagement=world.engagement, number=3, statement="F3")
    recommendation_add(actor=world.lead, finding=finding, number=1, text="New.")

    again = ProgressReport.objects.get(pk=report.pk)
    assert again.snapshot == stored
    assert again.snapshot["recommendations"][0]["text"] == "Do 1.1."
    for published in ProgressReport.objects.filter(state=ReportState.PUBLISHED):
        assert figures(published.snapshot) == published.snapshot["figures"]

    # and no write reaches it: not an update, not a second publication
    with pytest.raises(PermissionDenied):
        svc.report_draft_update(actor=world.staff, report=again, title="Changed", as_of=NOVEMBER)
    with pytest.raises(PermissionDenied):
        svc.report_publish(actor=world.staff, report=again)
    assert ProgressReport.objects.get(pk=report.pk).snapshot == stored
    assert ProgressReport.objects.get(pk=report.pk).title == "Progress report 1"


def test_only_program_staff_publish():
    world = world_with_register()
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    for user in [world.lead, world.executive, world.outsider]:
        with pytest.raises(PermissionDenied):
            svc.report_publish(actor=user, report=draft)
    assert ProgressReport.objects.get(pk=draft.pk).state == ReportState.DRAFT


def test_publication_rebuilds_the_snapshot_one_last_time():
    world = world_with_register()
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    set_status(world, world.recs[3], "complete")
    report = svc.report_publish(actor=world.staff, report=draft)
    assert report.snapshot["figures"]["progress"]["overall"]["done"] == 1


def test_the_second_report_says_what_changed_and_carries_the_burndown():
    world = world_with_register()
    set_status(world, world.recs[0], "complete")
    publish(world, as_of=JUNE)
    set_status(world, world.recs[0], "in_progress")
    set_status(world, world.recs[1], "complete")
    set_status(world, world.recs[2], "complete")
    second = publish(world, as_of=NOVEMBER)
    moved = {(c["id"], c["direction"]) for c in second.snapshot["changes"]}
    assert moved == {("1.1", "down"), ("1.2", "up"), ("2.1", "up")}
    assert [(p["report"], p["done"], p["open"]) for p in second.snapshot["burndown"]] == [
        (1, 1, 3),
        (2, 2, 2),
    ]


def test_a_correction_names_a_published_report_and_replaces_it_in_later_burndowns():
    world = world_with_register()
    set_status(world, world.recs[0], "complete")
    first = publish(world, as_of=JUNE)
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    with pytest.raises(ValidationError, match="published report of this engagement"):
        svc.report_draft_create(actor=world.staff, engagement=world.engagement, corrects=draft)
    with pytest.raises(ValidationError, match="what this report corrects"):
        svc.report_draft_create(actor=world.staff, engagement=world.engagement, corrects=first)
    other = world_with_register()
    other_report = publish(other, as_of=JUNE)
    with pytest.raises(ValidationError):
        svc.report_draft_create(
            actor=world.staff,
            engagement=world.engagement,
            corrects=other_report,
            correction_note="Wrong engagement.",
        )

    correction = publish(
        world,
        as_of=JUNE,
        corrects=first,
        correction_note="Recommendation 1.1 was counted complete before its evidence was checked.",
    )
    assert correction.snapshot["corrects"] == {
        "number": 1,
        "title": "Progress report 1",
        "note": "Recommendation 1.1 was counted complete before its evidence was checked.",
    }
    assert [p["report"] for p in correction.snapshot["burndown"]] == [correction.number]
    later = publish(world, as_of=NOVEMBER)
    assert [p["report"] for p in later.snapshot["burndown"]] == [correction.number, later.number]
    assert svc.counted_reports(world.engagement) == [correction, later]
    first.refresh_from_db()
    assert first.state == ReportState.PUBLISHED  # the corrected report stays as it was


def test_the_pdf_is_stored_once_and_a_failed_rendering_leaves_the_publication(monkeypatch):
    world = world_with_register()
    report = publish(world)
    assert report.pdf.name.endswith(".pdf")
    with report.pdf.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7 test"
    assert svc.report_pdf_store(report) is False  # never written twice

    def broken(report):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(svc, "report_pdf_bytes", broken)
    second = publish(world)
    assert second.state == ReportState.PUBLISHED and not second.pdf


# -- promised dates --------------------------------------------------------------------------


def test_scheduling_promises_dates_every_n_months_without_doubling():
    world = world_with_register()
    with pytest.raises(PermissionDenied):
        svc.reports_schedule(
            actor=world.lead,
            engagement=world.engagement,
            first_due_on=JUNE,
            every_months=6,
            count=2,
        )
    created = svc.reports_schedule(
        actor=world.staff,
        engagement=world.engagement,
        first_due_on=datetime.date(2026, 8, 31),
        every_months=6,
        count=3,
    )
    assert [d.due_on for d in created] == [
        datetime.date(2026, 8, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 8, 31),
    ]
    again = svc.reports_schedule(
        actor=world.staff,
        engagement=world.engagement,
        first_due_on=datetime.date(2027, 2, 28),
        every_months=12,
        count=2,
    )
    assert [d.due_on for d in again] == [datetime.date(2028, 2, 28)]
    with pytest.raises(ValidationError) as error:
        svc.reports_schedule(
            actor=world.staff,
            engagement=world.engagement,
            first_due_on=JUNE,
            every_months=0,
            count=99,
        )
    assert set(error.value.message_dict) == {"every_months", "count"}
    assert ReportDue.objects.filter(engagement=world.engagement).count() == 4


def test_overdue_dates_and_the_earliest_open_one_is_fulfilled_by_publication():
    world = world_with_register()
    june = ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    december = ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2026, 12, 31))
    ReportDueFactory(due_on=JUNE)  # another engagement's
    assert svc.overdue(world.engagement, TODAY) == [june]
    assert svc.overdue([june, december], TODAY) == [june]
    assert svc.overdue(world.engagement, JUNE) == []  # due that day: not overdue yet

    report = publish(world)
    june.refresh_from_db()
    assert june.fulfilled_by == report  # late, but it keeps the promise it was late for
    assert svc.overdue(world.engagement, TODAY) == []
    assert svc.overdue(world.engagement, datetime.date(2027, 1, 1)) == [december]

    publish(world, corrects=report, correction_note="A typo in 1.2.")
    december.refresh_from_db()
    assert december.fulfilled_by is None  # a correction keeps no promise


def test_removing_a_promised_date():
    world = world_with_register()
    due = ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    with pytest.raises(PermissionDenied):
        svc.report_due_remove(actor=world.executive, due=due)
    report = publish(world)
    with pytest.raises(ValidationError, match="fulfilled"):
        svc.report_due_remove(actor=world.staff, due=due)
    due.fulfilled_by = None
    due.save()
    svc.report_due_remove(actor=world.staff, due=due)
    assert not ReportDue.objects.filter(pk=due.pk).exists()
    assert report.pk


# -- pages -----------------------------------------------------------------------------------


def _urls(world, report):
    kwargs = {"public_id": world.engagement.public_id}
    one = {**kwargs, "report_id": report.public_id}
    return [
        reverse("reporting:reports", kwargs=kwargs),
        reverse("reporting:report", kwargs=one),
        reverse("reporting:report_pdf", kwargs=one),
    ]


def test_pages_are_not_found_for_outsiders_and_drafts_are_shown_to_the_sides(client):
    world = world_with_register()
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    for name, user in world.outsiders.items():
        client.force_login(user)
        for url in _urls(world, draft):
            assert client.get(url).status_code == 404, (name, url)
    for user in [world.staff, world.lead, world.member, world.executive]:
        client.force_login(user)
        for url in _urls(world, draft):
            assert client.get(url).status_code == 200, url
    # staff-only pages are 404 for the other sides
    one = {"public_id": world.engagement.public_id, "report_id": draft.public_id}
    staff_only = [
        reverse("reporting:report_new", kwargs={"public_id": world.engagement.public_id}),
        reverse("reporting:schedule", kwargs={"public_id": world.engagement.public_id}),
        reverse("reporting:listing", kwargs={"public_id": world.engagement.public_id}),
        reverse("reporting:report_edit", kwargs=one),
        reverse("reporting:report_publish", kwargs=one),
    ]
    for user in [world.lead, world.member, world.executive, world.outsider]:
        client.force_login(user)
        for url in staff_only:
            assert client.get(url).status_code == 404, url
    client.force_login(world.staff)
    for url in staff_only:
        assert client.get(url).status_code == 200, url


def test_a_report_of_another_engagement_is_not_found_under_this_one(client):
    world = world_with_register()
    other = world_with_register()
    report = publish(other)
    client.force_login(world.staff)
    url = reverse(
        "reporting:report",
        kwargs={"public_id": world.engagement.public_id, "report_id": report.public_id},
    )
    assert client.get(url).status_code == 404


def test_staff_draft_publish_journey_through_the_pages(client):
    world = world_with_register()
    client.force_login(world.staff)
    base = {"public_id": world.engagement.public_id}
    response = client.post(
        reverse("reporting:report_new", kwargs=base),
        {"title": "", "as_of": "11/30/2026", "corrects": "", "correction_note": ""},
    )
    report = ProgressReport.objects.get()
    one = {**base, "report_id": report.public_id}
    assert response.status_code == 302 and response["Location"] == reverse(
        "reporting:report", kwargs=one
    )
    response = client.post(
        reverse("reporting:report_edit", kwargs=one),
        {"title": "Year one", "as_of": "12/31/2026", "caveats": "", "validator_notes": ""},
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    page = client.get(reverse("reporting:report", kwargs=one)).content.decode()
    assert "This is a draft" in page and "<svg" in page
    response = client.post(reverse("reporting:report_publish", kwargs=one))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published
    assert client.get(reverse("reporting:report_edit", kwargs=one)).status_code == 404


# -- the public report -----------------------------------------------------------------------


def _public(report):
    return (
        reverse("portal:report", kwargs={"report_id": report.public_id}),
        reverse("portal:report_pdf", kwargs={"report_id": report.public_id}),
    )


def test_the_public_report_is_a_published_report_of_a_listed_engagement_only(
    client, django_capture_on_commit_callbacks
):
    world = world_with_register()
    listing = PublicListingFactory(engagement=world.engagement)
    draft = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    for url in _public(draft):
        assert client.get(url).status_code == 404  # a draft is never public
    report = svc.report_publish(actor=world.staff, report=draft)
    page, pdf = (client.get(url) for url in _public(report))
    assert page.status_code == 200 and "Do 1.1." in page.content.decode()
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == b"%PDF-1.7 test"  # the stored file
    client.force_login(world.staff)  # whoever asks
    assert client.get(_public(report)[0]).status_code == 200
    client.logout()

    # taken off the portal through the service: the cached public pages go with it
    from continuum.reporting.services.listings import listing_unlist

    with django_capture_on_commit_callbacks(execute=True):
        listing_unlist(actor=world.staff, listing=listing, reason="The agency asked.")
    for url in _public(report):
        assert client.get(url).status_code == 404
    client.force_login(world.staff)
    for url in _public(report):
        assert client.get(url).status_code == 404


def test_the_public_pdf_renders_on_demand_when_none_is_stored(client, monkeypatch):
    world = world_with_register()
    PublicListingFactory(engagement=world.engagement)
    monkeypatch.setattr(svc, "report_pdf_store", lambda report: False)
    report = publish(world)
    assert not report.pdf
    response = client.get(_public(report)[1])
    assert response.status_code == 200 and response.content == b"%PDF-1.7 test"


def _grow(world, total: int):
    finding = finding_add(actor=world.staff, engagement=world.engagement, number=90, statement="F")
    have = Recommendation.objects.filter(engagement=world.engagement).count()
    for m in range(1, total - have + 1):
        recommendation_add(actor=world.lead, finding=finding, number=m, text=f"Grow {m}.")


def _public_queries(client, world, total):
    _grow(world, total)
    report = publish(world)
    from continuum.core.cache import public_cache_clear

    public_cache_clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_public(report)[0])
    assert response.status_code == 200
    return len(queries)


def test_the_public_report_page_reads_a_constant_number_of_queries(client):
    small = world_with_register()
    PublicListingFactory(engagement=small.engagement)
    large = world_with_register()
    PublicListingFactory(engagement=large.engagement)
    assert _public_queries(client, small, 10) == _public_queries(client, large, 300)


def test_the_staff_reports_list_reads_a_constant_number_of_queries(client):
    world = world_with_register()
    client.force_login(world.staff)
    url = reverse("reporting:reports", kwargs={"public_id": world.engagement.public_id})
    publish(world, as_of=JUNE)
    ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(2, 8):
        ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2027, 1, day))
        publish(world, as_of=NOVEMBER)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_engagement_section_lists_reports_and_overdue_dates(client):
    from continuum.engagements.policy import relation_of
    from continuum.reporting.views.reports import reports_section

    world = world_with_register()
    ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    ReportDueFactory(engagement=world.engagement, due_on=datetime.date(2027, 6, 30))
    svc.report_draft_create(actor=world.staff, engagement=world.engagement)

    class Request:
        user = world.member

    data = reports_section(Request, world.engagement, relation_of(world.member, world.engagement))
    assert [d.due_on for d in data["overdue"]] == [JUNE]
    assert data["next_due"].due_on == datetime.date(2027, 6, 30)
    assert len(data["latest"]) == 1
    assert (
        reports_section(Request, world.engagement, relation_of(world.outsider, world.engagement))
        is None
    )


def test_the_pdf_is_rendered_by_weasyprint_from_the_pages_body(monkeypatch):
    from django.template.loader import render_to_string

    from continuum.reporting.presentation import report_context

    monkeypatch.setattr(svc, "report_pdf_bytes", REAL_PDF)
    world = world_with_register()
    set_status(world, world.recs[0], "complete")
    report = publish(world)
    with report.pdf.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    html = render_to_string("reporting/report_pdf.html", report_context(report, chart_prefix="p"))
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert 'aria-labelledby="p-status-progress-title p-status-progress-desc"' in html
    assert "Do 2.2." in html and "25% done (1 of 4 counted recommendations)." in html


def test_the_engagement_section_template_renders_for_the_agency():
    from django.template.loader import render_to_string

    from continuum.engagements.policy import relation_of
    from continuum.reporting.views.reports import reports_section

    world = world_with_register()
    ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    report = publish(world)

    class Request:
        user = world.executive

    relation = relation_of(world.executive, world.engagement)
    data = reports_section(Request, world.engagement, relation)
    html = render_to_string(
        "engagements/sections/reports.html", {"data": data, "engagement": world.engagement}
    )
    assert report.title in html
    assert "This engagement is not on the public portal." in html
    assert reverse("reporting:reports", kwargs={"public_id": world.engagement.public_id}) in html


def test_staff_promise_dates_remove_one_and_start_a_correction_through_the_pages(client):
    world = world_with_register()
    client.force_login(world.staff)
    base = {"public_id": world.engagement.public_id}
    response = client.post(
        reverse("reporting:schedule", kwargs=base),
        {"first_due_on": "", "every_months": "0", "count": "3"},
    )
    assert response.status_code == 400
    assert "Enter the date the first report is due." in response.content.decode()
    response = client.post(
        reverse("reporting:schedule", kwargs=base),
        {"first_due_on": "1/31/2027", "every_months": "6", "count": "2"},
    )
    assert response.status_code == 302
    dues = list(ReportDue.objects.filter(engagement=world.engagement))
    assert [d.due_on for d in dues] == [datetime.date(2027, 1, 31), datetime.date(2027, 7, 31)]
    client.post(reverse("reporting:due_remove", kwargs={**base, "due_id": dues[0].pk}))
    assert list(ReportDue.objects.filter(engagement=world.engagement)) == [dues[1]]
    other = ReportDueFactory(due_on=JUNE)  # another engagement's date is not found here
    remove_other = reverse("reporting:due_remove", kwargs={**base, "due_id": other.pk})
    assert client.post(remove_other).status_code == 404

    first = publish(world)
    response = client.post(
        reverse("reporting:report_new", kwargs=base),
        {"title": "", "as_of": "11/30/2026", "corrects": str(first.pk), "correction_note": ""},
    )
    assert response.status_code == 400
    assert "Say what this report corrects." in response.content.decode()
    response = client.post(
        reverse("reporting:report_new", kwargs=base),
        {
            "title": "",
            "as_of": "11/30/2026",
            "corrects": str(first.pk),
            "correction_note": "1.2 was counted twice.",
        },
    )
    assert response.status_code == 302
    correction = ProgressReport.objects.get(corrects=first)
    page = client.get(response["Location"]).content.decode()
    assert "This report corrects report 1" in page and "1.2 was counted twice." in page
    assert correction.number == 2


SECTION = ("reports", "continuum.reporting.views.reports.reports_section")


def test_the_engagement_page_shows_the_section(client, monkeypatch):
    from continuum.engagements import sections

    if SECTION not in sections.SECTIONS:  # the line the engagement page adds for this app
        monkeypatch.setattr(sections, "SECTIONS", [*sections.SECTIONS, SECTION])
    world = world_with_register()
    ReportDueFactory(engagement=world.engagement, due_on=JUNE)
    report = svc.report_draft_create(actor=world.staff, engagement=world.engagement)
    client.force_login(world.member)
    page = client.get(world.engagement.get_absolute_url()).content.decode()
    assert 'id="reports-section-heading"' in page
    assert report.title in page and "1 promised report is overdue." in page
    client.force_login(world.other_agency_member)
    assert client.get(world.engagement.get_absolute_url()).status_code == 404
