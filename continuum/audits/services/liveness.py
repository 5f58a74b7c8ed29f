"""Runs that never stay stuck: the worker's heartbeat, and reaping runs whose worker is gone.

A running run's worker writes `heartbeat_at` with each progress report and, between reports,
from a timer thread about once a minute (`Heartbeat`): the library reports progress only
between its steps, and one step (reading a very large file, the threshold test) can take many
minutes. A run is **stale** when

- it is running and its last heartbeat (or its start) is older than `AUDIT_RUN_STALE_AFTER`
  (default 15 minutes): its worker died (killed, machine restarted, out of memory);
- it is queued, was queued longer ago than that, and its task is not waiting in the queue: the
  task is gone or was never queued, it ended without starting the run, or a worker took it that
  long ago and never started it. A task still waiting for a busy worker is left alone (a run
  behind a long queue is not lost); where the task backend keeps no results, age alone decides.

`audit_runs_reap` fails stale runs through `AUDIT_RUN_MACHINE` (actor None, action `fail`), one
by one, each in its own transaction, under a row lock and checked again on the locked row: two
reapers never both fail a run, and a worker that finishes meanwhile wins cleanly. A worker that
comes back after its run was reaped changes nothing: its heartbeat and progress writes touch only
a run that is still running (a progress write that finds it failed raises `RunAbandoned`, which
stops the audit), and it finishes or fails the run only through the machine, on the locked row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.core.workflow import TransitionError

from ..choices import RunStatus
from ..models import AuditRun
from ..workflow import AUDIT_RUN_MACHINE

logger = logging.getLogger(__name__)

#: Used when the settings name none (`config/settings/base.py` sets the same).
DEFAULT_STALE_AFTER = timedelta(minutes=15)
#: The timer's beat: a fifth of the stale threshold, within these bounds (seconds).
BEAT_MIN_SECONDS = 1.0
BEAT_MAX_SECONDS = 60.0
#: At most this many runs are reaped in one call (the rest at the next).
REAP_LIMIT = 100

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


def stale_after() -> timedelta:
    """`settings.AUDIT_RUN_STALE_AFTER`, a timedelta or a number of seconds."""
    value = getattr(settings, "AUDIT_RUN_STALE_AFTER", DEFAULT_STALE_AFTER)
    if not isinstance(value, timedelta):
        value = timedelta(seconds=float(value))
    if value <= timedelta(0):
        raise ImproperlyConfigured("AUDIT_RUN_STALE_AFTER must be more than zero.")
    return value


def heartbeat_interval() -> float:
    """Seconds between the timer's beats: five beats a threshold, at least 1 s, at most 60 s."""
    seconds = stale_after().total_seconds() / 5
    return max(BEAT_MIN_SECONDS, min(BEAT_MAX_SECONDS, seconds))


class RunAbandoned(Exception):  # noqa: N818 - a state, not an error of the worker
    """The run is no longer running (it was reaped while its worker was silent): stop."""


def _beat(run_id: int, **fields: Any) -> bool:
    """Write a heartbeat (and `fields`) to the run if it is still running; whether it was."""
    updated = AuditRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now(), **fields
    )
    return updated == 1


def progress_writer(run_id: int):
    """The library's `progress` callback: share and message, with a heartbeat. Raises
    `RunAbandoned` once the run is no longer running, so a reaped run's worker stops."""

    def write(message: str, share: float) -> None:
        alive = _beat(
            run_id,
            progress=min(max(float(share), 0.0), 1.0),
            progress_message=str(message)[:200],
        )
        if not alive:
            raise RunAbandoned(run_id)

    return write


class Heartbeat:
    """Beat for a running run from a daemon thread while the block runs (between progress
    reports). A failed beat is logged and tried again; the thread closes its own database
    connection when the block ends. Whether the run was reaped is decided by the worker's own
    writes (progress, finishing), never by this thread."""

    def __init__(self, run_id: int, interval: float | None = None):
        self.run_id = run_id
        self.interval = heartbeat_interval() if interval is None else interval
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"audit-heartbeat-{run_id}", daemon=True
        )

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    _beat(self.run_id)
                    self.beats += 1
                except Exception:  # a busy or restarting database: try again at the next beat
                    logger.warning("Heartbeat of audit run %s failed", self.run_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


# --- reaping -----------------------------------------------------------------------------------


def _last_sign(run: AuditRun) -> datetime:
    return run.heartbeat_at or run.started_at or run.created_at


def _task_waiting(run: AuditRun, cutoff: datetime) -> bool:
    """Whether a queued run's task is still in the queue: waiting for a worker, or taken by one
    after `cutoff` (so the run is not lost). False when the backend cannot say."""
    if not run.task_id:
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

    from ..tasks import audit_run_task

    try:
        result = audit_run_task.get_result(run.task_id)
    except NotImplementedError:  # a backend that keeps no results: age alone decides
        return False
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return False
    except Exception:  # the queue cannot be read now: do not fail someone's run on a guess
        logger.warning("Cannot read the task of audit run %s", run.public_id, exc_info=True)
        return True
    if result.status == TaskResultStatus.READY:
        return True
    if result.status == TaskResultStatus.RUNNING:
        taken = result.last_attempted_at or result.started_at
        return taken is not None and taken >= cutoff
    return False


def _is_stale(run: AuditRun, cutoff: datetime) -> bool:
    if run.status == RunStatus.RUNNING:
        return _last_sign(run) < cutoff
    if run.status == RunStatus.QUEUED:
        return run.created_at < cutoff and not _task_waiting(run, cutoff)
    return False


def run_fail(run: AuditRun, reason: str, *, note: str = "", now: datetime | None = None):
    """Fail the run through the machine (the system's `fail`), keeping `reason` on it."""

    def record(row: AuditRun) -> None:
        row.error = reason
        row.finished_at = now or timezone.now()

    return AUDIT_RUN_MACHINE.apply(
        actor=None, obj=run, action="fail", note=(note or reason)[:500], before_save=record
    )


def _fail_locked(
    pk: int, *, reason: str, cutoff: datetime | None, now: datetime, note: str = ""
) -> bool:
    """Fail one run if, on the locked row, it is still queued or running (and stale, unless
    `cutoff` is None). A row another transaction holds (its worker finishing) is skipped."""
    with transaction.atomic():
        row = (
            AuditRun.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status__in=ACTIVE)
            .first()
        )
        if row is None or (cutoff is not None and not _is_stale(row, cutoff)):
            return False
        if cutoff is not None and row.status == RunStatus.QUEUED:
            reason = _("No worker took the audit in time, so it did not run. Run it again.")
        run_fail(row, reason, note=note, now=now)
        return True


def _fail_each(pks: Iterable[int], **kwargs: Any) -> int:
    failed = 0
    for pk in pks:
        try:
            failed += _fail_locked(pk, **kwargs)
        except (TransitionError, DatabaseError):
            # Moved or locked by someone else meanwhile: it is theirs; the next reap looks again.
            logger.warning("Audit run %s was not reaped", pk, exc_info=True)
    return failed


def audit_runs_reap(
    now: datetime | None = None, *, engagement: Any = None, limit: int = REAP_LIMIT
) -> int:
    """Fail every stale run (of `engagement` only, when given); returns how many were failed.

    Cheap when nothing is stale: one query. Safe in several processes at once."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    candidates = (
        AuditRun.objects.filter(status__in=ACTIVE)
        .annotate(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(
            Q(status=RunStatus.RUNNING, last_sign__lt=cutoff)
            | Q(status=RunStatus.QUEUED, created_at__lt=cutoff)
        )
    )
    if engagement is not None:
        candidates = candidates.filter(engagement=engagement)
    pks = list(candidates.order_by("pk").values_list("pk", flat=True)[:limit])
    if not pks:
        return 0
    return _fail_each(
        pks,
        reason=_("The worker stopped before the audit finished. Run it again."),
        cutoff=cutoff,
        now=now,
    )


def audit_runs_stop(*, actor: Any, runs: Iterable[AuditRun]) -> int:
    """An administrator marks queued or running runs as failed (stopped), for a run the reaper
    has not caught yet; finished runs are left as they are. Returns how many were failed."""
    if actor is None or not actor.has_perm("audits.change_auditrun"):
        raise PermissionDenied(_("You can't stop bias audits."))
    who = getattr(actor, "email", "") or str(actor)
    return _fail_each(
        [run.pk for run in runs],
        reason=_("An administrator marked the audit as stopped. Run it again."),
        note=_("Marked as stopped in the administration by %(who)s.") % {"who": who},
        cutoff=None,
        now=timezone.now(),
    )
