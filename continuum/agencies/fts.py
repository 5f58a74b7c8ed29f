# ruff: noqa: S608 (the SQL names constant tables; values go as parameters)
"""The directory's full-text index: FTS5 on SQLite (migration 0004), trigram on PostgreSQL.

`fts_match_expression(words)` writes the FTS5 query for the search's word rule (each word starts
a word of the search text, or one of its expansions is there as whole words); `fts_agency_ids`
is the subquery of matching agency ids. `fts_refresh()` rebuilds the table (after an import:
triggers keep it in step row by row, this makes it whole again whatever wrote the rows).
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

FTS_TABLE = "agencies_agency_fts"


def fts_available() -> bool:
    """True on SQLite, where migration 0004 made the FTS5 table."""
    return connection.vendor == "sqlite"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_match_expression(words: list[str], expansions: dict[str, tuple[str, ...]]) -> str:
    """Every word: a prefix of a token (`"arl"*`), or an expansion as a phrase."""
    parts = []
    for word in words:
        options = [f"{_phrase(word)}*", *(_phrase(e) for e in expansions.get(word, ()))]
        parts.append("(" + " OR ".join(options) + ")")
    return " AND ".join(parts)


def fts_agency_ids(expression: str) -> RawSQL:
    """The ids of agencies whose search text matches `expression` (for `pk__in=`)."""
    return RawSQL(  # noqa: S611
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [expression],
    )


def fts_refresh(*, agency_ids: list[int] | None = None) -> None:
    """Rebuild the FTS5 table (all of it when `agency_ids` is None); nothing on PostgreSQL."""
    if not fts_available():
        return
    with connection.cursor() as cursor:
        if agency_ids is None:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                "SELECT id, search_text FROM agencies_agency"
            )
            return
        for start in range(0, len(agency_ids), 500):
            batch = agency_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", batch)
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
                f"SELECT id, search_text FROM agencies_agency WHERE id IN ({marks})",
                batch,
            )
