"""The BJS Law Enforcement Agency Identifiers Crosswalk (LEAIC 2012), read for the enrichment.

Only the rows of the agencies being imported are kept. Sentinels are dropped: U_TPOP -1 (not in
the UCR), 888888888 and 999999999 (not available) and 0 (no population of its own: it is counted
by another agency); ORI7 -1; ADDRESS_CITY values of one or two characters (state codes left as
placeholders, such as "FL").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .files import ImportFileError, check_columns, decimal_6, open_text, read_failure

CROSSWALK_COLUMNS = ("ORI9", "ORI7", "U_TPOP", "FIPS", "ADDRESS_CITY", "INTPTLAT", "INTPTLONG")
POPULATION_SENTINELS = {-1, 0, 888888888, 999999999}


@dataclass(frozen=True)
class CrosswalkEntry:
    ori7: str
    population: int | None
    fips_county: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None


def _crosswalk_int(text: str) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return None if number in POPULATION_SENTINELS or number < 0 else number


def _crosswalk_coordinate(text: str, limit: int) -> Decimal | None:
    try:
        number = decimal_6(text)
    except ValueError:
        return None
    if number is None or abs(number) > limit:
        return None
    return number


def crosswalk_read(path: Path, *, oris: set[str]) -> dict[str, CrosswalkEntry]:
    """The crosswalk rows of the given ORIs, keyed by ORI9 (sentinels and placeholders dropped)."""
    path = Path(path)
    entries: dict[str, CrosswalkEntry] = {}
    line = 0
    try:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            header = [column.strip() for column in next(reader, [])]
            if not header:
                raise ImportFileError(f"{path.name} is empty: it has no header row.")
            check_columns(path, header, CROSSWALK_COLUMNS, "the BJS agency crosswalk (LEAIC)")
            at = {column: header.index(column) for column in CROSSWALK_COLUMNS}
            width = max(at.values()) + 1
            for row in reader:
                line = reader.line_num
                if len(row) < width:
                    continue  # a short or blank row has nothing to join
                ori9 = row[at["ORI9"]].strip().upper()
                if ori9 not in oris or ori9 in entries:
                    continue
                ori7 = row[at["ORI7"]].strip().upper()
                fips = row[at["FIPS"]].strip()
                city = row[at["ADDRESS_CITY"]].strip()
                entries[ori9] = CrosswalkEntry(
                    ori7=ori7 if re.fullmatch(r"[A-Z0-9]{7}", ori7) else "",
                    population=_crosswalk_int(row[at["U_TPOP"]].strip()),
                    fips_county=fips if re.fullmatch(r"\d{5}", fips) else "",
                    city=city[:120] if len(city) > 2 else "",
                    latitude=_crosswalk_coordinate(row[at["INTPTLAT"]].strip(), 90),
                    longitude=_crosswalk_coordinate(row[at["INTPTLONG"]].strip(), 180),
                )
    except ImportFileError:
        raise
    except (OSError, UnicodeDecodeError, EOFError, csv.Error) as error:
        raise read_failure(path, error, line) from error
    return entries
