from django.db import models
from django.utils.translation import gettext_lazy as _

from continuum.core.models import TimeStampedModel

from .choices import AgencyType, JurisdictionLevel, StateKind, TribalComponent
from .text import agency_search_text


class State(models.Model):
    """A state, the District of Columbia, or a territory."""

    usps = models.CharField(_("USPS code"), max_length=2, unique=True)
    fips = models.CharField(_("FIPS code"), max_length=2, unique=True)
    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=StateKind, default=StateKind.STATE)
    ori_prefix = models.CharField(
        _("FBI ORI prefix"), max_length=2, unique=True, help_text=_("NB for Nebraska, GM for Guam.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def agency_label(name: str, usps: str | None) -> str:
    """An agency as people read it: its name and its state ("Nahant Police Department (MA)")."""
    return f"{name} ({usps})" if usps else name


class Agency(TimeStampedModel):
    """A law enforcement agency of the national directory."""

    ori9 = models.CharField(
        _("ORI (9 characters)"), max_length=9, unique=True, null=True, blank=True
    )
    ori7 = models.CharField(_("ORI (7 characters)"), max_length=7, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=20, choices=AgencyType, default=AgencyType.OTHER)
    jurisdiction_level = models.CharField(
        max_length=20, choices=JurisdictionLevel, default=JurisdictionLevel.LOCAL
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="agencies")
    county = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    population_served = models.PositiveIntegerField(null=True, blank=True)
    sworn_officers = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    fips_place = models.CharField(_("FIPS county code"), max_length=5, blank=True)
    source = models.CharField(
        max_length=80, blank=True, help_text=_("Where the row came from (file and edition).")
    )
    #: Normalized name, ORIs, city, county and state (see text.py): what the search matches.
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("agencies")
        # On PostgreSQL, migration 0002 adds a pg_trgm GIN index on search_text as well (raw
        # SQL, so it is not declared here: SQLite has no such index type).
        indexes = [
            models.Index(fields=["state", "name"]),
            models.Index(fields=["search_text"]),
            models.Index(fields=["agency_type", "name"]),
        ]

    def __str__(self) -> str:
        return agency_label(self.name, self.state.usps if self.state_id else None)

    def build_search_text(self) -> str:
        """The search text for the agency's current fields (its state must be set)."""
        return agency_search_text(
            name=self.name,
            ori9=self.ori9,
            ori7=self.ori7,
            city=self.city,
            county=self.county,
            state_name=self.state.name,
            usps=self.state.usps,
        )


class Tribe(TimeStampedModel):
    """A federally recognized tribe or tribal component, from the BIA Tribal Leaders Directory.

    Reference data: the tribal jurisdictions tribal agencies serve. The directory is not the
    legal list (the Federal Register notice is); it is imported, not edited, and the import
    matches rows on the full name.
    """

    name = models.CharField(_("full name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    component = models.CharField(
        _("component"), max_length=20, choices=TribalComponent, default=TribalComponent.TRIBE
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    bia_region = models.CharField(_("BIA region"), max_length=60, blank=True, db_index=True)
    bia_agency = models.CharField(_("BIA agency"), max_length=120, blank=True)
    hq_city = models.CharField(_("headquarters city"), max_length=120, blank=True)
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="tribes",
        null=True,
        blank=True,
        verbose_name=_("headquarters state"),
    )
    hq_zip = models.CharField(_("headquarters ZIP code"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)
    ancsa_region = models.CharField(
        _("ANCSA regional corporation"),
        max_length=120,
        blank=True,
        help_text=_("Alaska Native Claims Settlement Act region, for Alaska Native villages."),
    )
    location_type = models.CharField(_("location type"), max_length=80, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=80, blank=True, help_text=_("The file the row came from.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tribe")
        verbose_name_plural = _("tribes")

    def __str__(self) -> str:
        return self.name
