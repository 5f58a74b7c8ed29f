"""Progress reports and what the public portal reads (issue 10 §5, §6).

The public side never reads working tables (DESIGN §3). What it may show is copied, at the
moment a person with the right publishes it, into the rows of this app:

- `PublicListing`: an engagement on the public portal, with the few facts about it the public
  sees (title, agency, program, services, summary) copied when it is listed. Organizational
  Assessments are listed by program staff; other engagements only with the agency's consent,
  which is kept (who, when).
- `ReportDue`: a promised progress report and its due date; overdue when the date has passed
  and no published report fulfils it.
- `ProgressReport`: a snapshot of the register at a date (`snapshot`, see `snapshot.py`).
  While a draft it can be rebuilt and edited; once published it never changes. A correction is
  a new report that names the one it corrects.
- `DashboardSnapshot`: the national dashboard's figures, computed and published as one row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.core.models import TimeStampedModel

from .choices import ReportState

TEXT_MAX = 10000
NAME_MAX = 200


class PublicListing(TimeStampedModel):
    """An engagement's entry on the public portal (public while `listed_at` is set)."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="public_listing"
    )
    #: In the portal's addresses (the engagement's own public_id is never shown).
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=NAME_MAX)
    summary = models.TextField(_("summary"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    agency_name = models.CharField(max_length=NAME_MAX)
    #: The directory agency's ORI code, when it has one (the agency's public page).
    agency_ori = models.CharField(max_length=9, blank=True)
    agency_state = models.CharField(max_length=2, blank=True)
    agency_type = models.CharField(max_length=NAME_MAX, blank=True)
    program_name = models.CharField(max_length=NAME_MAX)
    program_slug = models.SlugField(max_length=80)
    #: Service names as they were when listed.
    services = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    started_on = models.DateField(null=True, blank=True)
    #: The agency's consent to public listing (not needed for an Organizational Assessment).
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_name = models.CharField(_("name typed as signature"), max_length=150, blank=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    listed_at = models.DateTimeField(null=True, blank=True)
    #: Promised cadence of progress reports, in months (none: no promise).
    report_every_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["agency_name", "pk"]
        indexes = [
            models.Index(fields=["listed_at"], name="reporting_listing_listed"),
            models.Index(fields=["agency_state", "agency_name"], name="reporting_listing_state"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_listed(self) -> bool:
        return self.listed_at is not None


class ReportDue(models.Model):
    """A promised progress report: due on a date, fulfilled by a published report."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="reports_due"
    )
    due_on = models.DateField(_("due date"))
    label = models.CharField(max_length=NAME_MAX, blank=True)
    fulfilled_by = models.OneToOneField(
        "ProgressReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fulfils",
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "due_on"], name="reporting_due_once"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.due_on}"


class ProgressReport(models.Model):
    """A progress report: a snapshot of the register at `as_of`; immutable once published."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="progress_reports"
    )
    #: Report 1, 2, ... of its engagement (drafts get theirs too; numbers never repeat).
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=NAME_MAX)
    as_of = models.DateField(_("figures as of"))
    state = models.CharField(max_length=20, choices=ReportState, default=ReportState.DRAFT)
    caveats = models.TextField(_("caveats"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    validator_notes = models.TextField(
        _("validator's notes"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_note = models.TextField(
        _("what this report corrects"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    #: Everything the report shows (see `snapshot.py`); frozen when the report is published.
    snapshot = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    #: The rendered PDF, written once when the report is published.
    pdf = models.FileField(max_length=255, blank=True, upload_to="reports/%Y/")

    class Meta:
        ordering = ["engagement", "-as_of", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number"], name="reporting_report_number"
            ),
            models.CheckConstraint(
                condition=Q(state=ReportState.DRAFT) | Q(published_at__isnull=False),
                name="reporting_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "published_at"], name="reporting_report_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED


class DashboardSnapshot(models.Model):
    """The national dashboard's figures at one moment; the public reads the latest published."""

    as_of = models.DateField()
    computed_at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField(default=dict)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = "published_at"

    def __str__(self) -> str:
        return f"{self.as_of}"
