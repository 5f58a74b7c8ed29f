"""The agency rows: their checks, their mapping to our types, and the idempotent bulk upsert."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ..choices import AgencyType, JurisdictionLevel, StateKind
from ..models import Agency, State
from ..text import agency_search_text
from .crosswalk import CrosswalkEntry, crosswalk_read
from .files import (
    ImportSources,
    Record,
    agency_records,
    decimal_6,
    file_label,
    is_json,
)
from .rejections import Rejection, RowCounts, rejections_check_path, rejections_write_csv
from .states import states_read, states_upsert

#: FBI agency_type_name -> (agency type, jurisdiction level); City and County are refined by name.
FBI_AGENCY_TYPES: dict[str, tuple[str, str]] = {
    "City": (AgencyType.MUNICIPAL, JurisdictionLevel.LOCAL),
    "County": (AgencyType.SHERIFF, JurisdictionLevel.LOCAL),
    "State Police": (AgencyType.STATE_POLICE, JurisdictionLevel.STATE),
    "Other State Agency": (AgencyType.SPECIAL, JurisdictionLevel.STATE),
    "University or College": (AgencyType.UNIVERSITY, JurisdictionLevel.LOCAL),
    "Tribal": (AgencyType.TRIBAL, JurisdictionLevel.TRIBAL),
    "Other": (AgencyType.OTHER, JurisdictionLevel.LOCAL),
    "": (AgencyType.OTHER, JurisdictionLevel.LOCAL),  # no type given: "other", not a guess
}
ORI_PATTERN = re.compile(r"[A-Z]{2}[A-Z0-9]{7}")
BATCH_SIZE = 1000

#: The fields the importer owns. Everything else (sworn officers...) is left as it is.
FBI_FIELDS = (
    "ori7",
    "name",
    "agency_type",
    "jurisdiction_level",
    "state_id",
    "county",
    "latitude",
    "longitude",
    "source",
    "search_text",
)
CROSSWALK_FIELDS = ("city", "population_served", "fips_place")

#: An optional wrapper that shows progress: (iterable, total, description) -> iterable.
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


@dataclass
class ImportResult(RowCounts):
    """What the agency import did, states and crosswalk enrichment included."""

    states_created: int = 0
    states_updated: int = 0
    states_unchanged: int = 0
    enriched: int = 0


def agency_classify(*, fbi_type: str, name: str, state_kind: str) -> tuple[str, str]:
    """Our agency type and jurisdiction level for an FBI agency type (KeyError if unknown)."""
    if state_kind == StateKind.TERRITORY:
        return AgencyType.TERRITORIAL, JurisdictionLevel.TERRITORIAL
    agency_type, level = FBI_AGENCY_TYPES[fbi_type]
    lowered = name.lower()
    if fbi_type == "City" and "sheriff" in lowered:
        agency_type = AgencyType.SHERIFF
    elif fbi_type == "County" and "police" in lowered and "sheriff" not in lowered:
        agency_type = AgencyType.MUNICIPAL  # a county police department
    return agency_type, level


class _Rejected(Exception):
    pass


def _coordinate(values: dict[str, str], key: str, limit: int) -> Decimal | None:
    text = values.get(key, "")
    try:
        number = decimal_6(text)
    except ValueError:
        raise _Rejected(f"{key} “{text}” is not a number") from None
    if number is not None and abs(number) > limit:
        raise _Rejected(f"{key} {text} is outside -{limit} to {limit}")
    return number


def _ori_checked(record: Record) -> str:
    """The record's 9-character ORI; raises _Rejected when the row or its ORI is unusable."""
    if record.problem:
        raise _Rejected(record.problem)
    ori = record.values.get("ori", "").upper()
    if not ori:
        raise _Rejected("the ORI is missing")
    if len(ori) != 9:
        raise _Rejected(f"the ORI “{ori}” is not 9 characters (it has {len(ori)})")
    if not ORI_PATTERN.fullmatch(ori):
        raise _Rejected(f"the ORI “{ori}” should be 2 letters then 7 letters or digits")
    return ori


def _agency_values(
    record: Record,
    ori: str,
    *,
    states: dict[str, State],
    crosswalk: dict[str, CrosswalkEntry] | None,
    source: str,
) -> dict[str, Any]:
    """The field values of a record whose ORI was checked; raises _Rejected on a problem."""
    values = record.values
    name = " ".join(values.get("agency_name", "").split())
    prefix = ori[:2]
    state = states.get(prefix)
    if state is None:
        raise _Rejected(f"unknown state prefix “{prefix}” (not in the states file)")
    state_abbr = values.get("state_abbr", "").upper()
    if state_abbr and state_abbr != prefix:
        raise _Rejected(f"state_abbr “{state_abbr}” does not match the ORI's prefix “{prefix}”")
    if not name:
        raise _Rejected("the agency name is missing")
    fbi_type = " ".join(values.get("agency_type_name", "").split())
    if fbi_type.lower() == "federal":
        raise _Rejected(
            "federal agency: the directory lists state, local, territorial and tribal agencies"
        )
    try:
        agency_type, level = agency_classify(fbi_type=fbi_type, name=name, state_kind=state.kind)
    except KeyError:
        raise _Rejected(f"unknown agency type “{fbi_type}”") from None
    latitude = _coordinate(values, "latitude", 90)
    longitude = _coordinate(values, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise _Rejected("it has a latitude or a longitude but not both")

    fields: dict[str, Any] = {
        "ori7": ori[:7],
        "name": name,
        "agency_type": agency_type,
        "jurisdiction_level": level,
        "state_id": state.pk,
        "county": values.get("county_name", ""),
        "source": source,
    }
    entry = crosswalk.get(ori) if crosswalk is not None else None
    if latitude is not None:
        fields["latitude"], fields["longitude"] = latitude, longitude
    elif entry is not None and entry.latitude is not None and entry.longitude is not None:
        fields["latitude"], fields["longitude"] = entry.latitude, entry.longitude
    elif crosswalk is not None:
        fields["latitude"] = fields["longitude"] = None
    # else: no position anywhere and no crosswalk given: an existing position is kept.
    if crosswalk is not None:
        fields["city"] = entry.city if entry else ""
        fields["population_served"] = entry.population if entry else None
        fields["fips_place"] = entry.fips_county if entry else ""
        if entry and entry.ori7:
            fields["ori7"] = entry.ori7
    return fields


def _search_text(fields: dict[str, Any], ori: str, city: str, state: State) -> str:
    return agency_search_text(
        name=fields["name"],
        ori9=ori,
        ori7=fields["ori7"],
        city=city,
        county=fields["county"],
        state_name=state.name,
        usps=state.usps,
    )


_CHAR_LIMITS = {
    f.attname: (str(f.verbose_name), f.max_length)
    for f in Agency._meta.concrete_fields
    if f.get_internal_type() == "CharField" and f.max_length
}


def _field_problems(agency: Agency) -> str:
    """What breaks the model's limits, in words ("" when nothing does).

    The same limits full_clean() checks for these fields, without its per-field cost (18,000
    rows x 20 fields would double the import's time); the database enforces them too.
    """
    problems = []
    for attname, (label, limit) in _CHAR_LIMITS.items():
        value = getattr(agency, attname)
        if value and len(value) > limit:
            problems.append(f"{label} is longer than {limit} characters (it has {len(value)})")
    population = agency.population_served
    if population is not None and not 0 <= population <= 2147483647:
        problems.append(f"population served {population} is out of range")
    return "; ".join(problems)


def _search_index_refresh() -> None:
    """On PostgreSQL, make the trigram index and the planner's statistics current at once.

    After a bulk write the new GIN entries wait in the index's pending list, and the planner
    still has the old row counts, so it picks sequential scans until autovacuum comes by.
    Both statements run inside the transaction (VACUUM could not).
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(to_regclass('agencies_agency_search_text_trgm'))"
        )
        cursor.execute("ANALYZE agencies_agency")


def _passthrough(iterable: Iterable[Any], total: int, description: str) -> Iterable[Any]:
    return iterable


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def agencies_import(
    *,
    sources: ImportSources,
    progress: Progress | None = None,
    dry_run: bool = False,
    rejects_path: Path | None = None,
) -> ImportResult:
    """Imports states and agencies from the files; see the module's docstring.

    Raises ImportFileError (and writes nothing) when a file is missing or malformed.
    """
    show = progress or _passthrough
    rejections_check_path(rejects_path)
    result = ImportResult()
    states_rows = states_read(sources.states)
    records = agency_records(sources.agencies)
    result.read = len(records)
    agencies_label = file_label(sources.agencies)
    unit = "record" if is_json(sources.agencies) else "line"
    source = agencies_label[:80]

    wanted = {record.values.get("ori", "").upper() for record in records}
    crosswalk = crosswalk_read(sources.crosswalk, oris=wanted) if sources.crosswalk else None

    def reject(record: Record, reason: str) -> None:
        result.rejections.append(
            Rejection(
                file=agencies_label,
                line=record.line,
                ori=record.values.get("ori", "").upper(),
                name=" ".join(record.values.get("agency_name", "").split()),
                reason=reason,
                unit=unit,
            )
        )

    with transaction.atomic():
        states = states_upsert(states_rows, result)
        states_by_id = {state.pk: state for state in states.values()}
        # The current values as tuples: cheaper than 18,000 model instances.
        managed = ("id", *FBI_FIELDS, *CROSSWALK_FIELDS)
        existing = {
            row[0]: dict(zip(managed, row[1:], strict=True))
            for row in Agency.objects.filter(ori9__isnull=False).values_list("ori9", *managed)
        }
        first_line: dict[str, int] = {}
        to_create: list[tuple[Record, Agency]] = []
        to_update: list[tuple[Record, Agency]] = []
        changed_fields: set[str] = set()
        for record in show(records, len(records), "Checking agencies"):
            try:
                ori = _ori_checked(record)
            except _Rejected as rejection:
                reject(record, str(rejection))
                continue
            if ori in first_line:
                reject(record, f"duplicate ORI: {ori} is already on {unit} {first_line[ori]}")
                continue
            first_line[ori] = record.line
            try:
                fields = _agency_values(
                    record, ori, states=states, crosswalk=crosswalk, source=source
                )
            except _Rejected as rejection:
                reject(record, str(rejection))
                continue
            if crosswalk is not None and ori in crosswalk:
                result.enriched += 1
            state = states_by_id[fields["state_id"]]
            current = existing.get(ori)
            if current is None:
                fields["search_text"] = _search_text(fields, ori, fields.get("city", ""), state)
                agency = Agency(ori9=ori, **fields)
                agency.state = state
                to_create.append((record, agency))
                continue
            city = fields.get("city", current["city"])
            fields["search_text"] = _search_text(fields, ori, city, state)
            changed = [key for key, value in fields.items() if current[key] != value]
            if not changed:
                result.unchanged += 1
                continue
            # Written by an upsert on ORI9 (see below), so the new row object has no id.
            agency = Agency(ori9=ori, **{**current, **fields, "id": None})
            agency.state = state
            changed_fields.update("state" if key == "state_id" else key for key in changed)
            to_update.append((record, agency))

        # The model's own limits for the rows to be written (lengths, ranges); the importer
        # has already checked ORIs, choices and coordinates.
        valid_create, valid_update = [], []
        for rows, valid in ((to_create, valid_create), (to_update, valid_update)):
            for record, agency in rows:
                problems = _field_problems(agency)
                if problems:
                    reject(record, problems)
                else:
                    valid.append(agency)

        for batch in show(
            list(_batches(valid_create, BATCH_SIZE)),
            -(-len(valid_create) // BATCH_SIZE),
            "Adding agencies",
        ):
            Agency.objects.bulk_create(batch)
        if valid_update:
            # bulk_update() writes CASE WHEN per row and field: its Python side took ~40 s for
            # 18,700 rows. An upsert (INSERT ... ON CONFLICT (ori9) DO UPDATE SET <the changed
            # fields>) does the same in the time of an insert, on SQLite and PostgreSQL alike;
            # every row here exists (same transaction), so each one takes the UPDATE branch.
            update_fields = sorted(changed_fields | {"updated_at"})
            for batch in show(
                list(_batches(valid_update, BATCH_SIZE)),
                -(-len(valid_update) // BATCH_SIZE),
                "Updating agencies",
            ):
                Agency.objects.bulk_create(
                    batch,
                    update_conflicts=True,
                    unique_fields=["ori9"],
                    update_fields=update_fields,
                )
        result.created = len(valid_create)
        result.updated = len(valid_update)
        if valid_create or valid_update:
            _search_index_refresh()
            from continuum.agencies.services import directory_changed

            directory_changed(agency_ids=None)
        result.not_in_file = sum(1 for ori in existing if ori not in first_line)
        result.rejections.sort(key=lambda rejection: rejection.line)
        if result.read != result.imported + result.rejected:  # pragma: no cover - a bug
            raise AssertionError(
                f"{result.read} rows read but {result.imported} imported "
                f"and {result.rejected} rejected"
            )
        if dry_run:
            transaction.set_rollback(True)
    if rejects_path is not None:
        rejections_write_csv(rejects_path, result.rejections)
    return result
