"""States of a bias-audit run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The catalog service whose engagements may run a bias audit.
BIAS_AUDIT_SERVICE = "bias-audit"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = frozenset({RunStatus.DONE, RunStatus.FAILED})
