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
TRIBES_FILE = "bia_tribal_leaders_directory_2024_tribes.csv"
CROSSWALK_FILE = "leaic_2012_agency_crosswalk.csv.gz"
#: The public-domain lists shipped inside the package, gzipped, with their source notes.
SHIPPED_DATA_DIR = Path(__file__).resolve().parent.parent / "reference_data"

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
    tribes: Path | None = None


@dataclass(frozen=True)
class Record:
    """One data row of a file, with its position and any problem found while reading it."""

    line: int
    values: dict[str, str]
    problem: str = ""


def shipped_file(name: str) -> Path:
    """The shipped, gzipped copy of a reference file."""
    return SHIPPED_DATA_DIR / f"{name}.gz"


def sources_resolve(
    *,
    reference_dir: Path | None,
    states: Path | None = None,
    agencies: Path | None = None,
    crosswalk: Path | None = None,
    tribes: Path | None = None,
) -> ImportSources:
    """The files to import: the given paths, else the lists shipped in the package.

    The states, agency and tribal lists are public domain and ship with the product
    (SHIPPED_DATA_DIR), so any machine imports the whole directory. The BJS crosswalk may not
    be redistributed: it is used only when given or when the installation's reference folder
    (CONTINUUM_REFERENCE_DATA_DIR) holds it; without one the enrichment is skipped.
    """
    if crosswalk is None and reference_dir is not None:
        candidate = Path(reference_dir) / CROSSWALK_FILE
        if candidate.is_file():
            crosswalk = candidate
    return ImportSources(
        states=Path(states) if states else shipped_file(STATES_FILE),
        agencies=Path(agencies) if agencies else shipped_file(AGENCIES_FILE),
        crosswalk=Path(crosswalk) if crosswalk else None,
        tribes=Path(tribes) if tribes else shipped_file(TRIBES_FILE),
    )


def file_label(path: Path) -> str:
    """The file's name without a final .gz: the same edition reads the same, compressed or not."""
    name = Path(path).name
    return name[:-3] if name.lower().endswith(".gz") else name


def is_json(path: Path) -> bool:
    return file_label(path).lower().endswith(".json")


def open_text(path: Path) -> TextIO:
    if path.suffix.lower() == ".gz":
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
        with open_text(path) as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path.name} is not valid JSON (line {error.lineno}): {error.msg}."
        ) from error
    except (OSError, UnicodeDecodeError, EOFError) as error:
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
    if is_json(path):
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
