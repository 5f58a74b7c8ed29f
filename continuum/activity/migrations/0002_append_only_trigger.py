"""The database itself refuses to change an event row, whatever code runs against it."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER activity_event_append_only
BEFORE UPDATE ON activity_event
BEGIN
    SELECT RAISE(ABORT, 'activity_event is append-only');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS activity_event_append_only;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION activity_event_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'activity_event is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER activity_event_append_only
BEFORE UPDATE ON activity_event
FOR EACH ROW EXECUTE FUNCTION activity_event_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS activity_event_append_only ON activity_event;
DROP FUNCTION IF EXISTS activity_event_refuse_update();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("activity", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
