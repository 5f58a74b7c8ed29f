"""Every write of bias audits: the stop file, runs and their work (`runs`), and keeping runs
from staying stuck when their worker dies (`liveness`)."""

from .liveness import (
    RunAbandoned,
    audit_runs_reap,
    audit_runs_stop,
    heartbeat_interval,
    progress_writer,
    stale_after,
)
from .runs import (
    READABLE_EXTENSIONS,
    audit_execute,
    audit_queue,
    audit_run_again,
    has_bias_audit,
    may_audit,
    stop_file_upload,
)

__all__ = [
    "READABLE_EXTENSIONS",
    "RunAbandoned",
    "audit_execute",
    "audit_queue",
    "audit_run_again",
    "audit_runs_reap",
    "audit_runs_stop",
    "has_bias_audit",
    "heartbeat_interval",
    "may_audit",
    "progress_writer",
    "stale_after",
    "stop_file_upload",
]
