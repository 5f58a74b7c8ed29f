"""Experts and what matching needs to know about them.

Provider organizations themselves are reference data (`catalog.ProviderOrganization`) and their
staff are `accounts.ProviderMembership`; this app adds the subject-matter experts: a profile the
expert keeps, their expertise, the positions they held, when they are available, and the
conflicts of interest they declare.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.agencies.choices import AgencySize, AgencyType
from continuum.core.models import TimeStampedModel

from .choices import (
    LANGUAGE_CODES,
    AvailabilityKind,
    ExpertiseLevel,
    RankLevel,
    TravelWillingness,
    VettingStatus,
)

BIO_MAX = 1500


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Languages must be a list of language codes."))
    unknown = sorted(set(value) - LANGUAGE_CODES)
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class ExpertProfile(TimeStampedModel):
    """A subject-matter expert: the profile they keep and the program's vetting of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    organization = models.ForeignKey(
        "catalog.ProviderOrganization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
        verbose_name=_("provider organization"),
        help_text=_("The provider organization the expert works with, if any."),
    )
    home_state = models.ForeignKey(
        "agencies.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home state"),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("Languages besides English the expert can work in."),
    )
    travel = models.CharField(
        _("willing to travel"),
        max_length=20,
        choices=TravelWillingness,
        default=TravelWillingness.NATIONAL,
    )
    capacity = models.PositiveSmallIntegerField(
        _("engagements at once"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("How many engagements the expert can work on at the same time."),
    )
    vetting_status = models.CharField(
        _("vetting status"),
        max_length=20,
        choices=VettingStatus,
        default=VettingStatus.NOT_STARTED,
    )
    vetted_on = models.DateField(_("vetted on"), null=True, blank=True)
    public_bio = models.TextField(
        _("short public biography"),
        blank=True,
        validators=[MaxLengthValidator(BIO_MAX)],
    )
    is_active = models.BooleanField(
        _("taking engagements"),
        default=True,
        help_text=_("Clear to stop being matched to new engagements."),
    )

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(vetting_status="vetted") | Q(vetted_on__isnull=False),
                name="expert_vetted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        super().clean()
        if self.vetting_status == VettingStatus.VETTED and self.vetted_on is None:
            raise ValidationError({"vetted_on": _("Give the date the expert was vetted.")})


class Expertise(models.Model):
    """One service or topic an expert knows, and how well."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="expertise")
    service = models.ForeignKey(
        "catalog.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "catalog.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=ExpertiseLevel, default=ExpertiseLevel.WORKING
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(service__isnull=False) & Q(topic__isnull=True))
                | (Q(service__isnull=True) & Q(topic__isnull=False)),
                name="expertise_service_or_topic",
            ),
            models.UniqueConstraint(
                fields=["expert", "service"],
                condition=Q(service__isnull=False),
                name="expertise_unique_service",
            ),
            models.UniqueConstraint(
                fields=["expert", "topic"],
                condition=Q(topic__isnull=False),
                name="expertise_unique_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service or self.topic} ({self.get_level_display()})"

    def clean(self) -> None:
        super().clean()
        if (self.service_id is None) == (self.topic_id is None):
            raise ValidationError(_("Choose either a service or a topic."))


class Position(models.Model):
    """A rank or role the expert held, at an agency of the directory or described in words."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title or rank"), max_length=150)
    rank_level = models.CharField(_("kind of position"), max_length=20, choices=RankLevel)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency from the national directory, when it is a listed agency."),
    )
    organization_name = models.CharField(
        _("organization"),
        max_length=200,
        blank=True,
        help_text=_("Where the position was, when it is not an agency of the directory."),
    )
    agency_type = models.CharField(_("agency type"), max_length=20, choices=AgencyType, blank=True)
    agency_size = models.CharField(_("agency size"), max_length=20, choices=AgencySize, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("from (year)"), validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2100)],
        help_text=_("Leave empty for a current position."),
    )

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="position_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.agency or self.organization_name}"

    @property
    def is_current(self) -> bool:
        return self.end_year is None

    def clean(self) -> None:
        super().clean()
        if self.agency_id is None and not self.organization_name.strip():
            raise ValidationError(
                {"organization_name": _("Choose an agency or name the organization.")}
            )
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year comes before the start year.")})


class AvailabilityWindow(models.Model):
    """A period the expert is available for work, or not available (leave, other duties)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="availability")
    kind = models.CharField(_("kind"), max_length=20, choices=AvailabilityKind)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="availability_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on} to {self.ends_on}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date comes before the start date.")})


class ConflictDeclaration(models.Model):
    """A conflict of interest the expert declares: with one agency, or with a whole state."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="conflicts")
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.ForeignKey(
        "agencies.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(state__isnull=True))
                | (Q(agency__isnull=True) & Q(state__isnull=False)),
                name="conflict_agency_or_state",
            ),
        ]

    def __str__(self) -> str:
        return f"Conflict with {self.agency or self.state}"

    def clean(self) -> None:
        super().clean()
        if (self.agency_id is None) == (self.state_id is None):
            raise ValidationError(_("Choose either an agency or a state."))
