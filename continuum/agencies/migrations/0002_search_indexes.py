"""Indexes for the directory search.

A btree index on (agency_type, name) for the type filter, and on PostgreSQL a pg_trgm GIN index
on search_text so that "contains" searches (LIKE '%term%') use an index. SQLite has no trigram
index type: there the search uses the btree indexes of 0001 for prefix and state matches.
"""

from django.db import migrations, models

TRIGRAM_INDEX = "agencies_agency_search_text_trgm"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} "
        "ON agencies_agency USING gin (search_text gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other apps may use it, and dropping it needs more rights.
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agency",
            index=models.Index(
                fields=["agency_type", "name"], name="agencies_ag_agency__d163a8_idx"
            ),
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
