"""Every write of bias audits: uploading the stop file, queueing a run, and the run itself.

The stop file is a team-only document of the engagement (`document_attach`, visibility `TEAM`).
`audit_queue` checks the mapping with the library's validation (a file that cannot be read gives
its plain reason and no run), writes the run and queues the background task once the
transaction commits. `audit_execute` (the task) runs the library's `audit_run`, writing its
progress and a heartbeat to the row (`liveness`); when done, the report becomes a draft
deliverable of the engagement with the PDF attached as a team-only document, and the results
JSON is kept on the run. `audit_run_again` queues a failed run's file, mapping and options anew.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.analytics.audit import Options, audit_run
from continuum.analytics.mapping import mapping_from_dict
from continuum.core.workflow import TransitionNotAllowed
from continuum.documents.choices import TEAM, DocumentKind
from continuum.documents.models import Document
from continuum.documents.services import Upload, document_attach
from continuum.documents.validation import inspect_upload
from continuum.engagements.choices import ENDED_ENGAGEMENT_STATUSES, DeliverableKind
from continuum.engagements.models import Engagement
from continuum.engagements.policy import ENGAGEMENTS
from continuum.engagements.services.deliverables import deliverable_add

from ..choices import BIAS_AUDIT_SERVICE, RunStatus
from ..files import local_copy, mapping_check
from ..models import AuditRun
from ..workflow import AUDIT_RUN_MACHINE
from .liveness import Heartbeat, RunAbandoned, audit_runs_reap, progress_writer, run_fail

logger = logging.getLogger(__name__)

#: The kinds of stored file the library reads (CSV, or text that is CSV by another name).
READABLE_EXTENSIONS = frozenset({"csv", "txt", "parquet"})


def has_bias_audit(engagement: Engagement) -> bool:
    return any(s.slug == BIAS_AUDIT_SERVICE for s in engagement.services.all())


def may_audit(user: Any, engagement: Engagement) -> bool:
    """The working side and program staff, on an open engagement with the bias-audit service."""
    return (
        engagement.status not in ENDED_ENGAGEMENT_STATUSES
        and has_bias_audit(engagement)
        and ENGAGEMENTS.allows("work", user, engagement)
    )


def _require(actor: Any, engagement: Engagement) -> None:
    if not may_audit(actor, engagement):
        raise PermissionDenied(_("You can't run a bias audit in this engagement."))


def stop_file_upload(*, actor: Any, engagement: Engagement, file) -> Document:
    """Store a stop file as a team-only data document of the engagement."""
    _require(actor, engagement)
    if inspect_upload(file).extension not in READABLE_EXTENSIONS:
        raise ValidationError({"file": _("Upload the stops as a CSV or Parquet file.")})
    return document_attach(
        actor=actor,
        target=engagement,
        upload=Upload(file=file, kind=DocumentKind.DATA, visibility=TEAM),
    )


def audit_queue(
    *, actor: Any, engagement: Engagement, document: Document, mapping: dict, options: dict
) -> tuple[AuditRun | None, dict]:
    """Check the file with `mapping`; queue a run when it can be read. Returns (run, report):
    no run when the report says the file cannot be used."""
    _require(actor, engagement)
    version = document.versions.order_by("-number").first()
    if version is None or version.extension not in READABLE_EXTENSIONS:
        raise ValidationError(_("This document is not a stop file (CSV or Parquet)."))
    with local_copy(version) as path:
        parsed, report = mapping_check(path, mapping)
    if parsed is None or not report.get("ok"):
        return None, report
    with transaction.atomic():
        run = AuditRun(
            engagement=engagement,
            document=document,
            mapping=mapping,
            options={
                "threshold": bool(options.get("threshold")),
                "geography": options.get("geography") or None,
                "population": options.get("population") or None,
            },
            requested_by=actor,
            progress_message=_("Waiting for a worker"),
        )
        run.full_clean()
        run.save()
        from continuum.activity.services import event_record

        event_record(
            actor=actor, verb="audit_queued", target=run, to_state=run.status, note=document.name
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run, report


def _enqueue(run_id: int) -> None:
    """Queue the run's task and keep its id (the reaper asks the queue whether it waits)."""
    from ..tasks import audit_run_task

    try:
        result = audit_run_task.enqueue(run_id)
    except Exception:  # the queue is unreachable: the run stays queued until it is reaped
        logger.exception("Bias audit run %s could not be queued", run_id)
        return
    AuditRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def _fail(run: AuditRun, reason: str) -> str:
    """The worker fails its own run; a run already failed (reaped meanwhile) stays as it is."""
    try:
        return run_fail(run, reason).status
    except TransitionNotAllowed:
        run.refresh_from_db()
        return run.status


def _start(run: AuditRun) -> None:
    def record(row: AuditRun) -> None:
        row.started_at = row.heartbeat_at = timezone.now()

    AUDIT_RUN_MACHINE.apply(actor=None, obj=run, action="start", before_save=record)


def _reap_others() -> None:
    """Fail the queue's stale runs (cheap: one query when none is); never stops this audit."""
    try:
        audit_runs_reap()
    except Exception:
        logger.exception("Reaping stale bias audit runs failed")


def audit_execute(*, run_id: int) -> str:
    """Run one queued audit (the background task). Never raises for a run's own failure; a run
    reaped while this worker was silent is left failed (the worker stops at its next report)."""
    run = AuditRun.objects.select_related("engagement", "document", "requested_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run.status
    try:
        _start(run)
    except TransitionNotAllowed:  # reaped, or taken by another worker, since it was read
        run.refresh_from_db()
        return run.status
    _reap_others()  # after the start, so this run is never among them
    version = run.document.versions.order_by("-number").first()
    out = Path(tempfile.mkdtemp(prefix="continuum-audit-out-"))
    try:
        with Heartbeat(run.pk), local_copy(version) as path:
            options = Options(
                threshold=bool(run.options.get("threshold")),
                geography=run.options.get("geography") or None,
                population=run.options.get("population") or None,
                seed=run.pk,
            )
            result = audit_run(
                path,
                out,
                mapping_from_dict(run.mapping),
                options,
                progress=progress_writer(run.pk),
            )
        if not result.ok:
            return _fail(run, result.validation.fatal or _("The file could not be read."))
        return _deliver(run, result).status
    except RunAbandoned:
        logger.warning("Bias audit %s was reaped while it ran; its work is dropped", run.public_id)
        run.refresh_from_db()
        return run.status
    except Exception as exc:  # the run fails with its reason; the worker keeps going
        logger.exception("Bias audit %s failed", run.public_id)
        run.refresh_from_db()
        return _fail(run, _("The audit stopped on an error: %s") % str(exc)[:300])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _deliver(run: AuditRun, result) -> AuditRun:
    """The report as a draft deliverable (PDF attached, team only); the results on the run."""
    import json

    actor = run.requested_by
    # The library writes NaN and Infinity where a figure is undefined; JSON columns take null.
    results = json.loads(
        result.files["results"].read_text(encoding="utf-8"), parse_constant=lambda _c: None
    )
    with transaction.atomic():
        # Lock the run first: a run reaped meanwhile gets no deliverable (and a reaper waiting
        # for this lock finds the run done).
        locked = AuditRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.RUNNING:
            raise RunAbandoned(run.pk)
        deliverable = deliverable_add(
            actor=actor,
            engagement=run.engagement,
            title=_("Bias audit report: %(file)s") % {"file": run.document.name},
            kind=DeliverableKind.ASSESSMENT,
            owner=None,
        )
        pdf = result.files.get("pdf")
        if pdf is not None:
            with pdf.open("rb") as handle:
                document_attach(
                    actor=actor,
                    target=deliverable,
                    upload=Upload(
                        file=File(handle, name="bias-audit-report.pdf"),
                        kind=DocumentKind.REPORT,
                        name=_("Bias audit report (draft).pdf"),
                        visibility=TEAM,
                    ),
                )

        def record(row: AuditRun) -> None:
            row.results = results
            row.report_html = result.files["html"].read_text(encoding="utf-8")
            row.deliverable = deliverable
            row.progress = 1.0
            row.finished_at = timezone.now()

        return AUDIT_RUN_MACHINE.apply(
            actor=None, obj=run, action="finish", note=deliverable.title, before_save=record
        )


def audit_run_again(*, actor: Any, run: AuditRun) -> tuple[AuditRun | None, dict]:
    """Queue a failed run's stop file again with the same mapping and options (checked again,
    as `audit_queue` does). Returns (new run, report): no run when the file can no longer be
    read with the mapping."""
    if run.status != RunStatus.FAILED:
        raise ValidationError(_("Only an audit that did not finish can be run again."))
    return audit_queue(
        actor=actor,
        engagement=run.engagement,
        document=run.document,
        mapping=run.mapping,
        options=run.options or {},
    )
