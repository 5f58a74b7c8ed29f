"""Matching's policy as tables (docs/matching.md), and reasons worded only when shown."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- the policy, as tables --------------------------------------------------------------------

#: The most points each part can give (they add up to 100).
WEIGHTS: dict[str, int] = {
    "expertise": 35,
    "experience": 20,
    "proximity": 15,
    "availability": 10,
    "workload": 10,
    "language": 10,
}
PART_LABELS = {
    "expertise": gettext_lazy("Expertise"),
    "experience": gettext_lazy("Similar agencies"),
    "proximity": gettext_lazy("Proximity"),
    "availability": gettext_lazy("Availability"),
    "workload": gettext_lazy("Workload"),
    "language": gettext_lazy("Language"),
}
#: Share of the proximity points, by where the expert lives and how far they travel.
PROXIMITY: dict[str, float] = {
    "same_state": 1.0,
    "same_division": 0.7,  # same Census division, willing to travel in the region or further
    "same_region": 0.5,  # same Census region, the same
    "national": 0.3,  # further away, willing to travel anywhere
    "remote_only": 0.1,  # further away, works remotely only
    "out_of_reach": 0.0,  # further away than they travel
    "unknown": 0.3,  # the expert's or the agency's state is not known
}
#: Share of the experience points, by what their positions have in common with the agency.
EXPERIENCE: dict[str, float] = {
    "type_and_size": 1.0,
    "type": 0.6,
    "size": 0.4,
    "none": 0.0,
    "unknown": 0.3,  # the agency is not in the directory: nothing to compare
}
#: Share of the availability points.
AVAILABILITY: dict[str, float] = {
    "covered": 1.0,  # an "available" window covers the engagement's dates
    "partly": 0.6,  # "available" windows cover part of them
    "unstated": 0.5,  # nothing said about those dates (or the engagement has no dates)
    "partly_unavailable": 0.2,  # "not available" for part of the dates
}
#: Share of the language points when the engagement needs no particular language (all equal).
LANGUAGE_NEUTRAL = 0.5


# --- plain words, put together only when shown ---------------------------------------------------


class Text:
    """A reason: a message (marked for translation) and its values, translated and filled in
    only when shown. Scoring 5,000 experts builds 35,000 reasons; the page shows a few dozen."""

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: dict[str, Any] | None = None):
        self.message = message
        self.params = params

    def __str__(self) -> str:
        text = _(self.message)
        if not self.params:
            return text
        return text % {name: _shown(value) for name, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Text({str(self)!r})"

    def __contains__(self, part: str) -> bool:
        return part in str(self)


def _shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return date_format(value, "F j, Y")
    if isinstance(value, Promise):
        return str(value)
    if callable(value):
        return value()
    return value


def said(message: str, params: dict[str, Any] | None = None) -> Text:
    return Text(message, params)
