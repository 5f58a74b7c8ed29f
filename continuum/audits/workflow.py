"""The bias-audit run's transition table: queued → running → done, or failed.

Only the background task moves a run (the actor is the system, `None`); a run that cannot start
(its file is gone) fails from the queue.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from continuum.core.workflow import StateMachine, Transition

from .choices import RunStatus as S
from .models import AuditRun


def system_only(user: Any, run: Any) -> bool:
    """The worker moves runs; no person does."""
    return user is None


AUDIT_RUN_MACHINE = StateMachine(
    name="audit_run",
    model=AuditRun,
    field="status",
    transitions=[
        Transition(
            S.QUEUED, "start", S.RUNNING, system_only, label=_("Start"), verb="audit_started"
        ),
        Transition(S.RUNNING, "finish", S.DONE, system_only, label=_("Finish"), verb="audit_done"),
        Transition(S.RUNNING, "fail", S.FAILED, system_only, label=_("Fail"), verb="audit_failed"),
        Transition(S.QUEUED, "fail", S.FAILED, system_only, label=_("Fail"), verb="audit_failed"),
    ],
)
