"""The Open Policing Project's standard schema for stop records, as this library stores it.

Stored column types are chosen so that every backend (DuckDB, PySpark) reads them the same:
``date`` is a date, ``time`` a normalised ``HH:MM:SS`` string (Spark has no time-of-day type),
flags are booleans, categories are lower-case strings from a fixed list of levels.
"""

from __future__ import annotations

RACES = ("asian/pacific islander", "black", "hispanic", "white", "other", "unknown")
SEXES = ("male", "female")
STOP_TYPES = ("vehicular", "pedestrian")
OUTCOMES = ("warning", "citation", "summons", "arrest")
SEARCH_BASES = ("k9", "plain view", "consent", "probable cause", "other")

#: Sub-geographies an analysis may group by (whichever the file has).
GEOGRAPHY_COLUMNS = (
    "district",
    "beat",
    "sector",
    "precinct",
    "zone",
    "subdivision",
    "division",
    "region",
    "service_area",
    "reporting_area",
    "county_name",
    "department_name",
)

FLAG_COLUMNS = (
    "search_conducted",
    "search_person",
    "search_vehicle",
    "contraband_found",
    "contraband_drugs",
    "contraband_weapons",
    "frisk_performed",
    "arrest_made",
    "citation_issued",
    "warning_issued",
)

#: Every standard column and how it is parsed: date, time, number, category, flag or text.
COLUMN_KINDS: dict[str, str] = {
    "date": "date",
    "time": "time",
    "location": "text",
    "lat": "number",
    "lng": "number",
    **dict.fromkeys(GEOGRAPHY_COLUMNS, "text"),
    "subject_age": "number",
    "subject_race": "category",
    "subject_sex": "category",
    "officer_id_hash": "text",
    "type": "category",
    "violation": "text",
    **dict.fromkeys(FLAG_COLUMNS, "flag"),
    "search_basis": "category",
    "outcome": "category",
    "reason_for_stop": "text",
    "vehicle_registration_state": "text",
}

CATEGORY_LEVELS: dict[str, tuple[str, ...]] = {
    "subject_race": RACES,
    "subject_sex": SEXES,
    "type": STOP_TYPES,
    "outcome": OUTCOMES,
    "search_basis": SEARCH_BASES,
}

#: Plausible ages of a stopped person; values outside are reported and set to missing.
AGE_MIN, AGE_MAX = 10, 100

#: The line of the source file each stored row came from (header is line 1).
SOURCE_LINE = "source_line"

TRUE_WORDS = frozenset({"true", "t", "1", "yes", "y"})
FALSE_WORDS = frozenset({"false", "f", "0", "no", "n"})
DEFAULT_NA = ("", "NA", "N/A", "NULL", "null", "None", "nan", "NaN", "#N/A")


def arrow_type(column: str):
    """The Arrow type a standard column is stored as."""
    import pyarrow as pa

    kind = COLUMN_KINDS[column]
    return {
        "date": pa.date32(),
        "time": pa.string(),
        "number": pa.float64(),
        "flag": pa.bool_(),
        "category": pa.string(),
        "text": pa.string(),
    }[kind]
