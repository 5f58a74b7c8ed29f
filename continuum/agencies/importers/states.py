"""The states file: the 50 states, DC and the territories, with the FBI's ORI state prefixes."""

from __future__ import annotations

import re
from pathlib import Path

from ..choices import StateKind
from ..models import State
from .files import ImportFileError, Record, csv_records

STATE_COLUMNS = ("state_fips", "usps", "name", "kind", "ori_state_prefix")


def _state_from_record(path: Path, record: Record) -> dict[str, str]:
    values = record.values
    state = {
        "fips": values.get("state_fips", ""),
        "usps": values.get("usps", "").upper(),
        "name": values.get("name", ""),
        "kind": values.get("kind", ""),
        "ori_prefix": values.get("ori_state_prefix", "").upper(),
    }
    problems = []
    if record.problem:
        problems.append(record.problem)
    if not re.fullmatch(r"\d{2}", state["fips"]):
        problems.append(f"state_fips “{state['fips']}” is not 2 digits")
    if not re.fullmatch(r"[A-Z]{2}", state["usps"]):
        problems.append(f"usps “{state['usps']}” is not 2 letters")
    if not re.fullmatch(r"[A-Z]{2}", state["ori_prefix"]):
        problems.append(f"ori_state_prefix “{state['ori_prefix']}” is not 2 letters")
    if not state["name"] or len(state["name"]) > 80:
        problems.append("name is missing or longer than 80 characters")
    if state["kind"] not in StateKind.values:
        problems.append(f"kind “{state['kind']}” is not one of {', '.join(StateKind.values)}")
    if problems:
        raise ImportFileError(f"{path.name} line {record.line}: {'; '.join(problems)}.")
    return state


def states_read(path: Path) -> list[dict[str, str]]:
    """The states file's rows, checked; a bad row makes the whole file unusable."""
    records = csv_records(path, required=STATE_COLUMNS, what="the states and territories file")
    states = [_state_from_record(Path(path), record) for record in records]
    for key in ("usps", "fips", "name", "ori_prefix"):
        seen: set[str] = set()
        for state in states:
            if state[key] in seen:
                raise ImportFileError(f"{Path(path).name} has “{state[key]}” twice in {key}.")
            seen.add(state[key])
    if not states:
        raise ImportFileError(f"{Path(path).name} has no states.")
    return states


def states_upsert(states: list[dict[str, str]], result) -> dict[str, State]:
    """Creates and updates states (by USPS code); returns every state by its FBI ORI prefix."""
    existing = {state.usps: state for state in State.objects.all()}
    to_create, to_update = [], []
    for values in states:
        state = existing.get(values["usps"])
        if state is None:
            to_create.append(State(**values))
            continue
        changed = [key for key, value in values.items() if getattr(state, key) != value]
        if not changed:
            result.states_unchanged += 1
            continue
        for key in changed:
            setattr(state, key, values[key])
        to_update.append(state)
    if to_update:
        State.objects.bulk_update(to_update, ["fips", "name", "kind", "ori_prefix"])
    if to_create:
        State.objects.bulk_create(to_create)
    result.states_created = len(to_create)
    result.states_updated = len(to_update)
    return {state.ori_prefix: state for state in State.objects.all()}
