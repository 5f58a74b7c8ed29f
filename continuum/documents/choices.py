"""Kinds and visibilities of documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from continuum.core.policy import Audience


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Policy or procedure")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
    LETTER_OF_SUPPORT = "letter_of_support", _("Letter of support")
    REPORT = "report", _("Report")
    DATA = "data", _("Data")
    OTHER = "other", _("Other")


#: The visibilities a document can have: program staff always see every document.
STAFF_ONLY = Audience.STAFF
AGENCY_AND_STAFF = Audience.STAFF | Audience.AGENCY
TEAM = Audience.STAFF | Audience.PROVIDER  # the engagement team (issue 9)
TEAM_AND_AGENCY = Audience.STAFF | Audience.PROVIDER | Audience.AGENCY
PUBLIC = Audience.everyone()

VISIBILITY_LABELS: dict[int, str] = {
    int(STAFF_ONLY): _("Program staff only"),
    int(AGENCY_AND_STAFF): _("The agency and program staff"),
    int(TEAM): _("The engagement team and program staff"),
    int(TEAM_AND_AGENCY): _("The engagement team, the agency and program staff"),
    int(PUBLIC): _("Everyone (public)"),
}


def visibility_label(mask: int) -> str:
    return str(VISIBILITY_LABELS.get(int(mask), ", ".join(Audience(mask).labels())))


def masks_meeting(audience: Audience) -> list[int]:
    """Every visibility mask that shares at least one audience with `audience`.

    Four audiences make 16 masks, so "the document's visibility meets the viewer's audience"
    becomes `visibility__in=[...]`: a plain condition every database indexes.
    """
    return [mask for mask in range(1, 16) if mask & int(audience)]
