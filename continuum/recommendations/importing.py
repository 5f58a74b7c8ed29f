"""Reading a register file (CSV or XLSX) and checking it row by row before anything is saved.

`read_table` turns an upload into headers and rows of text; `guess_mapping` picks the column of
each register field from the headers (the San Francisco index and our own export map by
default); `check_rows` builds the validation report and the plan of what a confirmation would
write. Nothing here touches the database except reading the register that is already there.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import IMPORT_MAX_ROWS, Priority

#: The register fields a column can fill: (key, label, required).
FIELDS: list[tuple[str, Any, bool]] = [
    ("category_number", gettext_lazy("Objective number"), False),
    ("category", gettext_lazy("Objective"), False),
    ("concept", gettext_lazy("Concept"), False),
    ("finding_number", gettext_lazy("Finding number"), False),
    ("finding", gettext_lazy("Finding"), False),
    ("rec_id", gettext_lazy("Recommendation number (N.M)"), True),
    ("recommendation", gettext_lazy("Recommendation"), False),
    ("priority", gettext_lazy("Priority"), False),
    ("phase", gettext_lazy("Phase"), False),
    ("status", gettext_lazy("Status"), False),
    ("responsible_unit", gettext_lazy("Bureau or unit"), False),
    ("executive_sponsor", gettext_lazy("Executive sponsor"), False),
    ("manager", gettext_lazy("Manager"), False),
    ("case_manager", gettext_lazy("Case manager"), False),
    ("target_date", gettext_lazy("Target date"), False),
    ("compliance_measures", gettext_lazy("Compliance measures (separated by |)"), False),
    ("note", gettext_lazy("Source note"), False),
]
FIELD_KEYS = [key for key, _label, _required in FIELDS]

#: Header spellings (lower case, letters and digits only) that map to each field.
SYNONYMS: dict[str, set[str]] = {
    "category_number": {"objectiveno", "objectivenumber", "categoryno", "categorynumber", "objno"},
    "category": {"objective", "objectivetitle", "category", "objectivenumbertitle"},
    "concept": {"concept", "concepttag"},
    "finding_number": {"findingno", "finding", "findingnumber", "findingnum"},
    "finding": {"findingtext", "findings", "findingstatement", "finding"},
    "rec_id": {
        "recid",
        "rec",
        "recno",
        "recommendationno",
        "recommendationid",
        "recommendationnumber",
        "id",
    },
    "recommendation": {"rectext", "recommendation", "recommendations", "recommendationtext"},
    "priority": {"priority", "priority2019"},
    "phase": {"phase", "caldojphase"},
    "status": {"status", "statusexample", "currentstatus"},
    "responsible_unit": {"bureau", "unit", "bureauunit", "responsibleunit"},
    "executive_sponsor": {"executivesponsor"},
    "manager": {"manager", "findingsmanager"},
    "case_manager": {"casemanager", "assignedcasemanager", "projectmanager"},
    "target_date": {"targetdate", "target", "duedate"},
    "compliance_measures": {"compliancemeasures", "measures"},
    "note": {"note", "notes", "sourcenote"},
}
#: A header of a number column wins over the same word's text column ("Finding #").
NUMBER_HEADERS = {"finding": "finding_number", "rec": "rec_id"}

ID_PATTERN = re.compile(r"^\s*(\d{1,6})\.(\d{1,4})\s*$")
INT_PATTERN = re.compile(r"^\s*(\d{1,6})(?:\.0+)?\s*$")
#: A category's findings further than this from the rest are looked at on their own.
CLUSTER_GAP = 5


class ImportFileError(ValueError):
    """The upload cannot be read as a table."""


def _normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_table(name: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as text) of a CSV or XLSX upload. Raises ImportFileError."""
    lower = name.lower()
    if lower.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        table = _read_xlsx(content)
    elif lower.endswith((".csv", ".txt")):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise ImportFileError(_("The file is empty."))
    headers, rows = table[0], table[1:]
    if not any(headers):
        raise ImportFileError(_("The first row must name the columns."))
    if not rows:
        raise ImportFileError(_("The file has column names but no rows."))
    if len(rows) > IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("The file has %(n)s rows; import at most %(max)s at a time.")
            % {"n": len(rows), "max": IMPORT_MAX_ROWS}
        )
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in rows]
    return headers, rows


def _read_csv(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ImportFileError(_("The file is not text we can read; save it as CSV (UTF-8)."))
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV file."))
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error


def _read_xlsx(content: bytes) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        data = sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own types for broken workbooks
        raise ImportFileError(
            _("The workbook cannot be read; save it again as .xlsx and retry.")
        ) from error
    return [[_cell(value) for value in row] for row in data]


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """The column (index) of each field, guessed from the headers; None where no header fits."""
    mapping: dict[str, int | None] = {key: None for key in FIELD_KEYS}
    taken: set[int] = set()
    normalised = [_normalise(h) for h in headers]
    raw = [str(h).strip().lower() for h in headers]
    # Number columns first: "Finding #" / "Rec #" are the numbers, "Finding" the text.
    for index, header in enumerate(raw):
        for word, key in NUMBER_HEADERS.items():
            if mapping[key] is None and re.fullmatch(rf"{word}\s*(#|no\.?|number)", header):
                mapping[key] = index
                taken.add(index)
    for key in FIELD_KEYS:
        if mapping[key] is not None:
            continue
        for index, header in enumerate(normalised):
            if index not in taken and header in SYNONYMS.get(key, set()):
                mapping[key] = index
                taken.add(index)
                break
    return mapping


@dataclass
class Issue:
    row: int | None  # the row number in the file (the header is row 1); None for the whole file
    message: str
    error: bool  # an error blocks the import; a warning is shown and imported as is


@dataclass
class Plan:
    """What a confirmation would write, and the report of the checks."""

    issues: list[Issue] = field(default_factory=list)
    categories: dict[int, dict[str, Any]] = field(default_factory=dict)  # number -> name, range
    findings: dict[int, dict[str, Any]] = field(default_factory=dict)  # number -> category, text
    recommendations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.error]

    @property
    def can_import(self) -> bool:
        return bool(self.recommendations) and not self.errors

    def counts_by_category(self) -> list[tuple[str, int]]:
        counts = Counter(self.findings[r["finding"]]["category"] for r in self.recommendations)
        return [
            (
                self.categories[number]["name"] if number is not None else _("No category"),
                counts[number],
            )
            for number in sorted(counts, key=lambda n: (n is None, n or 0))
        ]


def _core_range(numbers: list[int]) -> tuple[int, int]:
    """The main run of a category's finding numbers (outliers far from it left out)."""
    distinct = sorted(set(numbers))
    runs: list[list[int]] = [[distinct[0]]]
    for number in distinct[1:]:
        if number - runs[-1][-1] > CLUSTER_GAP:
            runs.append([])
        runs[-1].append(number)
    weight = Counter(numbers)
    best = max(runs, key=lambda run: sum(weight[n] for n in run))
    return best[0], best[-1]


def check_rows(
    rows: list[list[str]],
    mapping: dict[str, int | None],
    *,
    existing_findings: dict[int, int | None] | None = None,
    existing_labels: set[tuple[int, int]] | None = None,
    existing_categories: dict[int, dict[str, Any]] | None = None,
    status_labels: dict[str, str] | None = None,
) -> Plan:
    """Check every row; return the report and the plan (nothing is written here).

    existing_*: what the register holds already (finding number -> category number; labels
    (N, M); category number -> {name, first, last}). status_labels: lower-case label or key ->
    the first scale's value key.
    """
    existing_findings = existing_findings or {}
    existing_labels = existing_labels or set()
    existing_categories = existing_categories or {}
    status_labels = status_labels or {}
    plan = Plan()
    plan.categories = {n: dict(c) for n, c in existing_categories.items()}

    def col(row: list[str], key: str) -> str:
        index = mapping.get(key)
        if index is None or index >= len(row):
            return ""
        return str(row[index]).strip()

    if mapping.get("rec_id") is None:
        plan.issues.append(
            Issue(None, _("Choose the column that holds the recommendation numbers (N.M)."), True)
        )
        return plan

    # 1. Each row on its own: its ID, its finding, its category.
    parsed: list[dict[str, Any]] = []
    category_names: dict[str, int] = {c["name"].lower(): n for n, c in plan.categories.items()}
    next_category = max(plan.categories, default=0) + 1
    for offset, row in enumerate(rows):
        line = offset + 2
        raw_id = col(row, "rec_id")
        match = ID_PATTERN.match(raw_id)
        if not raw_id:
            plan.issues.append(Issue(line, _("No recommendation number."), True))
            continue
        if not match:
            message = _("“%(id)s” is not a recommendation number like 12.3.") % {"id": raw_id}
            if INT_PATTERN.match(raw_id):
                message += " " + _(
                    "A spreadsheet may have turned %(id)s.0 into %(id)s: format the column as "
                    "text and export it again."
                ) % {"id": raw_id.strip()}
            plan.issues.append(Issue(line, message, True))
            continue
        n, m = int(match.group(1)), int(match.group(2))
        label = f"{n}.{m}"
        if raw_id != label:
            plan.issues.append(
                Issue(
                    line,
                    _("“%(id)s” is read as %(label)s.") % {"id": raw_id, "label": label},
                    False,
                )
            )
        if m == 0:
            plan.issues.append(
                Issue(
                    line,
                    _(
                        "%(label)s ends in .0: recommendations are numbered from 1. It is imported "
                        "as published; check the source (it may be %(n)s.1)."
                    )
                    % {"label": label, "n": n},
                    False,
                )
            )
        finding_cell = col(row, "finding_number")
        if finding_cell:
            finding_match = INT_PATTERN.match(finding_cell)
            if not finding_match:
                plan.issues.append(
                    Issue(line, _("“%(v)s” is not a finding number.") % {"v": finding_cell}, True)
                )
                continue
            if int(finding_match.group(1)) != n:
                plan.issues.append(
                    Issue(
                        line,
                        _("%(label)s is listed under finding %(f)s: its number says finding %(n)s.")
                        % {"label": label, "f": finding_match.group(1), "n": n},
                        True,
                    )
                )
                continue
        category_number = None
        name = col(row, "category")
        number_cell = col(row, "category_number")
        if number_cell:
            number_match = INT_PATTERN.match(number_cell)
            if not number_match:
                plan.issues.append(
                    Issue(line, _("“%(v)s” is not an objective number.") % {"v": number_cell}, True)
                )
                continue
            category_number = int(number_match.group(1))
        elif name:
            category_number = category_names.get(name.lower())
            if category_number is None:
                category_number = next_category
                next_category += 1
        if category_number is not None:
            known = plan.categories.get(category_number)
            if known is None:
                if not name:
                    plan.issues.append(
                        Issue(
                            line,
                            _("Objective %(n)s has no name in this row.") % {"n": category_number},
                            True,
                        )
                    )
                    continue
                plan.categories[category_number] = {
                    "name": name[:200],
                    "first": None,
                    "last": None,
                    "new": True,
                }
                category_names[name.lower()] = category_number
            elif name and known["name"].lower() != name.lower():
                plan.issues.append(
                    Issue(
                        line,
                        _("Objective %(n)s is named “%(a)s” here and “%(b)s” elsewhere.")
                        % {"n": category_number, "a": name, "b": known["name"]},
                        True,
                    )
                )
                continue
        parsed.append(
            {
                "line": line,
                "raw_id": raw_id,
                "n": n,
                "m": m,
                "label": label,
                "category": category_number,
                "finding_named": bool(finding_cell),
                "finding_text": col(row, "finding"),
                "row": row,
            }
        )

    # 2. Duplicates (in the file, and against the register).
    seen: dict[str, int] = {}
    unique: list[dict[str, Any]] = []
    for item in parsed:
        if item["label"] in seen:
            plan.issues.append(
                Issue(
                    item["line"],
                    _("%(label)s appears twice (first on row %(first)s).")
                    % {"label": item["label"], "first": seen[item["label"]]},
                    True,
                )
            )
            continue
        seen[item["label"]] = item["line"]
        if (item["n"], item["m"]) in existing_labels:
            plan.issues.append(
                Issue(
                    item["line"],
                    _("%(label)s is in the register already.") % {"label": item["label"]},
                    True,
                )
            )
            continue
        unique.append(item)

    # 3. Category ranges: declared ones, else the main run of each category's findings.
    by_category: dict[int, list[int]] = defaultdict(list)
    for item in unique:
        if item["category"] is not None:
            by_category[item["category"]].append(item["n"])
    for number, category in plan.categories.items():
        if category.get("first") is None and by_category.get(number):
            category["first"], category["last"] = _core_range(by_category[number])
            category["computed"] = True
    for item in unique:
        own = item["category"]
        n = item["n"]
        for number, category in plan.categories.items():
            if number == own or category.get("first") is None:
                continue
            if category["first"] <= n <= category["last"]:
                owner = plan.categories.get(own, {}).get("name", _("no objective"))
                plan.issues.append(
                    Issue(
                        item["line"],
                        _(
                            "%(label)s is under %(own)s, but finding %(n)s lies in %(other)s's "
                            "range (findings %(first)s to %(last)s)."
                        )
                        % {
                            "label": item["label"],
                            "own": owner,
                            "n": n,
                            "other": category["name"],
                            "first": category["first"],
                            "last": category["last"],
                        },
                        True,
                    )
                )
                item["bad"] = True
                break
        if own is not None and not item.get("bad"):
            category = plan.categories[own]
            if category.get("first") is not None and not category["first"] <= n <= category["last"]:
                plan.issues.append(
                    Issue(
                        item["line"],
                        _(
                            "Finding %(n)s is far from the rest of %(own)s "
                            "(findings %(first)s to %(last)s)."
                        )
                        % {
                            "n": n,
                            "own": category["name"],
                            "first": category["first"],
                            "last": category["last"],
                        },
                        not category.get("computed"),
                    )
                )

    # 4. Findings: each must exist (in the register, or named by the file), in one category.
    for item in unique:
        if item.get("bad"):
            continue
        n = item["n"]
        if n in existing_findings:
            existing_category = existing_findings[n]
            if item["category"] is not None and existing_category not in (None, item["category"]):
                plan.issues.append(
                    Issue(
                        item["line"],
                        _("Finding %(n)s belongs to another objective in the register.") % {"n": n},
                        True,
                    )
                )
                continue
            plan.findings.setdefault(
                n, {"category": existing_category, "text": "", "existing": True}
            )
        elif item["finding_named"] or item["finding_text"]:
            finding = plan.findings.setdefault(
                n, {"category": item["category"], "text": item["finding_text"]}
            )
            if finding["category"] != item["category"]:
                plan.issues.append(
                    Issue(
                        item["line"],
                        _("Finding %(n)s is listed under two objectives.") % {"n": n},
                        True,
                    )
                )
                continue
            if not finding["text"] and item["finding_text"]:
                finding["text"] = item["finding_text"]
        else:
            plan.issues.append(
                Issue(
                    item["line"],
                    _(
                        "%(label)s: finding %(n)s does not exist (not in the register, and "
                        "the file does not list it)."
                    )
                    % {"label": item["label"], "n": n},
                    True,
                )
            )
            continue
        plan.recommendations.append(_recommendation(item, col, plan, status_labels))

    # 5. Gaps in numbering: findings, then recommendations within each finding.
    finding_numbers = set(plan.findings) | set(existing_findings)
    if finding_numbers:
        low, high = min(finding_numbers), max(finding_numbers)
        for gap in _runs(sorted(set(range(low, high + 1)) - finding_numbers)):
            first, last = gap[0], gap[-1]
            text = (
                _(
                    "Finding %(n)s has no recommendations: the numbering goes from %(a)s to "
                    "%(b)s, so its recommendations (%(n)s.1, …) are missing."
                )
                % {"n": first, "a": first - 1, "b": last + 1}
                if first == last
                else _(
                    "Findings %(first)s to %(last)s have no recommendations: the numbering "
                    "goes from %(a)s to %(b)s."
                )
                % {"first": first, "last": last, "a": first - 1, "b": last + 1}
            )
            plan.issues.append(Issue(None, text, False))
    numbers: dict[int, set[int]] = defaultdict(set)
    for n, m in existing_labels:
        numbers[n].add(m)
    for rec in plan.recommendations:
        numbers[rec["finding"]].add(rec["number"])
    for n in sorted(numbers):
        present = numbers[n]
        missing = sorted(set(range(1, max(present) + 1)) - present)
        if missing:
            plan.issues.append(
                Issue(
                    None,
                    _("Finding %(n)s: %(missing)s missing from the numbering.")
                    % {"n": n, "missing": ", ".join(f"{n}.{m}" for m in missing)},
                    False,
                )
            )
    plan.issues.sort(key=lambda i: (i.row is not None, i.row or 0, not i.error))
    return plan


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _recommendation(item, col, plan: Plan, status_labels: dict[str, str]) -> dict[str, Any]:
    import datetime

    row, line = item["row"], item["line"]
    priority = col(row, "priority").lower()
    if priority and priority not in Priority.values:
        plan.issues.append(
            Issue(
                line,
                _("Priority “%(v)s” is not low, medium or high.") % {"v": col(row, "priority")},
                True,
            )
        )
        priority = ""
    status_text = col(row, "status")
    status = ""
    if status_text:
        status = status_labels.get(status_text.lower(), "")
        if not status:
            plan.issues.append(
                Issue(
                    line,
                    _(
                        "Status “%(v)s” is not on the register's first scale; it starts at the "
                        "scale's first value."
                    )
                    % {"v": status_text},
                    False,
                )
            )
    target = col(row, "target_date")
    target_on = None
    if target:
        for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
            try:
                target_on = datetime.datetime.strptime(target[:10], pattern).date().isoformat()
                break
            except ValueError:
                continue
        else:
            plan.issues.append(
                Issue(
                    line,
                    _("Target date “%(v)s” is not a date like 3/14/2027.") % {"v": target},
                    True,
                )
            )
    note = col(row, "note")
    if note:
        plan.issues.append(
            Issue(
                line,
                _("%(label)s — note from the source: %(note)s")
                % {"label": item["label"], "note": note},
                False,
            )
        )
    measures = [m.strip() for m in col(row, "compliance_measures").split("|") if m.strip()]
    return {
        "line": line,
        "finding": item["n"],
        "number": item["m"],
        "text": col(row, "recommendation"),
        "concept": col(row, "concept")[:200],
        "priority": priority,
        "phase": col(row, "phase")[:200],
        "responsible_unit": col(row, "responsible_unit")[:200],
        "executive_sponsor": col(row, "executive_sponsor")[:200],
        "manager": col(row, "manager")[:200],
        "case_manager": col(row, "case_manager")[:200],
        "target_on": target_on,
        "status": status,
        "measures": measures,
        "source_note": note,
    }
