from django.db import migrations


def organizational_assessment_is_monitored(apps, schema_editor):
    """Organizational Assessment gives long-term assistance while reforms are implemented: its
    engagements go on to monitoring after the report."""
    Program = apps.get_model("catalog", "Program")
    Program.objects.filter(slug="organizational-assessment").update(has_monitoring=True)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_program_monitoring_and_same_state_rule")]

    operations = [
        migrations.RunPython(organizational_assessment_is_monitored, migrations.RunPython.noop)
    ]
