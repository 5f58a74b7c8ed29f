"""The validation report and the data-quality log: what was wrong, and every row removed.

Both are plain data (``as_dict`` gives JSON) so the command line, the HTML report and the web
app show the same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .i18n import _

SAMPLE_LINES = 10
SAMPLE_VALUES = 5

#: Plain-language title of each problem kind.
PROBLEM_TITLES = {
    "wrong_field_count": _("Lines with the wrong number of fields (not read)"),
    "date_unparseable": _("Dates that cannot be read"),
    "date_other_format": _("Dates in another format than the rest of the file"),
    "date_out_of_range": _("Dates in the future or before 1950"),
    "time_unparseable": _("Times that cannot be read"),
    "unknown_code": _("Codes the mapping does not list"),
    "not_a_number": _("Values that are not numbers"),
    "impossible_age": _("Impossible ages (outside 10 to 100)"),
    "coordinates_out_of_range": _("Coordinates outside the Earth's range"),
    "contraband_without_search": _("Contraband found without a search"),
    "search_basis_without_search": _("A search basis without a search"),
    "arrest_outcome_mismatch": _("Outcome says arrest but no arrest was made"),
    "citation_outcome_mismatch": _("Outcome says citation but no citation was issued"),
}

#: What the ingest did about each kind (the values involved are stored as missing, except where
#: said otherwise).
PROBLEM_ACTIONS = {
    "wrong_field_count": _("line not read"),
    "contraband_without_search": _("contraband set to missing"),
    "search_basis_without_search": _("search basis set to missing"),
    "arrest_outcome_mismatch": _("kept as recorded"),
    "citation_outcome_mismatch": _("kept as recorded"),
    "date_out_of_range": _("kept as recorded"),
}


@dataclass
class Problem:
    kind: str
    column: str
    count: int = 0
    lines: list[int] = field(default_factory=list)
    values: Counter = field(default_factory=Counter)

    @property
    def title(self) -> str:
        return PROBLEM_TITLES.get(self.kind, self.kind)

    @property
    def action(self) -> str:
        return PROBLEM_ACTIONS.get(self.kind, _("value set to missing"))

    def add(self, lines, values=None) -> None:
        lines = list(lines)
        self.count += len(lines)
        room = SAMPLE_LINES - len(self.lines)
        if room > 0:
            self.lines.extend(int(line) for line in lines[:room])
        if values is not None:
            self.values.update(str(v) for v in values)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "column": self.column,
            "count": self.count,
            "sample_lines": self.lines,
            "top_values": self.values.most_common(SAMPLE_VALUES),
            "action": self.action,
        }


@dataclass
class Step:
    """One logged filter: what was decided, why, and how many rows it removed."""

    name: str
    decision: str
    reason: str
    rows_before: int
    rows_removed: int

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "decision": self.decision,
            "reason": self.reason,
            "rows_before": self.rows_before,
            "rows_removed": self.rows_removed,
            "rows_after": self.rows_before - self.rows_removed,
        }


@dataclass
class QualityLog:
    steps: list[Step] = field(default_factory=list)

    def record(self, name: str, decision: str, reason: str, *, before: int, after: int) -> None:
        self.steps.append(Step(name, decision, reason, int(before), int(before - after)))

    def as_list(self) -> list[dict]:
        return [step.as_dict() for step in self.steps]


@dataclass
class ValidationReport:
    source: str = ""
    rows_read: int = 0
    rows_stored: int = 0
    chunks_read: int = 0
    peak_arrow_bytes: int = 0
    fatal: str | None = None
    notes: list[str] = field(default_factory=list)
    problems: dict[tuple[str, str], Problem] = field(default_factory=dict)
    coverage: list[dict] = field(default_factory=list)  # month, column, share present
    log: QualityLog = field(default_factory=QualityLog)

    @property
    def ok(self) -> bool:
        return self.fatal is None

    def problem(self, kind: str, column: str) -> Problem:
        key = (kind, column)
        if key not in self.problems:
            self.problems[key] = Problem(kind, column)
        return self.problems[key]

    def count(self, kind: str, column: str | None = None) -> int:
        return sum(
            p.count
            for (k, c), p in self.problems.items()
            if k == kind and (column is None or c == column)
        )

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "ok": self.ok,
            "fatal": self.fatal,
            "rows_read": self.rows_read,
            "rows_stored": self.rows_stored,
            "chunks_read": self.chunks_read,
            "notes": self.notes,
            "problems": [p.as_dict() for p in self.problems.values()],
            "coverage": self.coverage,
            "log": self.log.as_list(),
        }

    def as_text(self) -> str:
        """The report as plain text, for the command line."""
        if self.fatal:
            return _("The file could not be read: %s") % self.fatal
        out = [
            _("%(read)d rows read, %(stored)d stored.")
            % {"read": self.rows_read, "stored": self.rows_stored}
        ]
        out.extend(self.notes)
        for p in self.problems.values():
            out.append(
                _(
                    "%(title)s [%(column)s]: %(count)d (%(action)s); "
                    "lines %(lines)s; values %(values)s"
                )
                % {
                    "title": p.title,
                    "column": p.column,
                    "count": p.count,
                    "action": p.action,
                    "lines": ", ".join(map(str, p.lines)),
                    "values": ", ".join(f"{v!r}×{n}" for v, n in p.values.most_common(3)),
                }
            )
        for step in self.log.steps:
            out.append(
                _(
                    "Step %(name)s: %(decision)s (%(reason)s): "
                    "%(removed)d of %(before)d rows removed"
                )
                % {
                    "name": step.name,
                    "decision": step.decision,
                    "reason": step.reason,
                    "removed": step.rows_removed,
                    "before": step.rows_before,
                }
            )
        return "\n".join(out)
