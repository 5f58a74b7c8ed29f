"""What every analysis returns: a table, a plain-language reading, its test and its filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import _
from ..report_model import QualityLog

RACE_LABELS = {
    "asian/pacific islander": _("Asian/Pacific Islander"),
    "black": _("Black"),
    "hispanic": _("Hispanic"),
    "white": _("white"),
    "other": _("other race"),
    "unknown": _("unknown race"),
}


def race_label(race) -> str:
    if race is None or race != race:
        return _("race not recorded")
    return RACE_LABELS.get(str(race), str(race))


def percent(value: float, digits: int = 1) -> str:
    if value != value:
        return "–"
    return f"{100 * value:.{digits}f}%"


@dataclass
class Analysis:
    """One analysis's result. ``table`` is a pandas frame; ``available`` False says why not."""

    name: str
    title: str
    table: Any = None
    reading: str = ""
    test: dict | None = None
    available: bool = True
    reason: str = ""
    chart: dict | None = None  # {"kind": "bar", "label": column, "value": column, ...}
    log: QualityLog = field(default_factory=QualityLog)

    @classmethod
    def unavailable(cls, name: str, title: str, reason: str) -> Analysis:
        return cls(name=name, title=title, available=False, reason=reason)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "available": self.available,
            "reason": self.reason,
            "reading": self.reading,
            "test": self.test,
            "table": None if self.table is None else self.table.to_dict(orient="records"),
            "log": self.log.as_list(),
        }
