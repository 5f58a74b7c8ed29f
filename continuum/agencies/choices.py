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
