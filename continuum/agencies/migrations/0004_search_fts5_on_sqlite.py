# ruff: noqa: S608 (the SQL names constant tables; values go as parameters)
"""The directory's full-text index on SQLite (issue 8): an FTS5 table of the search text.

On SQLite, `agency_search` finds candidates through `agencies_agency_fts` (a prefix query per
word) instead of scanning every row's search text; the ranking is unchanged (`search_rank`).
Triggers keep the table in step with every write to `agencies_agency` (the importer's upserts,
the admin, factories and bulk loads alike), and `continuum.agencies.fts.fts_refresh` rebuilds it
after an import. PostgreSQL has the trigram index of 0002 instead: nothing is created there.
"""

from django.db import migrations

FTS_TABLE = "agencies_agency_fts"

CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, tokenize = 'unicode61 remove_diacritics 2')",
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM agencies_agency",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON agencies_agency BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF search_text "
    f"ON agencies_agency BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON agencies_agency BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def fts_create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def fts_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_tribes"),
    ]

    operations = [
        migrations.RunPython(fts_create, fts_drop, elidable=False),
    ]
