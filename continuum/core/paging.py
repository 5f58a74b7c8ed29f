"""Lists whose cost does not grow with the table: keyset (seek) pages and bounded counts.

Every list page and API list of Continuum pages this way (ADR 0012):

- `keyset_page(queryset, keys=("-submitted_at", "-pk"), cursor=..., size=25)`: one page
  after (or before) a cursor. A page is found by the index of its sort key ("rows after this
  one"), never by OFFSET, so page 4,000 costs what page 1 costs. The sort keys must be NOT NULL
  columns and end in a unique one (the pk) so the order is total. The cursor is opaque and
  signed: a tampered or stale one is a `ValidationError` with a plain message, never a 500.
- `bounded_counts({"name": queryset, ...}, cap=1000)`: every count in ONE query, each reading
  at most `cap + 1` index entries. A count at the cap is a `BoundedCount` whose `capped` is
  true ("1,000+"): past that number staff need to filter, not to count.

A list made of several parts (staff's API list: every submitted request, plus their own
drafts; a member's: their own requests and their agency's) passes `parts=[...]`: each part
seeks on its own index and the pages are merged, a row found by two parts kept once.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .validation import DATABASE_ID_MAX

#: The largest number a count shows exactly; past it the page says "1,000+".
COUNT_CAP = 1000
_SALT = "continuum.core.paging"
_CURSOR_MAX = 1000


class BoundedCount(int):
    """A count that stopped at its cap: `int(n)` is the cap, `n.capped` says "or more"."""

    capped: bool

    def __new__(cls, value: int, *, cap: int = COUNT_CAP):
        self = super().__new__(cls, min(value, cap))
        self.capped = value > cap
        return self

    def __str__(self) -> str:
        return f"{int(self):,}+" if self.capped else f"{int(self):,}"

    @property
    def display(self) -> str:
        return str(self)


def bounded_counts(querysets: dict[str, QuerySet], *, cap: int = COUNT_CAP) -> dict:
    """Count each queryset up to `cap + 1` rows, all in one query (a scalar subquery each:
    `SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1)`). Returns `BoundedCount`s by name."""
    if not querysets:
        return {}
    parts, params, db = [], [], None
    for index, queryset in enumerate(querysets.values()):
        db = queryset.db
        sql, part_params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        # The SQL is the ORM's own, with its parameters kept apart: nothing is interpolated.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{index})")  # noqa: S608
        params.extend(part_params)
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: BoundedCount(value, cap=cap) for name, value in zip(querysets, row, strict=True)}


# --- keyset pages ------------------------------------------------------------------------------


def _stale() -> ValidationError:
    return ValidationError(
        _("This page link is out of date or broken. Start again from the first page."),
        code="cursor",
    )


@dataclass
class KeysetPage:
    """One page: `rows` in list order, and cursors to the pages either side (None at an end)."""

    rows: list
    size: int
    next_cursor: str | None = None
    prev_cursor: str | None = None
    is_first: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.prev_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _key_fields(model, keys: tuple[str, ...]) -> list[tuple[str, bool, Any]]:
    found = []
    for key in keys:
        name = key.lstrip("-")
        model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        found.append((name, key.startswith("-"), model_field))
    return found


def _encode(tag: str, direction: str, values: tuple) -> str:
    plain = [value.isoformat() if hasattr(value, "isoformat") else value for value in values]
    return signing.dumps({"t": tag, "d": direction, "v": plain}, salt=_SALT, compress=True)


def _decode(cursor: str, tag: str, fields: list) -> tuple[str, list]:
    if not isinstance(cursor, str) or len(cursor) > _CURSOR_MAX:
        raise _stale()
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature as error:
        raise _stale() from error
    if not isinstance(data, dict) or data.get("t") != tag or data.get("d") not in {"n", "p"}:
        raise _stale()
    raw = data.get("v")
    if not isinstance(raw, list) or len(raw) != len(fields):
        raise _stale()
    values = []
    for value, (_name, _descending, model_field) in zip(raw, fields, strict=True):
        try:
            value = model_field.to_python(value)
        except ValidationError as error:
            raise _stale() from error
        if isinstance(value, int) and not -DATABASE_ID_MAX <= value <= DATABASE_ID_MAX:
            raise _stale()
        values.append(value)
    return data["d"], values


def _seek_q(fields: list, values: list, *, forward: bool) -> Q:
    """Rows strictly after (forward) or before the row with these key values, in list order.

    (a, b) after (x, y) is `a >= x AND (a > x OR (a = x AND b > y))` (for ascending keys): the
    leading `a >= x` bounds the index range, so the database seeks instead of filtering."""

    def op(descending: bool, strict: bool) -> str:
        # Forward on a descending key (or back on an ascending one) goes to smaller values.
        smaller = descending == forward
        return ("lt" if smaller else "gt") if strict else ("lte" if smaller else "gte")

    either = Q()
    equal = Q()
    for (name, descending, _field), value in zip(fields, values, strict=True):
        either |= equal & Q(**{f"{name}__{op(descending, True)}": value})
        equal &= Q(**{name: value})
    lead_name, lead_descending, _field = fields[0]
    return Q(**{f"{lead_name}__{op(lead_descending, False)}": values[0]}) & either


def _order(keys: tuple[str, ...], *, forward: bool) -> list[str]:
    if forward:
        return list(keys)
    return [key[1:] if key.startswith("-") else f"-{key}" for key in keys]


def keyset_page(
    queryset: QuerySet,
    *,
    keys: tuple[str, ...],
    cursor: str | None = None,
    size: int = 25,
    tag: str = "",
    parts: list[QuerySet] | None = None,
    rows: QuerySet | None = None,
) -> KeysetPage:
    """The page of `queryset` after or before `cursor` (the first page without one).

    Ids are found first by a slim query per part (the sort key's index, no joins the filters do
    not need); then only the page's rows are read from `queryset`, with its select_related and
    prefetches. `tag` names the list and its sort, so a cursor of another sort is refused.
    Raises `ValidationError` for a cursor that is not one of ours.

    `rows`, when given, is where the page's rows are read from by those ids instead of
    `queryset`: the same model with its select_related and prefetches, without the filters the
    ids already passed. For lists whose filter is costly to apply a second time (the
    engagements a non-staff viewer may see are a union of id lists that grows with them).
    The rows are model instances, or dicts for a `.values()` query that names "pk".
    """
    fields = _key_fields(queryset.model, keys)
    names = [name for name, _descending, _field in fields]
    columns = names if "pk" in names else [*names, "pk"]
    pk_at = columns.index("pk")
    forward, values = True, None
    if cursor:
        direction, values = _decode(cursor, tag, fields)
        forward = direction == "n"
    order = _order(keys, forward=forward)
    found: list[tuple] = []
    for part in parts or [queryset]:
        slim = part.order_by(*order)
        if values is not None:
            slim = slim.filter(_seek_q(fields, values, forward=forward))
        found.append(list(slim.values_list(*columns)[: size + 1]))
    merged = _merge(found, fields, forward=forward)[: size + 1]
    more = len(merged) > size
    merged = merged[:size]
    if not forward:
        merged.reverse()
    ids = [row[pk_at] for row in merged]
    source = queryset if rows is None else rows
    read = source.order_by().filter(pk__in=ids) if ids else []
    # Model instances, or the rows of a `.values("pk", ...)` query.
    by_pk = {row["pk"] if isinstance(row, dict) else row.pk: row for row in read}
    page = KeysetPage(rows=[by_pk[pk] for pk in ids if pk in by_pk], size=size)
    page.is_first = values is None or (not forward and not more)
    if merged:
        has_after = more if forward else True
        has_before = (values is not None) if forward else more
        if has_after:
            page.next_cursor = _encode(tag, "n", merged[-1][: len(names)])
        if has_before:
            page.prev_cursor = _encode(tag, "p", merged[0][: len(names)])
    return page


def _merge(found: list[list[tuple]], fields: list, *, forward: bool) -> list[tuple]:
    """Merge the parts' pages in list order (each part is already sorted), each row once."""
    if len(found) == 1:
        return found[0]

    def sort_key(row):
        return tuple(
            _Reversed(value) if descending == forward else value
            for value, (_name, descending, _field) in zip(row, fields, strict=False)
        )

    merged: list[tuple] = []
    for row in heapq.merge(*found, key=sort_key):
        # Parts may overlap (a member's own requests and their agency's): the keys end in the
        # pk, so a row found by two parts comes out twice in a row and is kept once.
        if not merged or merged[-1] != row:
            merged.append(row)
    return merged


class _Reversed:
    """Wraps a value so that it sorts in the opposite order."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value

    def __eq__(self, other) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value
