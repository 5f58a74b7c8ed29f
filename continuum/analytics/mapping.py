"""The column mapping: from an agency's columns and codes to the standard schema (YAML).

Example::

    delimiter: ","            # optional; detected from the file when absent
    encoding: utf-8           # optional
    na_values: ["", "NA"]     # optional; these strings mean "missing" in every column
    columns:
      date: {column: STOP_DATE, formats: ["%m/%d/%Y"]}
      time: STOP_TIME          # a plain string names the source column
      subject_race:
        column: RACE
        values: {W: white, B: black, H: hispanic, A: asian/pacific islander, U: unknown}
      search_conducted: {column: SEARCHED, values: {Y: true, N: false}}
      sector: BEAT_SECTOR

Codes not listed under ``values`` are reported as unknown codes (and stored as missing);
categories and flags without ``values`` accept the standard's own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import _
from .schema import CATEGORY_LEVELS, COLUMN_KINDS, DEFAULT_NA


class MappingError(ValueError):
    """The mapping is not usable; ``problems`` lists each reason in plain language."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ColumnRule:
    target: str
    source: str
    formats: tuple[str, ...] = ()
    values: dict[str, Any] | None = None  # source code (lower-cased) -> level, True/False, None


@dataclass(frozen=True)
class Mapping:
    rules: tuple[ColumnRule, ...]
    delimiter: str | None = None
    encoding: str | None = None
    na_values: tuple[str, ...] = DEFAULT_NA
    raw: dict = field(default_factory=dict, compare=False)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(rule.target for rule in self.rules)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.source for rule in self.rules))

    def as_dict(self) -> dict:
        """A plain description (for the report's reproducibility block)."""
        return self.raw or {
            "columns": {rule.target: rule.source for rule in self.rules},
            "delimiter": self.delimiter,
        }


def mapping_identity(header: list[str]) -> Mapping:
    """The mapping of a file already in the standard schema: each standard column as is."""
    rules = tuple(ColumnRule(target=name, source=name) for name in header if name in COLUMN_KINDS)
    if not rules:
        raise MappingError(
            [_("The file has no column of the standard schema; give a column mapping.")]
        )
    return Mapping(rules=rules, raw={"identity": True, "columns": [r.target for r in rules]})


def mapping_load(path: str | Path) -> Mapping:
    """Read and check a YAML mapping file."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError([_("The mapping file cannot be read: %s") % exc.strerror]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError([_("The mapping file is not valid YAML: %s") % exc]) from exc
    return mapping_from_dict(data)


def _level(target: str, code: Any, value: Any, problems: list[str]) -> Any:
    kind = COLUMN_KINDS[target]
    if value is None:
        return None
    if kind == "flag":
        if isinstance(value, bool):
            return value
        problems.append(
            _("%(column)s: code %(code)r must map to true or false, not %(value)r.")
            % {"column": target, "code": code, "value": value}
        )
        return None
    levels = CATEGORY_LEVELS.get(target)
    if levels is not None and str(value).lower() not in levels:
        problems.append(
            _("%(column)s: code %(code)r maps to %(value)r, which is not one of: %(levels)s.")
            % {"column": target, "code": code, "value": value, "levels": ", ".join(levels)}
        )
        return None
    return str(value).lower() if levels is not None else value


def mapping_from_dict(data: Any) -> Mapping:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise MappingError([_("The mapping must have a 'columns' section naming source columns.")])
    rules = []
    for target, spec in data["columns"].items():
        if target not in COLUMN_KINDS:
            problems.append(
                _("%(column)s is not a column of the standard schema.") % {"column": target}
            )
            continue
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            problems.append(_("%(column)s: give the source column's name.") % {"column": target})
            continue
        formats = spec.get("formats") or ([spec["format"]] if spec.get("format") else [])
        if not all(isinstance(f, str) and "%" in f for f in formats):
            problems.append(
                _("%(column)s: formats must be strftime patterns such as %%m/%%d/%%Y.")
                % {"column": target}
            )
            formats = []
        values = None
        if spec.get("values") is not None:
            if not isinstance(spec["values"], dict):
                problems.append(
                    _("%(column)s: values must map each code to a level.") % {"column": target}
                )
            elif COLUMN_KINDS[target] not in ("category", "flag"):
                problems.append(
                    _("%(column)s: only categories and flags take values.") % {"column": target}
                )
            else:
                values = {
                    str(code).strip().lower(): _level(target, code, value, problems)
                    for code, value in spec["values"].items()
                }
        rules.append(
            ColumnRule(target=target, source=spec["column"], formats=tuple(formats), values=values)
        )
    delimiter = data.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        problems.append(_("The delimiter must be a single character."))
    na_values = data.get("na_values", DEFAULT_NA)
    if not isinstance(na_values, list | tuple):
        problems.append(_("na_values must be a list of strings."))
        na_values = DEFAULT_NA
    if not rules and not problems:
        problems.append(_("The mapping names no column."))
    if problems:
        raise MappingError(problems)
    return Mapping(
        rules=tuple(rules),
        delimiter=delimiter,
        encoding=data.get("encoding"),
        na_values=tuple(str(v) for v in na_values),
        raw=data,
    )
