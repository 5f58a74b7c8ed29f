"""Finding and reading the importer's files: the states file, the FBI agency list (CSV or
JSON) and the plain CSV readers they share with the crosswalk. Reading never writes."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

STATES_FILE = "us_states_territories_fips.csv"
AGENCIES_FILE = "fbi_cde_agencies_2018.csv"
CROSSWALK_FILE = "leaic_2012_agency_crosswalk.csv.gz"
DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_STATES_FILE = "states.csv"
DEMO_AGENCIES_FILE = "agencies_fbi_format.csv"

AGENCY_COLUMNS = (
    "agency_name",
    "agency_type_name",
    "county_name",
    "latitude",
    "longitude",
    "ori",
    "state_abbr",
)
SIX_PLACES = Decimal("0.000001")


class ImportFileError(Exception):
    """A file is missing or not in the expected format. Nothing was written."""


@dataclass(frozen=True)
class ImportSources:
    states: Path
    agencies: Path
    crosswalk: Path | None
    used_demo_data: bool = False


@dataclass(frozen=True)
class Record:
    """One data row of a file, with its position and any problem found while reading it."""

    line: int
    values: dict[str, str]
    problem: str = ""


def sources_resolve(
    *,
    reference_dir: Path | None,
    states: Path | None = None,
    agencies: Path | None = None,
    crosswalk: Path | None = None,
) -> ImportSources:
    """The files to import: the given paths, else the reference directory's, else the demo's.

    Each of the states and agency files falls back to the demo directory on its own when the
    reference directory lacks it. There is no demo crosswalk: without one the enrichment is
    skipped.
    """
    ref = Path(reference_dir) if reference_dir else None
    used_demo = False

    def pick(given: Path | None, name: str, demo_name: str) -> Path:
        nonlocal used_demo
        if given is not None:
            return Path(given)
        if ref is not None and (ref / name).is_file():
            return ref / name
        used_demo = True
        return DEMO_DATA_DIR / demo_name

    states = pick(states, STATES_FILE, DEMO_STATES_FILE)
    agencies = pick(agencies, AGENCIES_FILE, DEMO_AGENCIES_FILE)
    if crosswalk is None and ref is not None and (ref / CROSSWALK_FILE).is_file():
        crosswalk = ref / CROSSWALK_FILE
    return ImportSources(
        states=Path(states),
        agencies=Path(agencies),
        crosswalk=Path(crosswalk) if crosswalk else None,
        used_demo_data=used_demo,
    )


def open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_failure(path: Path, error: Exception, line: int | None = None) -> ImportFileError:
    where = f" (near line {line})" if line else ""
    if isinstance(error, FileNotFoundError):
        return ImportFileError(f"There is no file at {path}.")
    if isinstance(error, IsADirectoryError):
        return ImportFileError(f"{path} is a folder, not a file.")
    if isinstance(error, UnicodeDecodeError):
        return ImportFileError(f"{path.name} is not UTF-8 text{where}.")
    if isinstance(error, gzip.BadGzipFile | EOFError):
        return ImportFileError(f"{path.name} is not a complete gzip file: {error}.")
    if isinstance(error, csv.Error):
        return ImportFileError(f"{path.name} is not valid CSV{where}: {error}.")
    return ImportFileError(f"{path.name} cannot be read: {error}.")


def check_columns(path: Path, header: list[str], required: Iterable[str], what: str) -> None:
    missing = [column for column in required if column not in header]
    if missing:
        found = ", ".join(column for column in header if column) or "no named columns"
        raise ImportFileError(
            f"{path.name} does not look like {what}: it lacks the column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} (it has: {found})."
        )


def csv_records(path: Path, *, required: Iterable[str], what: str) -> list[Record]:
    """Every data row of a CSV file, keyed by the header, with the line where it starts."""
    path = Path(path)
    line = 0
    try:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ImportFileError(f"{path.name} is empty: it has no header row.")
            header = [column.strip() for column in header]
            check_columns(path, header, required, what)
            records = []
            last_line = reader.line_num
            for row in reader:
                line = last_line + 1
                last_line = reader.line_num
                if not row:
                    continue  # a blank line is not a row
                problem = ""
                if len(row) != len(header):
                    problem = f"it has {len(row)} values where the header has {len(header)} columns"
                values = {column: value.strip() for column, value in zip(header, row, strict=False)}
                records.append(Record(line=line, values=values, problem=problem))
            return records
    except ImportFileError:
        raise
    except (OSError, UnicodeDecodeError, EOFError, csv.Error) as error:
        raise read_failure(path, error, line) from error


def _json_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def json_records(path: Path, *, required: Iterable[str], what: str) -> list[Record]:
    """The records of a JSON file holding a list of objects; record numbers start at 1."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path.name} is not valid JSON (line {error.lineno}): {error.msg}."
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise read_failure(path, error) from error
    if not isinstance(data, list):
        raise ImportFileError(
            f"{path.name} should hold a list of agency objects, not a {type(data).__name__}."
        )
    keys: set[str] = set()
    for item in data:
        if isinstance(item, dict):
            keys.update(item)
    if data:
        check_columns(path, sorted(keys), required, what)
    records = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            records.append(Record(line=number, values={}, problem="it is not an object"))
            continue
        values = {str(key): _json_value(value) for key, value in item.items()}
        records.append(Record(line=number, values=values))
    return records


def agency_records(path: Path) -> list[Record]:
    what = "the FBI agency list"
    if Path(path).suffix.lower() == ".json":
        return json_records(path, required=AGENCY_COLUMNS, what=what)
    return csv_records(path, required=AGENCY_COLUMNS, what=what)


def decimal_6(text: str) -> Decimal | None:
    """A finite decimal rounded to 6 places, None for an empty text; raises ValueError."""
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number.quantize(SIX_PLACES)
