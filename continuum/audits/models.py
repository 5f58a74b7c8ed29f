"""A bias audit of an engagement's stop file: one run of the analytics library's `audit_run`.

The stop file is a team-only document of the engagement (the documents app stores it); the run
keeps the column mapping it used, where it stands (status through `workflow.AUDIT_RUN_MACHINE`,
progress and a heartbeat written by the background task, so a run whose worker died can be
told apart and failed: `services.audit_runs_reap`), and, when done, the results JSON and the
draft deliverable that holds the report.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import RunStatus


class AuditRun(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="audit_runs"
    )
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="audit_runs"
    )
    mapping = models.JSONField(_("column mapping"), default=dict)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus, default=RunStatus.QUEUED)
    progress = models.FloatField(_("share done"), default=0.0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    results = models.JSONField(_("results"), null=True, blank=True)
    report_html = models.TextField(
        _("report (HTML)"),
        blank=True,
        help_text=_("The library's HTML report, served to the team."),
    )
    deliverable = models.ForeignKey(
        "engagements.Deliverable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_runs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("When the worker running the audit last reported; a silent one is reaped."),
    )
    task_id = models.CharField(
        _("task id"),
        max_length=64,
        blank=True,
        help_text=_(
            "The background task's id in the task queue, to tell a waiting run from a lost one."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["engagement", "-created_at"], name="auditrun_eng_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=1),
                name="auditrun_progress_share",
            )
        ]

    def __str__(self) -> str:
        return f"Bias audit {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("audits:run", kwargs={"run_id": self.public_id})

    @property
    def percent(self) -> int:
        return round(self.progress * 100)
