"""Runs never stay stuck (issue 11): the heartbeat, the reaper (service, pages, command, start
of every audit), a worker that comes back after its run was reaped, "Run again", and the
administration's list and its "Mark as failed (stopped)" action."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.tests.factories import AdministratorFactory
from continuum.activity.models import Event
from continuum.audits.choices import RunStatus
from continuum.audits.models import AuditRun
from continuum.audits.services import (
    RunAbandoned,
    audit_execute,
    audit_runs_reap,
    audit_runs_stop,
    heartbeat_interval,
    liveness,
    progress_writer,
    stale_after,
    stop_file_upload,
)
from continuum.audits.workflow import AUDIT_RUN_MACHINE
from continuum.engagements.models import Deliverable

from .world import agency_csv, audit_world, upload

T0 = "2026-12-03T10:00-05:00"
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(T0, tick=False)]

MAPPING = {
    "columns": {
        "date": "date",
        "time": "time",
        "subject_race": {
            "column": "RACE",
            "values": {"W": "white", "B": "black", "H": "hispanic", "A": "asian/pacific islander"},
        },
    }
}
WORKER_STOPPED = "The worker stopped before the audit finished. Run it again."
NO_WORKER = "No worker took the audit in time, so it did not run. Run it again."


def as_user(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world():
    built = audit_world()
    built.document = stop_file_upload(
        actor=built.lead, engagement=built.engagement, file=upload("s.csv", agency_csv(rows=30))
    )
    return built


def queued(world, **fields) -> AuditRun:
    return AuditRun.objects.create(
        engagement=world.engagement,
        document=world.document,
        mapping=MAPPING,
        options={"threshold": False, "geography": None, "population": None},
        requested_by=world.lead,
        **fields,
    )


def running(world) -> AuditRun:
    run = queued(world)
    now = timezone.now()

    def record(row):
        row.started_at = row.heartbeat_at = now

    return AUDIT_RUN_MACHINE.apply(actor=None, obj=run, action="start", before_save=record)


def status_of(run) -> str:
    run.refresh_from_db()
    return run.status


def fake_result(ok=False, fatal="", files=None):
    return SimpleNamespace(ok=ok, validation=SimpleNamespace(fatal=fatal), files=files or {})


# --- the setting and the heartbeat ---------------------------------------------------------------


def test_the_threshold_is_a_timedelta_or_seconds_and_the_beat_follows_it(settings):
    assert stale_after() == timedelta(minutes=15)  # config/settings/base.py
    assert heartbeat_interval() == 60  # a beat a minute: fifteen chances before a run is stale
    settings.AUDIT_RUN_STALE_AFTER = 120
    assert stale_after() == timedelta(minutes=2) and heartbeat_interval() == 24
    settings.AUDIT_RUN_STALE_AFTER = timedelta(seconds=2)
    assert heartbeat_interval() == 1
    settings.AUDIT_RUN_STALE_AFTER = 0
    with pytest.raises(ImproperlyConfigured):
        stale_after()


def test_start_and_every_progress_report_write_the_heartbeat(world, monkeypatch, time_machine):
    run = queued(world)
    seen = {}

    def fake_audit(path, out, mapping, options, progress):
        row = AuditRun.objects.get(pk=run.pk)
        seen["start"] = (row.status, row.started_at, row.heartbeat_at)
        time_machine.shift(timedelta(minutes=5))
        progress("Counting stops", 0.2)
        row.refresh_from_db()
        seen["progress"] = (row.progress, row.progress_message, row.heartbeat_at)
        return fake_result(fatal="The file has no date column.")

    monkeypatch.setattr("continuum.audits.services.runs.audit_run", fake_audit)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    start = timezone.now() - timedelta(minutes=5)
    assert seen["start"] == (RunStatus.RUNNING, start, start)
    assert seen["progress"] == (0.2, "Counting stops", timezone.now())
    run.refresh_from_db()
    assert run.error == "The file has no date column."


def test_the_timer_beats_between_reports_and_survives_a_failed_beat(monkeypatch):
    beats = []

    def beat(run_id):
        beats.append(run_id)
        if len(beats) == 1:
            raise DatabaseError("database is locked")
        return True

    monkeypatch.setattr(liveness, "_beat", beat)
    with liveness.Heartbeat(7, interval=0.01) as heart:
        deadline = time.monotonic() + 5
        while len(beats) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert beats[:3] == [7, 7, 7]  # the failed first beat did not stop the timer
    assert heart.beats >= 2
    assert not any(t.name == "audit-heartbeat-7" for t in threading.enumerate())  # ended


def test_a_beat_touches_only_a_running_run(world):
    run = running(world)
    assert liveness._beat(run.pk)
    other = queued(world)
    assert not liveness._beat(other.pk)
    other.refresh_from_db()
    assert other.heartbeat_at is None


# --- the reaper -----------------------------------------------------------------------------------


def test_stale_runs_are_failed_and_fresh_ones_are_not(world, time_machine, settings):
    stale_queued = queued(world)
    stale_running = running(world)
    beating = running(world)
    time_machine.shift(timedelta(minutes=10))
    progress_writer(beating.pk)("Veil of darkness", 0.5)
    fresh_queued = queued(world)
    time_machine.shift(timedelta(minutes=6))  # 16 minutes after the first ones

    assert audit_runs_reap() == 2
    assert status_of(stale_queued) == status_of(stale_running) == RunStatus.FAILED
    assert status_of(beating) == RunStatus.RUNNING and status_of(fresh_queued) == RunStatus.QUEUED
    assert stale_running.error == WORKER_STOPPED and stale_running.finished_at == timezone.now()
    assert stale_queued.error == NO_WORKER
    events = Event.objects.filter(
        verb="audit_failed", target_type=ContentType.objects.get_for_model(AuditRun)
    )
    assert {(e.target_id, e.actor_id, e.from_state) for e in events} == {
        (str(stale_queued.pk), None, RunStatus.QUEUED),
        (str(stale_running.pk), None, RunStatus.RUNNING),
    }
    assert audit_runs_reap() == 0  # once only

    settings.AUDIT_RUN_STALE_AFTER = 300  # seconds
    assert audit_runs_reap() == 2
    assert status_of(beating) == status_of(fresh_queued) == RunStatus.FAILED


def test_a_run_still_waiting_in_the_queue_is_not_lost(world, settings, time_machine):
    """With the database queue, a queued run whose task waits for a busy worker is kept; one
    whose task a worker took long ago and never started, or whose task is gone, is failed."""
    from django_tasks_db.models import DBTaskResult

    from continuum.audits.services.runs import _enqueue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    waiting, taken, gone = queued(world), queued(world), queued(world)
    for run in (waiting, taken, gone):
        _enqueue(run.pk)
        run.refresh_from_db()
        assert run.task_id
    DBTaskResult.objects.get(id=taken.task_id).claim("worker-1")
    DBTaskResult.objects.filter(id=gone.task_id).delete()
    time_machine.shift(timedelta(minutes=10))
    late = queued(world)  # its task is taken now: still within the threshold
    _enqueue(late.pk)
    late.refresh_from_db()
    DBTaskResult.objects.get(id=late.task_id).claim("worker-2")
    time_machine.shift(timedelta(minutes=10))

    assert audit_runs_reap() == 2
    assert status_of(waiting) == RunStatus.QUEUED
    assert status_of(late) == RunStatus.QUEUED  # queued 10 minutes ago
    assert status_of(taken) == status_of(gone) == RunStatus.FAILED


def test_only_the_engagements_runs_are_reaped_from_its_pages(world, time_machine):
    other = audit_world()
    other_document = stop_file_upload(
        actor=other.lead, engagement=other.engagement, file=upload("o.csv", agency_csv(rows=10))
    )
    elsewhere = AuditRun.objects.create(engagement=other.engagement, document=other_document)
    here = running(world)
    time_machine.shift(timedelta(minutes=20))
    assert audit_runs_reap(engagement=world.engagement) == 1
    assert status_of(here) == RunStatus.FAILED and status_of(elsewhere) == RunStatus.QUEUED


def test_the_run_page_and_the_engagement_page_reap(world, time_machine):
    run = running(world)
    listed = queued(world)
    time_machine.shift(timedelta(minutes=20))
    lead = as_user(world.lead)

    page = lead.get(run.get_absolute_url()).content.decode()
    assert "The audit did not finish" in page and WORKER_STOPPED in page
    assert "hx-get" not in page and "Run again" in page
    assert status_of(run) == RunStatus.FAILED

    section = lead.get(world.engagement.get_absolute_url()).content.decode()
    assert status_of(listed) == RunStatus.FAILED
    assert "Failed" in section


def test_the_htmx_poll_of_a_dead_run_reloads_the_page(world, time_machine):
    run = running(world)
    time_machine.shift(timedelta(minutes=20))
    fragment = as_user(world.lead).get(run.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment["HX-Refresh"] == "true" and WORKER_STOPPED in fragment.content.decode()


def test_the_command_says_how_many_runs_it_failed(world, time_machine):
    running(world)
    queued(world)
    time_machine.shift(timedelta(minutes=20))
    queued(world)  # fresh
    out = StringIO()
    call_command("audit_runs_reap", stdout=out)
    assert out.getvalue().strip() == "Bias audits: 2 stale runs failed."
    out = StringIO()
    call_command("audit_runs_reap", stdout=out)
    assert out.getvalue().strip() == "Bias audits: 0 stale runs failed."


def test_every_new_audit_reaps_the_queue_first(world, monkeypatch, time_machine):
    dead = running(world)
    time_machine.shift(timedelta(minutes=20))
    run = queued(world)
    monkeypatch.setattr(
        "continuum.audits.services.runs.audit_run", lambda *a, **k: fake_result(fatal="no")
    )
    audit_execute(run_id=run.pk)
    assert status_of(dead) == RunStatus.FAILED
    assert status_of(run) == RunStatus.FAILED and run.error == "no"  # its own failure


# --- a worker that comes back ---------------------------------------------------------------------


def _reaped_meanwhile(time_machine):
    """As another process would: the worker is silent for 20 minutes and gets reaped."""
    time_machine.shift(timedelta(minutes=20))
    assert audit_runs_reap() == 1


def test_a_late_progress_report_changes_nothing_and_stops_the_worker(world, time_machine):
    run = running(world)
    _reaped_meanwhile(time_machine)
    before = AuditRun.objects.values().get(pk=run.pk)
    with pytest.raises(RunAbandoned):
        progress_writer(run.pk)("Writing the report", 0.9)
    assert AuditRun.objects.values().get(pk=run.pk) == before


def test_a_reaped_worker_stops_at_its_next_report(world, monkeypatch, time_machine):
    run = queued(world)
    reached = []

    def fake_audit(path, out, mapping, options, progress):
        _reaped_meanwhile(time_machine)
        progress("Counting stops", 0.2)
        reached.append("after the report")
        return fake_result(ok=True)

    monkeypatch.setattr("continuum.audits.services.runs.audit_run", fake_audit)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    assert not reached
    run.refresh_from_db()
    assert run.error == WORKER_STOPPED and run.progress == 0


def test_a_reaped_worker_that_finishes_adds_no_deliverable(
    world, monkeypatch, time_machine, tmp_path
):
    run = queued(world)
    (tmp_path / "results.json").write_text(json.dumps({"analyses": []}))
    (tmp_path / "report.html").write_text("<html></html>")
    files = {"results": tmp_path / "results.json", "html": tmp_path / "report.html"}

    def fake_audit(path, out, mapping, options, progress):
        _reaped_meanwhile(time_machine)
        return fake_result(ok=True, files=files)

    monkeypatch.setattr("continuum.audits.services.runs.audit_run", fake_audit)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.error == WORKER_STOPPED and run.results is None and run.report_html == ""
    assert run.deliverable is None and not Deliverable.objects.exists()
    assert not Event.objects.filter(verb="audit_done").exists()


def test_a_reaped_worker_that_fails_keeps_the_reapers_reason(world, monkeypatch, time_machine):
    run = queued(world)

    def fake_audit(path, out, mapping, options, progress):
        _reaped_meanwhile(time_machine)
        raise RuntimeError("disk full")

    monkeypatch.setattr("continuum.audits.services.runs.audit_run", fake_audit)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.error == WORKER_STOPPED
    assert Event.objects.filter(verb="audit_failed").count() == 1


def test_a_task_for_a_run_reaped_before_it_started_does_nothing(world, monkeypatch, time_machine):
    run = queued(world)
    time_machine.shift(timedelta(minutes=20))
    assert audit_runs_reap() == 1
    monkeypatch.setattr("continuum.audits.services.runs.audit_run", pytest.fail)
    assert audit_execute(run_id=run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.started_at is None and run.error == NO_WORKER


# --- run again ------------------------------------------------------------------------------------


def _failed(world, time_machine) -> AuditRun:
    run = running(world)
    time_machine.shift(timedelta(minutes=20))
    audit_runs_reap()
    run.refresh_from_db()
    return run


def test_run_again_queues_the_same_file_mapping_and_options(world, time_machine):
    run = _failed(world, time_machine)
    run.options = {"threshold": True, "geography": None, "population": {"white": 100}}
    AuditRun.objects.filter(pk=run.pk).update(options=run.options)
    url = reverse("audits:run_again", args=[run.public_id])
    response = as_user(world.lead).post(url)
    again = AuditRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    assert again.status == RunStatus.QUEUED and again.requested_by == world.lead
    assert (again.document, again.mapping, again.options) == (run.document, MAPPING, run.options)
    assert status_of(run) == RunStatus.FAILED  # the failed run stays as it was
    assert as_user(world.lead).get(url).status_code == 405  # a button, never a link


def test_run_again_is_404_to_whoever_may_not_audit(world, time_machine):
    run = _failed(world, time_machine)
    url = reverse("audits:run_again", args=[run.public_id])
    others = {**world.outsiders, "agency member": world.member, "requester": world.requester}
    for kind, user in others.items():
        assert as_user(user).post(url).status_code == 404, kind
        assert as_user(user).get(url).status_code == 404, kind
    assert as_user().post(url).status_code == 302  # the public: sign in first
    assert AuditRun.objects.count() == 1


def test_a_run_that_did_not_fail_has_no_button_and_cannot_run_again(world):
    run = running(world)
    lead = as_user(world.lead)
    page = lead.get(run.get_absolute_url()).content.decode()
    assert "Run again" not in page
    response = lead.post(reverse("audits:run_again", args=[run.public_id]), follow=True)
    assert "Only an audit that did not finish can be run again." in response.content.decode()
    assert AuditRun.objects.count() == 1


def test_the_failed_page_shows_the_button_only_to_who_may_audit(world, time_machine):
    run = _failed(world, time_machine)
    assert "Run again" in as_user(world.staff).get(run.get_absolute_url()).content.decode()
    world.engagement.services.clear()  # no longer a bias-audit engagement: nobody may audit
    page = as_user(world.staff).get(run.get_absolute_url()).content.decode()
    assert "The audit did not finish" in page and "Run again" not in page


# --- the administration ---------------------------------------------------------------------------


def test_the_admin_lists_filters_and_searches_runs_read_only(world):
    run = running(world)
    admin_user = as_user(AdministratorFactory())
    changelist = reverse("admin:audits_auditrun_changelist")
    page = admin_user.get(changelist)
    assert page.status_code == 200 and str(run.public_id) in page.content.decode()
    number = world.engagement.assistance_request.tracking_number
    assert str(run.public_id) in admin_user.get(changelist, {"q": number}).content.decode()
    assert str(run.public_id) not in admin_user.get(changelist, {"q": "no-such"}).content.decode()
    assert str(run.public_id) not in (
        admin_user.get(changelist, {"status__exact": "done"}).content.decode()
    )
    detail = admin_user.get(reverse("admin:audits_auditrun_change", args=[run.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin_user.get(reverse("admin:audits_auditrun_add")).status_code == 403
    assert admin_user.post(reverse("admin:audits_auditrun_change", args=[run.pk])).status_code in (
        403,
        302,
    )
    assert status_of(run) == RunStatus.RUNNING


def test_the_admin_action_fails_stuck_runs_through_the_service(world):
    stuck = running(world)
    waiting = queued(world)
    done = running(world)
    AUDIT_RUN_MACHINE.apply(actor=None, obj=done, action="finish")
    admin = AdministratorFactory()
    response = as_user(admin).post(
        reverse("admin:audits_auditrun_changelist"),
        {"action": "mark_stopped", "_selected_action": [stuck.pk, waiting.pk, done.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "2 audit runs marked as failed." in text and "1 run was left as it is" in text
    assert status_of(stuck) == status_of(waiting) == RunStatus.FAILED
    assert status_of(done) == RunStatus.DONE
    assert stuck.error == "An administrator marked the audit as stopped. Run it again."
    note = Event.objects.filter(verb="audit_failed").values_list("note", flat=True).first()
    assert admin.email in note


def test_only_who_may_change_runs_can_stop_them(world):
    run = running(world)
    with pytest.raises(PermissionDenied):
        audit_runs_stop(actor=world.staff, runs=[run])
    with pytest.raises(PermissionDenied):
        audit_runs_stop(actor=None, runs=[run])
    assert status_of(run) == RunStatus.RUNNING


def test_reaping_from_a_page_costs_one_query_when_nothing_is_stale(world, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    running(world)
    queued(world)
    time_machine.shift(timedelta(minutes=14))
    with CaptureQueriesContext(connection) as queries:
        assert audit_runs_reap(engagement=world.engagement) == 0
    assert len(queries) == 1
