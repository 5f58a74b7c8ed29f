"""The plain data matching reads (facts) and gives back (matches, parts, exclusions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..choices import TravelWillingness, VettingStatus
from .tables import PART_LABELS, Text

# --- exclusions ----------------------------------------------------------------------------------


class ExclusionCode:
    UNVETTED = "unvetted"
    CONFLICT_WORKED_THERE = "conflict_worked_there"
    CONFLICT_DECLARED_AGENCY = "conflict_declared_agency"
    CONFLICT_DECLARED_STATE = "conflict_declared_state"
    CONFLICT_SAME_STATE = "conflict_same_state"
    NOT_TAKING = "not_taking_engagements"
    UNAVAILABLE = "unavailable"
    AT_CAPACITY = "at_capacity"


@dataclass(frozen=True)
class Exclusion:
    code: str
    reason: Text
    #: The expert's own words (a declared conflict's reason): program staff only.
    detail: str = ""

    def as_record(self) -> dict[str, str]:
        """What a team member keeps of an exclusion a program manager overrode."""
        return {"code": self.code, "reason": str(self.reason)}


@dataclass(slots=True)
class ScorePart:
    key: str
    points: float
    max_points: int
    reason: Text

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.key])


# --- the facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementFacts:
    engagement_id: int | None
    agency_id: int | None
    agency_type: str
    agency_size: str
    state_id: int | None
    state_usps: str
    state_name: str
    same_state_conflict: bool
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    #: ("service" | "topic", id) -> name, for what the engagement is about.
    needs: dict[tuple[str, int], str]
    languages_needed: frozenset[str] = frozenset()
    #: Whether the engagement is open: its own experts' load then counts it, and matching
    #: leaves it out of their load.
    engagement_open: bool = True


@dataclass(slots=True)
class ExpertFacts:
    expert_id: int
    user_id: int
    name: str
    organization: str = ""
    home_state_id: int | None = None
    home_state_usps: str = ""
    home_state_name: str = ""
    languages: tuple[str, ...] = ()
    travel: str = TravelWillingness.NATIONAL
    capacity: int = 2
    vetting_status: str = VettingStatus.VETTED
    is_active: bool = True
    #: ("service" | "topic", id) -> level, only for the engagement's needs.
    expertise: dict[tuple[str, int], int] = field(default_factory=dict)
    #: (agency_id, agency_type, agency_size, title, start_year, end_year) of relevant positions.
    positions: list[tuple] = field(default_factory=list)
    #: (kind, starts_on, ends_on) of windows overlapping the engagement's dates.
    windows: list[tuple] = field(default_factory=list)
    #: ("agency" | "state", reason) of conflicts declared with the agency or its state.
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    open_engagements: int = 0
    team_roles: tuple[str, ...] = ()


@dataclass(slots=True)
class Match:
    expert_id: int
    user_id: int
    name: str
    organization: str
    home_state_usps: str
    parts: list[ScorePart]
    exclusions: list[Exclusion]
    open_engagements: int
    capacity: int
    team_roles: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return round(sum(part.points for part in self.parts), 1)

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)

    @property
    def on_team(self) -> bool:
        return bool(self.team_roles)


@dataclass
class MatchResult:
    ranked: list[Match]
    excluded: list[Match]
    facts: EngagementFacts

    @property
    def by_expert(self) -> dict[int, Match]:
        return {m.expert_id: m for m in [*self.ranked, *self.excluded]}
