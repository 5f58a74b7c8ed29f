"""Choices of the providers app: expert levels, vetting, travel, languages, ranks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertiseLevel(models.IntegerChoices):
    """How deep an expert's knowledge of a service or topic is (higher is deeper)."""

    WORKING = 1, _("Working knowledge")
    ADVANCED = 2, _("Advanced")
    LEADING = 3, _("Recognized leader in the field")


class VettingStatus(models.TextChoices):
    """Where the program's background and reference check of an expert stands."""

    NOT_STARTED = "not_started", _("Not started")
    IN_REVIEW = "in_review", _("In review")
    VETTED = "vetted", _("Vetted")
    LAPSED = "lapsed", _("Lapsed (needs renewal)")


class TravelWillingness(models.TextChoices):
    NONE = "none", _("Remote work only")
    IN_STATE = "in_state", _("Within my home state")
    REGIONAL = "regional", _("My region and neighboring states")
    NATIONAL = "national", _("Anywhere in the country")


class AvailabilityKind(models.TextChoices):
    AVAILABLE = "available", _("Available")
    UNAVAILABLE = "unavailable", _("Not available")


class RankLevel(models.TextChoices):
    """The kind of position an expert held (ranks differ by agency; these are the bands)."""

    CHIEF_EXECUTIVE = "chief_executive", _("Chief executive (chief, sheriff, commissioner)")
    COMMAND = "command", _("Command staff (deputy chief, major, captain)")
    SUPERVISOR = "supervisor", _("Supervisor (lieutenant, sergeant)")
    OFFICER = "officer", _("Officer or deputy")
    CIVILIAN_LEADER = "civilian_leader", _("Civilian leader or analyst")
    OVERSIGHT = "oversight", _("Civilian oversight")
    ACADEMIC = "academic", _("Researcher or academic")
    LEGAL = "legal", _("Attorney or legal advisor")
    COMMUNITY = "community", _("Community leader or advocate")
    OTHER = "other", _("Other")


#: Languages an expert can work in (ISO 639-1 codes). English is assumed for everyone.
LANGUAGES: list[tuple[str, str]] = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("tl", _("Tagalog")),
    ("ar", _("Arabic")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("nv", _("Navajo")),
    ("sm", _("Samoan")),
    ("ch", _("Chamorro")),
    ("ase", _("American Sign Language")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)
