from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal police")
    SHERIFF = "sheriff", _("Sheriff's office")
    STATE_POLICE = "state_police", _("State police")
    TRIBAL = "tribal", _("Tribal")
    TERRITORIAL = "territorial", _("Territorial")
    UNIVERSITY = "university", _("University or college")
    SPECIAL = "special", _("Special jurisdiction")
    OTHER = "other", _("Other")


class JurisdictionLevel(models.TextChoices):
    STATE = "state", _("State")
    LOCAL = "local", _("Local")
    TERRITORIAL = "territorial", _("Territorial")
    TRIBAL = "tribal", _("Tribal")


class StateKind(models.TextChoices):
    STATE = "state", _("State")
    FEDERAL_DISTRICT = "federal_district", _("Federal district")
    TERRITORY = "territory", _("Territory")


class TribalComponent(models.TextChoices):
    TRIBE = "tribe", _("Tribe")
    AFFILIATE = "affiliate", _("Affiliate (band, community, village, island)")


class AgencySize(models.TextChoices):
    """Size of an agency by the population it serves (the bands the program compares on)."""

    SMALL = "small", _("Small (under 25,000 people)")
    MEDIUM = "medium", _("Medium (25,000 to 99,999 people)")
    LARGE = "large", _("Large (100,000 to 499,999 people)")
    VERY_LARGE = "very_large", _("Very large (500,000 people or more)")


def size_of(population: int | None) -> str:
    """The size band of an agency serving `population` people ("" when unknown)."""
    if population is None:
        return ""
    if population < 25_000:
        return AgencySize.SMALL
    if population < 100_000:
        return AgencySize.MEDIUM
    if population < 500_000:
        return AgencySize.LARGE
    return AgencySize.VERY_LARGE
