"""The tribal list: the BIA Tribal Leaders Directory's tribes, upserted into ``Tribe`` by name.

Like the agency import, every data row is imported (created, updated or unchanged) or rejected
with its line and a reason; everything is read and checked before the first write, and a second
run with the same file changes nothing. The headquarters state is a full state name in the BIA
file; it is matched to the states already imported (blank is allowed: two rows have none).
Tribes of the database that are not in the file are left as they are and counted. A website
given without a scheme ("www.kniktribe.org", 7 rows of the 2024 file) is stored with https://.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from ..choices import TribalComponent
from ..models import State, Tribe
from .files import Record, csv_records, decimal_6, file_label
from .rejections import Rejection, RowCounts

TRIBE_COLUMNS = (
    "tribe_full_name",
    "tribe",
    "tribal_component",
    "bia_region",
    "hq_city",
    "hq_state",
    "latitude",
    "longitude",
)
#: Columns read when present (the BIA file has them all; a trimmed file may not).
OPTIONAL_COLUMNS = {
    "alternate_name": "tribe_alternate_name",
    "organization": "organization",
    "bia_agency": "bia_agency",
    "hq_zip": "hq_zip",
    "website": "website",
    "ancsa_region": "ancsa_region",
    "location_type": "location_type",
}
FIELDS = (
    "short_name",
    "alternate_name",
    "component",
    "organization",
    "bia_region",
    "bia_agency",
    "hq_city",
    "state_id",
    "hq_zip",
    "website",
    "ancsa_region",
    "location_type",
    "latitude",
    "longitude",
    "source",
)
_CHAR_LIMITS = {
    f.attname: f.max_length
    for f in Tribe._meta.concrete_fields
    if f.get_internal_type() == "CharField" and f.max_length
}
_URL = URLValidator(schemes=["http", "https"])


@dataclass
class TribeImportResult(RowCounts):
    """What the tribal-list import did."""


class _Rejected(Exception):
    pass


def _component(text: str) -> str:
    lowered = text.lower()
    if lowered == "tribe":
        return TribalComponent.TRIBE
    if lowered.startswith("affiliate"):
        return TribalComponent.AFFILIATE
    raise _Rejected(f"tribal_component “{text}” is neither Tribe nor Affiliate")


def _coordinate(values: dict[str, str], key: str, limit: int):
    text = values.get(key, "")
    try:
        number = decimal_6(text)
    except ValueError:
        raise _Rejected(f"{key} “{text}” is not a number") from None
    if number is not None and abs(number) > limit:
        raise _Rejected(f"{key} {text} is outside -{limit} to {limit}")
    return number


def _tribe_values(
    record: Record, *, states: dict[str, State], source: str
) -> tuple[str, dict[str, Any]]:
    """The tribe's name and field values; raises _Rejected on a problem."""
    if record.problem:
        raise _Rejected(record.problem)
    values = record.values
    name = " ".join(values.get("tribe_full_name", "").split())
    if not name:
        raise _Rejected("the tribe's full name is missing")
    state_name = " ".join(values.get("hq_state", "").split())
    state = states.get(state_name.lower()) if state_name else None
    if state_name and state is None:
        raise _Rejected(f"hq_state “{state_name}” is not a state of the states file")
    latitude = _coordinate(values, "latitude", 90)
    longitude = _coordinate(values, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise _Rejected("it has a latitude or a longitude but not both")
    fields: dict[str, Any] = {
        "short_name": values.get("tribe", ""),
        "component": _component(values.get("tribal_component", "")),
        "bia_region": values.get("bia_region", ""),
        "hq_city": values.get("hq_city", ""),
        "state_id": state.pk if state else None,
        "latitude": latitude,
        "longitude": longitude,
        "source": source,
    }
    for attname, column in OPTIONAL_COLUMNS.items():
        fields[attname] = " ".join(values.get(column, "").split())
    if fields["website"] and "://" not in fields["website"]:
        fields["website"] = f"https://{fields['website']}"  # "www.x.org" in the BIA file
    if fields["website"]:
        try:
            _URL(fields["website"])
        except ValidationError:
            raise _Rejected(f"website “{fields['website']}” is not a web address") from None
    lengths = {**fields, "name": name}
    problems = [
        f"{attname} is longer than {limit} characters (it has {len(lengths[attname])})"
        for attname, limit in _CHAR_LIMITS.items()
        if len(lengths.get(attname) or "") > limit
    ]
    if problems:
        raise _Rejected("; ".join(problems))
    return name, fields


def tribes_import(*, path: Path, dry_run: bool = False) -> TribeImportResult:
    """Imports the tribal list (run after the states: it matches their names).

    Raises ImportFileError (and writes nothing) when the file is missing or malformed.
    """
    path = Path(path)
    label = file_label(path)
    records = csv_records(path, required=TRIBE_COLUMNS, what="the BIA tribal leaders directory")
    result = TribeImportResult(read=len(records))
    states = {state.name.lower(): state for state in State.objects.all()}

    def reject(record: Record, reason: str) -> None:
        name = " ".join(record.values.get("tribe_full_name", "").split())
        result.rejections.append(
            Rejection(file=label, line=record.line, ori="", name=name, reason=reason)
        )

    with transaction.atomic():
        existing = {tribe.name: tribe for tribe in Tribe.objects.all()}
        first_line: dict[str, int] = {}
        to_create: list[Tribe] = []
        to_update: list[Tribe] = []
        changed_fields: set[str] = set()
        now = timezone.now()
        for record in records:
            try:
                name, fields = _tribe_values(record, states=states, source=label[:80])
            except _Rejected as rejection:
                reject(record, str(rejection))
                continue
            if name in first_line:
                reject(record, f"duplicate name: it is already on line {first_line[name]}")
                continue
            first_line[name] = record.line
            tribe = existing.get(name)
            if tribe is None:
                to_create.append(Tribe(name=name, **fields))
                continue
            changed = [key for key, value in fields.items() if getattr(tribe, key) != value]
            if not changed:
                result.unchanged += 1
                continue
            for key in changed:
                setattr(tribe, key, fields[key])
            tribe.updated_at = now
            changed_fields.update("state" if key == "state_id" else key for key in changed)
            to_update.append(tribe)
        Tribe.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Tribe.objects.bulk_update(
                to_update, sorted(changed_fields | {"updated_at"}), batch_size=500
            )
        result.created, result.updated = len(to_create), len(to_update)
        result.not_in_file = sum(1 for name in existing if name not in first_line)
        if dry_run:
            transaction.set_rollback(True)
    return result
