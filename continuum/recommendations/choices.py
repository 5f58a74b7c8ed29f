from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class BlockerParty(models.TextChoices):
    UNION_BARGAINING = "union_bargaining", _("Union bargaining")
    CITY_COUNCIL = "city_council", _("City council")
    OVERSIGHT_BODY = "oversight_body", _("Oversight body")
    OTHER = "other", _("Other")


#: How long an uploaded import waits for its confirmation.
IMPORT_LIFETIME_HOURS = 24
#: Bounds of an uploaded register file.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
#: The register page lists at most this many recommendations (the export has them all).
REGISTER_PAGE_LIMIT = 1000


class ImplementationState(models.TextChoices):
    """Where an agency's progress report on one recommendation stands (issue 10 §3)."""

    SUBMITTED = "submitted", _("Waiting for validation")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: States in which a progress report still waits for a validator's verdict.
OPEN_IMPLEMENTATION_STATES = frozenset({ImplementationState.SUBMITTED})
