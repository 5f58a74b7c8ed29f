"""The recommendations register of an engagement (issue 10 §1, §2, §4).

Per engagement: categories (objectives) with a range of finding numbers, findings numbered N,
recommendations numbered N.M under their finding, compliance measures, dependencies between
recommendations and external blockers. Status scales are data: presets (rows without an
engagement) are copied to an engagement, and each recommendation has one current value on each
of its engagement's scales. Every row carries its engagement, so that one policy rule (seen
through the engagement) covers the whole register. Writes go through `services/`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.core.models import TimeStampedModel

from .choices import BlockerParty, ImplementationState, Priority

TEXT_MAX = 10000
NAME_MAX = 200


class StatusScale(models.Model):
    """A status scale: a preset (no engagement) or an engagement's copy of one."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_scales",
    )
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=NAME_MAX)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "key"], name="recommendations_scale_key_per_engagement"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(engagement__isnull=True),
                name="recommendations_preset_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_preset(self) -> bool:
        return self.engagement_id is None


class ScaleValue(models.Model):
    """One value of a scale; says whether it counts as done and whether it is left out of the
    denominator of the share done (e.g. "unable to assess")."""

    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="values")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=NAME_MAX)
    order = models.PositiveSmallIntegerField(default=0)
    counts_as_done = models.BooleanField(default=False)
    excluded_from_denominator = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="recommendations_value_key"),
        ]

    def __str__(self) -> str:
        return self.label


class Category(TimeStampedModel):
    """An objective of the register (e.g. San Francisco's "Use of Force")."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=NAME_MAX)
    first_finding = models.PositiveIntegerField(null=True, blank=True)
    last_finding = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number", "pk"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number"], name="recommendations_category_number"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.first_finding is not None
            and self.last_finding is not None
            and self.first_finding > self.last_finding
        ):
            raise ValidationError(
                {"last_finding": _("The last finding number comes before the first.")}
            )

    def holds(self, number: int) -> bool:
        """Whether finding `number` lies in this category's range (no range: any)."""
        if self.first_finding is not None and number < self.first_finding:
            return False
        return not (self.last_finding is not None and number > self.last_finding)


class Finding(TimeStampedModel):
    """Finding N of the register."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="findings"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    number = models.PositiveIntegerField()
    statement = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    detail = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX)])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number"], name="recommendations_finding_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    def clean(self) -> None:
        if self.category_id is not None:
            if self.category.engagement_id != self.engagement_id:
                raise ValidationError({"category": _("Choose a category of this register.")})
            if not self.category.holds(self.number):
                raise ValidationError(
                    {
                        "number": _(
                            "Finding %(number)s lies outside %(category)s's range "
                            "(%(first)s to %(last)s)."
                        )
                        % {
                            "number": self.number,
                            "category": self.category.name,
                            "first": self.category.first_finding,
                            "last": self.category.last_finding,
                        }
                    }
                )


class Recommendation(TimeStampedModel):
    """Recommendation N.M: number M under finding N."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    #: M of N.M. Zero is allowed only because published registers have it (San Francisco's 66.0).
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    goals = models.ManyToManyField("catalog.Goal", blank=True, related_name="+")
    topics = models.ManyToManyField("catalog.Topic", blank=True, related_name="+")
    concept = models.CharField(_("concept"), max_length=NAME_MAX, blank=True)
    priority = models.CharField(max_length=10, choices=Priority, blank=True)
    phase = models.CharField(max_length=NAME_MAX, blank=True)
    responsible_unit = models.CharField(_("bureau or unit"), max_length=NAME_MAX, blank=True)
    executive_sponsor = models.CharField(max_length=NAME_MAX, blank=True)
    manager = models.CharField(max_length=NAME_MAX, blank=True)
    case_manager = models.CharField(max_length=NAME_MAX, blank=True)
    #: The case manager when they have an account (their name stays in `case_manager`).
    case_manager_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_on = models.DateField(_("target date"), null=True, blank=True)
    #: What the source said about this row (an imported register's note column).
    source_note = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX)])

    class Meta:
        ordering = ["finding__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "number"], name="recommendations_number_per_finding"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.finding.number}.{self.number}"

    def clean(self) -> None:
        if self.finding_id is not None and self.finding.engagement_id != self.engagement_id:
            raise ValidationError({"finding": _("Choose a finding of this register.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "recommendations:recommendation",
            kwargs={"public_id": self.engagement.public_id, "pk": self.pk},
        )


class RecommendationStatus(models.Model):
    """A recommendation's current value on one of its engagement's scales."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="statuses"
    )
    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="+")
    value = models.ForeignKey(ScaleValue, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "scale"], name="recommendations_one_value_per_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scale_id}: {self.value_id}"


class ComplianceMeasure(TimeStampedModel):
    """One item of a recommendation's compliance checklist."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="measures"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(validators=[MaxLengthValidator(TEXT_MAX)])
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Dependency(TimeStampedModel):
    """`blocker` must be done before `blocked` can be (one recommendation blocks another)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    blocker = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="blocked_by")

    class Meta:
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="recommendations_dep_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="recommendations_dep_not_self"
            ),
        ]


class ExternalBlocker(TimeStampedModel):
    """Progress waits on a party outside the agency (a union, the city council, ...)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="external_blockers"
    )
    party_kind = models.CharField(max_length=20, choices=BlockerParty)
    party_name = models.CharField(max_length=NAME_MAX)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX)])
    since = models.DateField()
    cleared_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["since", "pk"]

    def clean(self) -> None:
        if self.cleared_on is not None and self.since and self.cleared_on < self.since:
            raise ValidationError(
                {"cleared_on": _("The date it cleared cannot come before the date it began.")}
            )


class ImplementationReport(TimeStampedModel):
    """The agency's report of progress on one recommendation, and the validator's verdict on it.

    The agency side (or the working side on its behalf) submits a narrative, the status it says
    the recommendation reached on one scale, and evidence per compliance measure. A validator
    (program staff, or an expert on the team; never the agency side) accepts it, which moves the
    recommendation's status to the proposed value, or returns it with comments. Reports and
    verdicts are never edited or deleted: a returned report stays returned and the agency
    submits a new one. The recommendation page shows them all as its history.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="implementation_reports"
    )
    scale = models.ForeignKey(StatusScale, on_delete=models.PROTECT, related_name="+")
    proposed_value = models.ForeignKey(
        ScaleValue, on_delete=models.PROTECT, related_name="+", verbose_name=_("status reached")
    )
    narrative = models.TextField(_("what was done"), validators=[MaxLengthValidator(TEXT_MAX)])
    state = models.CharField(
        max_length=20, choices=ImplementationState, default=ImplementationState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    verdict_comment = models.TextField(
        _("validator's comments"), blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(
                fields=["engagement", "state", "submitted_at"], name="recommendations_impl_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.state}"


class ImplementationEvidence(models.Model):
    """One evidence document of a progress report, for one compliance measure or the whole
    recommendation (no measure). The file lives in the documents app, attached to the
    recommendation, seen by the team, the agency and program staff."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        ImplementationReport, on_delete=models.CASCADE, related_name="evidence"
    )
    measure = models.ForeignKey(
        ComplianceMeasure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = _("implementation evidence")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.document_id}"


class RegisterImport(models.Model):
    """An uploaded register waiting between its preview and its confirmation (never the session).

    `rows` holds the file's cells as text, `headers` its first row, `mapping` the chosen column
    of each register field. Nothing of the register is written until it is confirmed.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="recommendations_import_expiry")]

    def __str__(self) -> str:
        return self.file_name
