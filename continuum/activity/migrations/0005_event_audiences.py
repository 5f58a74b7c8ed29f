"""Events say which audiences see them (staff, providers, agency, public) instead of a yes/no
"internal" flag. Internal events stay staff-only; the others were shown to the agency.

The append-only trigger is lifted for the copy and put back at the end (on SQLite, changing
the table's columns rebuilds the table, which drops its triggers anyway).
"""

from importlib import import_module

from django.db import migrations, models

append_only = import_module("continuum.activity.migrations.0002_append_only_trigger")

STAFF = 1
STAFF_AND_AGENCY = 1 | 4


def audiences_from_internal(apps, schema_editor):
    Event = apps.get_model("activity", "Event")
    Event.objects.filter(internal=True).update(audiences=STAFF)
    Event.objects.filter(internal=False).update(audiences=STAFF_AND_AGENCY)


def internal_from_audiences(apps, schema_editor):
    Event = apps.get_model("activity", "Event")
    Event.objects.filter(audiences=STAFF).update(internal=True)
    Event.objects.exclude(audiences=STAFF).update(internal=False)


class Migration(migrations.Migration):
    dependencies = [("activity", "0004_seed_message_templates")]

    operations = [
        migrations.RunPython(append_only.down, append_only.up),
        migrations.AddField(
            model_name="event",
            name="audiences",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text=(
                    "Who is shown this event, as a sum of audiences: program staff 1, providers "
                    "and experts 2, the agency 4, the public 8. Decided by the target's access "
                    "policy when the event is written."
                ),
            ),
        ),
        migrations.RunPython(audiences_from_internal, internal_from_audiences),
        migrations.RemoveField(model_name="event", name="internal"),
        migrations.RunPython(append_only.up, append_only.down),
    ]
