from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    MUNICIPAL = "municipal", "Municipal police"
    SHERIFF = "sheriff", "Sheriff's office"
    STATE_POLICE = "state_police", "State police"
    TRIBAL = "tribal", "Tribal"
    TERRITORIAL = "territorial", "Territorial"
    UNIVERSITY = "university", "University or college"
    SPECIAL = "special", "Special jurisdiction"
    OTHER = "other", "Other"


class JurisdictionLevel(models.TextChoices):
    STATE = "state", "State"
    LOCAL = "local", "Local"
    TERRITORIAL = "territorial", "Territorial"
    TRIBAL = "tribal", "Tribal"


class StateKind(models.TextChoices):
    STATE = "state", "State"
    FEDERAL_DISTRICT = "federal_district", "Federal district"
    TERRITORY = "territory", "Territory"


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
