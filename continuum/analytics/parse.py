"""Turning one chunk of source strings into standard-schema columns, reporting each problem.

Every function here is vectorised over a pandas chunk; nothing keeps state between chunks
except the date and time formats chosen on the first chunk (:class:`Formats`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .i18n import _
from .mapping import ColumnRule, Mapping
from .report_model import ValidationReport
from .schema import AGE_MAX, AGE_MIN, CATEGORY_LEVELS, COLUMN_KINDS, FALSE_WORDS, TRUE_WORDS

DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d/%m/%Y",
    "%Y/%m/%d",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%Y%m%d",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
)
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%H%M", "%H:%M:%S.%f")
EARLIEST = pd.Timestamp("1950-01-01")


@dataclass
class Formats:
    """The date/time formats chosen for each column (from the mapping or the first chunk)."""

    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _parse_with(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        todo = result.isna() & values.notna()
        if not todo.any():
            break
        result[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce")
    return result


def _choose_format(values: pd.Series, candidates: tuple[str, ...]) -> tuple[str, ...]:
    present = values.dropna().head(5000)
    if present.empty:
        return candidates[:1]
    scores = [
        (pd.to_datetime(present, format=f, errors="coerce").notna().sum(), f) for f in candidates
    ]
    best = max(scores, key=lambda s: s[0])  # first of the ties: list order
    return (best[1],)


def _parse_datetime(rule, values, formats, report, lines, *, kind):
    candidates = DATE_FORMATS if kind == "date" else TIME_FORMATS
    if rule.target not in formats.chosen:
        chosen = rule.formats or _choose_format(values, candidates)
        formats.chosen[rule.target] = chosen
        if not rule.formats:
            report.notes.append(
                _("%(column)s read with the format %(format)s (detected from the first rows).")
                % {"column": rule.target, "format": chosen[0]}
            )
    chosen = formats.chosen[rule.target]
    if kind == "time":
        values = values.where(~values.str.fullmatch(r"\d{3}", na=False), "0" + values)
    parsed = _parse_with(values, chosen)
    failed = values.notna() & parsed.isna()
    if failed.any():
        others = tuple(f for f in candidates if f not in chosen)
        rescued = _parse_with(values[failed], others).notna()
        other = failed.copy()
        other[failed] = rescued.to_numpy()
        bad = failed & ~other
        name = "date" if kind == "date" else "time"
        if other.any():
            report.problem(f"{name}_other_format", rule.target).add(lines[other], values[other])
        if bad.any():
            report.problem(f"{name}_unparseable", rule.target).add(lines[bad], values[bad])
    return parsed


def _parse_category(rule: ColumnRule, values: pd.Series, report, lines) -> pd.Series:
    lowered = values.str.lower()
    if rule.values is not None:
        lookup = rule.values
    else:
        levels = CATEGORY_LEVELS.get(rule.target)
        lookup = {level: level for level in levels} if levels else None
    if lookup is None:
        return values
    known = lowered.isin(list(lookup))
    unknown = values.notna() & ~known
    if unknown.any():
        report.problem("unknown_code", rule.target).add(lines[unknown], values[unknown])
    mapped = lowered.map(lookup)
    return mapped.where(known, None).astype(object)


def _parse_flag(rule: ColumnRule, values: pd.Series, report, lines) -> pd.Series:
    lowered = values.str.lower()
    if rule.values is not None:
        lookup = rule.values
    else:
        lookup = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
    known = lowered.isin(list(lookup))
    unknown = values.notna() & ~known
    if unknown.any():
        report.problem("unknown_code", rule.target).add(lines[unknown], values[unknown])
    mapped = lowered.map(lookup).where(known, None)
    return mapped.astype("boolean")


def _parse_number(rule: ColumnRule, values: pd.Series, report, lines) -> pd.Series:
    numbers = pd.to_numeric(values.str.replace(",", "", regex=False), errors="coerce")
    bad = values.notna() & numbers.isna()
    if bad.any():
        report.problem("not_a_number", rule.target).add(lines[bad], values[bad])
    limits = {
        "subject_age": (AGE_MIN, AGE_MAX, "impossible_age"),
        "lat": (-90, 90, "coordinates_out_of_range"),
        "lng": (-180, 180, "coordinates_out_of_range"),
    }
    if rule.target in limits:
        low, high, kind = limits[rule.target]
        out = numbers.notna() & ((numbers < low) | (numbers > high))
        if out.any():
            report.problem(kind, rule.target).add(lines[out], values[out])
            numbers = numbers.mask(out)
    return numbers.astype("float64")


def chunk_standardise(
    chunk: pd.DataFrame, mapping: Mapping, formats: Formats, report: ValidationReport
) -> pd.DataFrame:
    """The standard-schema frame of one chunk of source strings (``source_line`` kept)."""
    lines = chunk["source_line"]
    out = pd.DataFrame({"source_line": lines.to_numpy()}, index=chunk.index)
    na = list(mapping.na_values)
    for rule in mapping.rules:
        raw = chunk[rule.source].str.strip()
        values = raw.mask(raw.isin(na))
        kind = COLUMN_KINDS[rule.target]
        if kind in ("date", "time"):
            parsed = _parse_datetime(rule, values, formats, report, lines, kind=kind)
            if kind == "date":
                today = pd.Timestamp(dt.date.today())
                odd = parsed.notna() & ((parsed > today) | (parsed < EARLIEST))
                if odd.any():
                    report.problem("date_out_of_range", rule.target).add(lines[odd], values[odd])
                out[rule.target] = parsed.dt.date.where(parsed.notna(), None)
            else:
                out[rule.target] = parsed.dt.strftime("%H:%M:%S").where(parsed.notna(), None)
        elif kind == "category":
            out[rule.target] = _parse_category(rule, values, report, lines)
        elif kind == "flag":
            out[rule.target] = _parse_flag(rule, values, report, lines)
        elif kind == "number":
            out[rule.target] = _parse_number(rule, values, report, lines)
        else:
            out[rule.target] = values.astype(object)
    consistency_apply(out, report)
    return out


def consistency_apply(frame: pd.DataFrame, report: ValidationReport) -> None:
    """The standard's consistency rules between columns (in place)."""
    lines = frame["source_line"]
    if "search_conducted" in frame:
        no_search = frame["search_conducted"].fillna(True).eq(False).to_numpy(dtype=bool)
        for column, kind in (
            ("contraband_found", "contraband_without_search"),
            ("search_basis", "search_basis_without_search"),
        ):
            if column not in frame:
                continue
            present = frame[column].notna().to_numpy(dtype=bool)
            if column == "contraband_found":
                present = present & frame[column].fillna(False).to_numpy(dtype=bool)
            bad = no_search & present
            if bad.any():
                report.problem(kind, column).add(lines[bad])
            frame.loc[no_search, column] = None if column == "search_basis" else pd.NA
    if "outcome" in frame:
        for flag, level, kind in (
            ("arrest_made", "arrest", "arrest_outcome_mismatch"),
            ("citation_issued", "citation", "citation_outcome_mismatch"),
        ):
            if flag in frame:
                bad = frame["outcome"].eq(level).to_numpy(dtype=bool) & frame[flag].eq(
                    False
                ).fillna(False).to_numpy(dtype=bool)
                if bad.any():
                    report.problem(kind, "outcome").add(lines[bad])
