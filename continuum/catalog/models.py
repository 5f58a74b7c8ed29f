"""Reference data of the initiative: programs, services, goals, topics, partner organizations.

All of it is data, seeded by migrations and edited in the admin, never a hard-coded list.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.core.models import TimeStampedModel


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Program(TimeStampedModel):
    """One of the three programs, in continuum order (light to deep)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(
        unique=True, help_text=_("Place on the continuum: 1 is lightest.")
    )
    summary = models.CharField(max_length=300, help_text=_("One plain sentence."))
    description = models.TextField(help_text=_("Plain-language description for the public page."))
    who_it_is_for = models.TextField(blank=True)
    delivered_by_partners = models.BooleanField(
        _("delivered by the partner organizations"),
        default=False,
        help_text=_(
            "Tick when the CRI-TAC partner organizations deliver this program's assistance; "
            "its public page then lists the organizations that are partners today."
        ),
    )
    has_monitoring = models.BooleanField(
        _("engagements are monitored after the report"),
        default=False,
        help_text=_(
            "Tick when this program's engagements go on to a monitoring stage after the report "
            "(long-term assistance while reforms are implemented)."
        ),
    )
    same_state_conflict = models.BooleanField(
        _("experts from the agency's own state are excluded"),
        default=False,
        help_text=_(
            "Tick to keep experts whose home state is the agency's state off this program's "
            "engagements (a conflict-of-interest rule)."
        ),
    )
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    @property
    def short_label(self) -> str:
        """The short name where there is one (CRI-TAC), else the name."""
        return self.short_name or self.name

    @property
    def full_label(self) -> str:
        """The name followed by the short name when they differ."""
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("catalog:program", kwargs={"slug": self.slug})


class Service(TimeStampedModel):
    """A kind of technical assistance a program offers (a TA type)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="services")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kinds",
        help_text=_("The broader service this is a kind of (needs assessment for training needs)."),
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=160)
    summary = models.CharField(
        max_length=300, help_text=_("One plain sentence shown beside the choice.")
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["program__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="service_unique_name_per_program"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "A service cannot be a kind of itself."})
        parent = self.parent
        if parent.program_id != self.program_id:
            raise ValidationError(
                {"parent": "Choose a broader service from the same program as this one."}
            )
        if parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": (
                        f"“{parent.name}” is itself a kind of “{parent.parent}”. "
                        "Choose a top-level service."
                    )
                }
            )
        if self.pk and self.kinds.exists():
            raise ValidationError(
                {"parent": "This service has kinds of its own, so it cannot be a kind of another."}
            )


class Goal(TimeStampedModel):
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Topic(TimeStampedModel):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderOrganizationQuerySet(models.QuerySet):
    def partners_on(self, date: datetime.date):
        """Organizations that were members of the CRI-TAC partnership on `date`."""
        return self.filter(
            Q(partnerships__start_date__lte=date)
            & (Q(partnerships__end_date__isnull=True) | Q(partnerships__end_date__gte=date))
        ).distinct()


class ProviderOrganization(TimeStampedModel):
    """A partner organization or other technical-assistance provider."""

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Law enforcement membership organization")
        PROVIDER = "provider", _("Technical-assistance provider")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MEMBERSHIP)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = ProviderOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class PartnerMembership(TimeStampedModel):
    """A dated period during which an organization was a CRI-TAC partner."""

    organization = models.ForeignKey(
        ProviderOrganization, on_delete=models.CASCADE, related_name="partnerships"
    )
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text=_("Empty while the membership lasts.")
    )
    is_lead = models.BooleanField(
        default=False, help_text=_("The partnership's lead organization.")
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organization__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "present"
        who = self.organization.acronym or self.organization.name
        return f"{who}: {self.start_date:%Y-%m-%d} to {end}"
