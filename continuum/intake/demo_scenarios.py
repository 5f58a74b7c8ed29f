"""The shape of the demo scenarios and the checks of their data file, `demo_scenarios.toml`.

The stories themselves are data (the TOML file beside this module, read with the standard
library's tomllib); `continuum.intake.demo` loads them through `scenarios_load()` and plays
them through the services. Every entry is checked when the file is read, and a bad one stops
the load with a message naming the scenario, its requester and the key at fault.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from continuum.agencies.choices import AgencyType, JurisdictionLevel

from .choices import (
    ConcernScope,
    DeclineReason,
    IncidentKind,
    PublicAttention,
    ReferralTarget,
    Timeframe,
)

SCENARIOS_FILE = Path(__file__).resolve().with_name("demo_scenarios.toml")

#: Each step action and the fields it takes (all of them required).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "review": (),
    "confirm": (),
    "note": ("text",),
    "message": ("text",),
    "ask": ("text",),
    "answer": ("text",),
    "accept": ("program", "services", "note"),
    "decline": ("reason", "note"),
    "refer": ("target", "note"),
    "withdraw": ("reason",),
}
_STEP_CHOICES = {"reason": None, "target": ReferralTarget.values}


class DemoScenarioError(ValueError):
    """The scenarios file is missing, not TOML, or has an entry that does not fit."""


@dataclass(frozen=True)
class Incident:
    days_before: int  # days before the request was submitted
    kind: str
    attention: str = "local"
    other_reviews: bool | None = None
    other_reviews_detail: str = ""


@dataclass(frozen=True)
class Step:
    """Something that happened to a submitted request, `day` days after its submission."""

    day: int
    action: str
    text: str = ""  # note, message, ask, answer
    program: str = ""  # accept
    services: tuple[str, ...] = ()  # accept
    note: str = ""  # accept, decline, refer
    reason: str = ""  # decline (a DeclineReason), withdraw (free text)
    target: str = ""  # refer (a ReferralTarget)


@dataclass(frozen=True)
class Scenario:
    """One demo request: who asks, what for, and what happened to it since."""

    agency_type: str
    requester: tuple[str, str]  # name, title
    chief: tuple[str, str]
    narrative: str
    days_ago: int
    steps: tuple[Step, ...] = ()
    submit: bool = True
    population: tuple[int, int] | None = None
    services: tuple[str, ...] = ()
    not_sure: bool = False
    scope: str = ""
    incident: Incident | None = None
    topics: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    timeframe: str = "soon"
    earlier: str = ""
    demo_agency: bool = False  # the demo agency of the demo accounts, when it exists
    unlisted: dict[str, str] = field(default_factory=dict)


class _Entry:
    """Reads the keys of one TOML table, saying where a problem is."""

    def __init__(self, table: Any, where: str):
        if not isinstance(table, dict):
            raise DemoScenarioError(f"{where} should be a table of keys.")
        self.table, self.where, self.read = table, where, set()

    def fail(self, message: str) -> DemoScenarioError:
        return DemoScenarioError(f"{self.where}: {message}")

    def get(self, key: str, kind: type | tuple, default: Any = ..., choices=None) -> Any:
        self.read.add(key)
        if key not in self.table:
            if default is ...:
                raise self.fail(f"“{key}” is missing.")
            return default
        value = self.table[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else "a list of texts"
            raise self.fail(f"“{key}” should be {expected}, not {value!r}.")
        if choices is not None and value not in choices:
            raise self.fail(f"“{key}” is {value!r}, not one of {', '.join(choices)}.")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(value, str) and value for value in values):
            raise self.fail(f"“{key}” should be a list of texts.")
        return tuple(values)

    def person(self, key: str) -> tuple[str, str]:
        person = _Entry(self.get(key, dict), f"{self.where}, {key}")
        result = (person.get("name", str), person.get("title", str))
        person.done()
        return result

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.read)
        if unknown:
            raise self.fail(f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}.")


def _step(table: Any, where: str) -> Step:
    entry = _Entry(table, where)
    day = entry.get("day", int)
    action = entry.get("action", str, choices=list(STEP_FIELDS))
    if day < 0:
        raise entry.fail("“day” cannot be negative.")
    values: dict[str, Any] = {}
    for name in STEP_FIELDS[action]:
        if name == "services":
            values[name] = entry.texts(name)
        elif name == "reason" and action == "decline":
            values[name] = entry.get(name, str, choices=DeclineReason.values)
        else:
            values[name] = entry.get(name, str, choices=_STEP_CHOICES.get(name))
    entry.done()
    return Step(day=day, action=action, **values)


def _incident(table: Any, where: str) -> Incident:
    entry = _Entry(table, f"{where}, incident")
    incident = Incident(
        days_before=entry.get("days_before", int),
        kind=entry.get("kind", str, choices=IncidentKind.values),
        attention=entry.get("attention", str, "local", choices=PublicAttention.values),
        other_reviews=entry.get("other_reviews", bool, None),
        other_reviews_detail=entry.get("other_reviews_detail", str, ""),
    )
    entry.done()
    return incident


def _unlisted(table: Any, where: str) -> dict[str, str]:
    entry = _Entry(table, f"{where}, unlisted")
    unlisted = {
        "unlisted_agency_name": entry.get("agency_name", str),
        "unlisted_agency_type": entry.get("agency_type", str, choices=AgencyType.values),
        "unlisted_jurisdiction_level": entry.get(
            "jurisdiction_level", str, choices=JurisdictionLevel.values
        ),
        "unlisted_state": entry.get("state", str),
    }
    entry.done()
    return unlisted


def _scenario(table: Any, number: int, bands: dict[str, tuple[int, int]]) -> Scenario:
    entry = _Entry(table, f"scenario {number}")
    requester = entry.person("requester")
    entry.where = f"scenario {number} ({requester[0]})"
    band = entry.get("population", str, "", choices=list(bands))
    steps = entry.get("steps", list, [])
    incident = entry.get("incident", dict, None)
    unlisted = entry.get("unlisted", dict, None)
    scenario = Scenario(
        agency_type=entry.get("agency_type", str, choices=AgencyType.values),
        requester=requester,
        chief=entry.person("chief"),
        narrative=entry.get("narrative", str).strip(),
        days_ago=entry.get("days_ago", int),
        submit=entry.get("submit", bool, True),
        population=bands[band] if band else None,
        services=entry.texts("services"),
        not_sure=entry.get("not_sure", bool, False),
        scope=entry.get("scope", str, "", choices=ConcernScope.values),
        topics=entry.texts("topics"),
        goals=entry.texts("goals"),
        timeframe=entry.get("timeframe", str, "soon", choices=Timeframe.values),
        earlier=entry.get("earlier", str, "").strip(),
        demo_agency=entry.get("demo_agency", bool, False),
        incident=_incident(incident, entry.where) if incident is not None else None,
        unlisted=_unlisted(unlisted, entry.where) if unlisted is not None else {},
        steps=tuple(
            _step(step, f"{entry.where}, step {position}")
            for position, step in enumerate(steps, start=1)
        ),
    )
    entry.done()
    if scenario.days_ago < 0:
        raise entry.fail("“days_ago” cannot be negative.")
    if not scenario.narrative:
        raise entry.fail("the narrative is empty.")
    if scenario.steps and not scenario.submit:
        raise entry.fail("a draft (submit = false) cannot have steps.")
    days = [step.day for step in scenario.steps]
    if days != sorted(days):
        raise entry.fail("the steps should be in the order of their days.")
    return scenario


def scenarios_load(path: Path = SCENARIOS_FILE) -> list[Scenario]:
    """The scenarios of the file, checked; raises DemoScenarioError naming a bad entry."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as error:
        raise DemoScenarioError(f"There is no demo scenarios file at {path}.") from error
    except tomllib.TOMLDecodeError as error:
        raise DemoScenarioError(f"{path.name} is not valid TOML: {error}.") from error
    top = _Entry(data, path.name)
    bands: dict[str, tuple[int, int]] = {}
    for name, band in top.get("population_bands", dict, {}).items():
        if not (
            isinstance(band, list)
            and len(band) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in band)
            and 0 <= band[0] <= band[1]
        ):
            raise top.fail(f"population band “{name}” should be [smallest, largest].")
        bands[name] = (band[0], band[1])
    tables = top.get("scenarios", list)
    top.done()
    try:
        scenarios = [
            _scenario(table, number, bands) for number, table in enumerate(tables, start=1)
        ]
    except DemoScenarioError as error:
        raise DemoScenarioError(f"{path.name}, {error}") from None
    if not scenarios:
        raise DemoScenarioError(f"{path.name} has no scenarios.")
    return scenarios
