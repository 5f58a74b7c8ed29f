from django.db import models


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
