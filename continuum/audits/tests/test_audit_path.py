"""The bias audit end to end: upload (team only), map and check, run (the task runs at commit),
the draft deliverable with its PDF; bad files give a clear report and no run; the agency and
everyone outside the team get 404 and never see the data, the run or the draft report."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from continuum.audits.choices import RunStatus
from continuum.audits.models import AuditRun
from continuum.audits.services import audit_execute, audit_queue, stop_file_upload
from continuum.audits.workflow import AUDIT_RUN_MACHINE
from continuum.core.workflow import TransitionForbidden
from continuum.documents.choices import TEAM, DocumentKind
from continuum.documents.models import Document
from continuum.engagements.choices import DeliverableKind, DeliverableStatus
from continuum.engagements.models import Deliverable
from continuum.engagements.tests.delivery_world import delivery_world

from .world import CODES, agency_csv, audit_world, mapping_post, parquet_bytes, upload

pytestmark = pytest.mark.django_db


def as_user(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _header(data: bytes, sep: str = ",") -> list[str]:
    return data.split(b"\n", 1)[0].decode().strip().split(sep)


def _checked(response) -> str:
    import re

    return re.search(r'name="checked"[^>]*value="(\w+)"', response.content.decode()).group(1)


def _upload(client, engagement, name, data):
    return client.post(
        reverse("audits:start", args=[engagement.public_id]), {"file": upload(name, data)}
    )


def test_whole_path_from_upload_to_draft_deliverable(django_capture_on_commit_callbacks):
    world = audit_world()
    lead = as_user(world.lead)
    data = agency_csv()
    response = _upload(lead, world.engagement, "stops.csv", data)
    document = Document.objects.get(kind=DocumentKind.DATA)
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:preview", args=[document.public_id])
    assert document.visibility == int(TEAM) and document.target == world.engagement

    page = lead.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "RACE" in text and "map_subject_race" in text  # header shown, a select per field
    assert "What the check found" in text  # the validation report, before anything runs
    assert "Codes the mapping does not list" not in text  # RACE is not mapped yet

    checked = lead.post(response["Location"], mapping_post(_header(data), action="check"))
    assert checked.status_code == 200 and "The audit can run" in checked.content.decode()
    assert not AuditRun.objects.exists()

    unchecked = lead.post(response["Location"], mapping_post(_header(data), action="run"))
    assert unchecked.status_code == 200 and not AuditRun.objects.exists()  # checked first
    with django_capture_on_commit_callbacks(execute=True):
        ran = lead.post(
            response["Location"],
            mapping_post(
                _header(data),
                action="run",
                checked=_checked(checked),
                population="white: 60000, black: 20000, hispanic: 9000",
                geography="beat",
            ),
        )
    run = AuditRun.objects.get()
    assert ran.status_code == 302 and ran["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 1.0 and run.started_at and run.finished_at
    assert run.mapping["columns"]["subject_race"]["column"] == "RACE"
    names = {a["name"] for a in run.results["analyses"]}
    assert {"benchmark", "post_stop", "outcome_test", "veil_of_darkness"} <= names
    assert run.options == {
        "threshold": False,
        "geography": "beat",
        "population": {"white": 60000, "black": 20000, "hispanic": 9000},
    }

    deliverable = run.deliverable
    assert deliverable.status == DeliverableStatus.DRAFTING
    assert deliverable.kind == DeliverableKind.ASSESSMENT
    pdf = Document.objects.get(
        target_type=ContentType.objects.get_for_model(Deliverable), target_id=deliverable.pk
    )
    assert pdf.visibility == int(TEAM) and pdf.kind == DocumentKind.REPORT
    version = pdf.versions.get()
    assert version.content_type == "application/pdf"
    assert lead.get(reverse("documents:file", args=[pdf.public_id])).status_code == 200

    done = lead.get(run.get_absolute_url()).content.decode()
    assert "The audit is done" in done and deliverable.title in done
    assert "hx-get" not in done  # no more polling
    report = lead.get(reverse("audits:report", args=[run.public_id]))
    assert report.status_code == 200 and "Reproducibility" in report.content.decode()
    assert "sandbox" in report["Content-Security-Policy"]
    css = lead.get(reverse("audits:report_css", args=[run.public_id]))
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    section = lead.get(world.engagement.get_absolute_url()).content.decode()
    assert 'id="bias-audit-heading"' in section and "stops.csv" in section

    # The agency side sees nothing of it: not the section, the run, the file or the draft.
    for user in (world.member, world.requester, world.executive):
        agency = as_user(user)
        page = agency.get(world.engagement.get_absolute_url()).content.decode()
        assert "bias-audit-heading" not in page and deliverable.title not in page
        assert "stops.csv" not in page
        for url in (
            run.get_absolute_url(),
            reverse("audits:report", args=[run.public_id]),
            reverse("audits:report_css", args=[run.public_id]),
            reverse("audits:preview", args=[document.public_id]),
            reverse("audits:start", args=[world.engagement.public_id]),
            reverse("documents:file", args=[document.public_id]),
            reverse("documents:file", args=[pdf.public_id]),
        ):
            assert agency.get(url).status_code == 404, (user, url)


def test_parquet_stop_file_runs_too(django_capture_on_commit_callbacks):
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead,
        engagement=world.engagement,
        file=upload("stops.parquet", parquet_bytes()),
    )
    assert document.versions.get().extension == "parquet"
    page = as_user(world.lead).get(reverse("audits:preview", args=[document.public_id]))
    assert page.status_code == 200 and "subject_race" in page.content.decode()
    header = ["date", "time", "lat", "lng", "beat", "subject_race", "search_conducted"]
    with django_capture_on_commit_callbacks(execute=True):
        run, report = audit_queue(
            actor=world.lead,
            engagement=world.engagement,
            document=document,
            mapping={"columns": {name: name for name in header}},
            options={"threshold": False, "geography": "beat"},
        )
    assert report["ok"] and report["rows_read"] == 600
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.deliverable is not None


BAD_FILES = {
    "header without rows": (b"date,time,RACE\n", "a header but no data rows"),
    "mixed dates": (
        b"date,time,RACE\n2019-01-02,10:00,W\n2019-01-03,11:00,B\n01/04/2019,12:00,W\n",
        "Dates in another format than the rest of the file",
    ),
    "unknown race codes": (
        b"date,time,RACE\n2019-01-02,10:00,W\n2019-01-03,11:00,Q\n2019-01-04,12:00,Z\n",
        "Codes the mapping does not list",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_give_a_clear_report(case):
    world = audit_world()
    data, message = BAD_FILES[case]
    lead = as_user(world.lead)
    _upload(lead, world.engagement, "bad.csv", data)
    url = reverse("audits:preview", args=[Document.objects.get().public_id])
    page = lead.post(url, mapping_post(_header(data), action="run"))
    assert message in page.content.decode()
    assert not AuditRun.objects.exists()  # the report is shown before anything runs
    assert page.status_code == (400 if case == "header without rows" else 200)
    again = lead.post(url, mapping_post(_header(data), action="run", checked=_checked(page)))
    if case == "header without rows":
        assert again.status_code == 400
        assert not AuditRun.objects.exists()  # nothing runs on a file that cannot be read
    else:
        assert again.status_code == 302  # seen and accepted: it runs, problems reported


def test_wrong_delimiter_is_named_and_nothing_runs():
    world = audit_world()
    lead = as_user(world.lead)
    data = agency_csv(rows=50, sep=";")
    _upload(lead, world.engagement, "semicolons.csv", data)
    url = reverse("audits:preview", args=[Document.objects.get().public_id])
    detected = lead.get(url).content.decode()
    assert "RACE" in detected  # detected: the header is split into its columns
    page = lead.post(url, mapping_post(_header(data, ";"), action="run", delimiter=","))
    assert page.status_code == 400
    assert "separated by semicolons, not by commas" in page.content.decode()
    assert not AuditRun.objects.exists()


def test_empty_binary_and_other_kinds_are_refused_at_upload():
    world = audit_world()
    lead = as_user(world.lead)
    empty = _upload(lead, world.engagement, "empty.csv", b"")
    assert empty.status_code == 400 and "empty" in empty.content.decode()
    from continuum.documents.tests import files

    pdf = _upload(lead, world.engagement, "stops.pdf", files.PDF)
    assert pdf.status_code == 400 and "CSV or Parquet" in pdf.content.decode()
    broken = _upload(lead, world.engagement, "stops.parquet", b"PAR1\x00\x17 not really parquet")
    assert broken.status_code == 400
    assert not Document.objects.exists()


def test_codes_for_an_unmapped_field_are_refused():
    world = audit_world()
    lead = as_user(world.lead)
    data = agency_csv(rows=20)
    _upload(lead, world.engagement, "stops.csv", data)
    url = reverse("audits:preview", args=[Document.objects.get().public_id])
    post = mapping_post(_header(data), action="run")
    post["map_subject_race"] = ""
    page = lead.post(url, post)
    assert page.status_code == 400 and "Choose the file&#x27;s column for subject_race" in (
        page.content.decode()
    )
    assert CODES  # the codes line used
    assert not AuditRun.objects.exists()


def test_bad_options_are_named_and_nothing_runs():
    world = audit_world()
    lead = as_user(world.lead)
    data = agency_csv(rows=20)
    _upload(lead, world.engagement, "stops.csv", data)
    url = reverse("audits:preview", args=[Document.objects.get().public_id])
    page = lead.post(
        url,
        mapping_post(_header(data), action="run", population="martians: 3", geography="district"),
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "Write each group as race: residents" in text
    assert "Choose the file&#x27;s column for district first" in text
    assert not AuditRun.objects.exists()


def test_a_failing_run_keeps_its_reason_and_adds_no_deliverable(monkeypatch):
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead, engagement=world.engagement, file=upload("s.csv", agency_csv(rows=30))
    )
    run = AuditRun.objects.create(
        engagement=world.engagement,
        document=document,
        mapping={"columns": {"date": "date"}},
        requested_by=world.lead,
    )

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("continuum.audits.services.runs.audit_run", boom)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert "disk full" in run.error and run.deliverable is None
    assert not Deliverable.objects.exists()
    page = as_user(world.lead).get(run.get_absolute_url()).content.decode()
    assert "The audit did not finish" in page and "disk full" in page


def test_only_the_worker_moves_a_run():
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead, engagement=world.engagement, file=upload("s.csv", agency_csv(rows=10))
    )
    run = AuditRun.objects.create(engagement=world.engagement, document=document)
    with pytest.raises(TransitionForbidden):
        AUDIT_RUN_MACHINE.apply(actor=world.staff, obj=run, action="start")


def test_every_page_is_404_to_whoever_is_not_on_the_working_side():
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead, engagement=world.engagement, file=upload("s.csv", agency_csv(rows=10))
    )
    run = AuditRun.objects.create(engagement=world.engagement, document=document)
    urls = [
        reverse("audits:start", args=[world.engagement.public_id]),
        reverse("audits:preview", args=[document.public_id]),
        run.get_absolute_url(),
    ]
    for user in (world.staff, world.lead, world.coordinator):
        for url in urls:
            assert as_user(user).get(url).status_code == 200, (user, url)
    others = {**world.outsiders, "agency member": world.member, "requester": world.requester}
    for kind, user in others.items():
        for url in urls:
            assert as_user(user).get(url).status_code == 404, (kind, url)
    for url in urls:
        assert as_user().get(url).status_code == 302  # the public: sign in first


def test_no_section_and_no_audit_without_the_service():
    world = delivery_world()  # CRI-TAC, no bias audit
    lead = as_user(world.lead)
    assert (
        "bias-audit-heading" not in lead.get(world.engagement.get_absolute_url()).content.decode()
    )
    assert lead.get(reverse("audits:start", args=[world.engagement.public_id])).status_code == 404
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        stop_file_upload(
            actor=world.lead,
            engagement=world.engagement,
            file=upload("s.csv", b"date\n2020-01-01\n"),
        )


def test_engagement_page_queries_do_not_grow_with_runs():
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead, engagement=world.engagement, file=upload("s.csv", agency_csv(rows=10))
    )
    AuditRun.objects.create(engagement=world.engagement, document=document)
    lead = as_user(world.lead)
    url = world.engagement.get_absolute_url()
    lead.get(url)
    with CaptureQueriesContext(connection) as one:
        assert lead.get(url).status_code == 200
    for _ in range(5):
        AuditRun.objects.create(engagement=world.engagement, document=document)
    with CaptureQueriesContext(connection) as six:
        assert lead.get(url).status_code == 200
    assert len(six) == len(one)


def test_run_page_queries_and_htmx_fragment(django_assert_max_num_queries):
    world = audit_world()
    document = stop_file_upload(
        actor=world.lead, engagement=world.engagement, file=upload("s.csv", agency_csv(rows=10))
    )
    run = AuditRun.objects.create(engagement=world.engagement, document=document)
    lead = as_user(world.lead)
    with django_assert_max_num_queries(12):
        page = lead.get(run.get_absolute_url())
    assert 'hx-trigger="every 3s"' in page.content.decode()
    assert "Refresh to see the progress" in page.content.decode()  # the no-JS way
    fragment = lead.get(run.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="audit-progress"')


def test_upload_service_refuses_non_stop_files():
    world = audit_world()
    from continuum.documents.tests import files

    with pytest.raises(ValidationError):
        stop_file_upload(
            actor=world.lead, engagement=world.engagement, file=upload("x.pdf", files.PDF)
        )
