"""The email a person gets when they are put on an engagement's team (issue 9 §2).

Seeded here, with the rest of staffing's data, so that the engagements app's migrations (which
several areas extend at once) keep one line of history.
"""

from django.db import migrations

TEMPLATES = [
    {
        "key": "team.member_added",
        "description": "To a person put on an engagement's team (any role).",
        "subject": "You are on the team for {{ agency_name }} ({{ program }})",
        "body": "Hello {{ name }},\n\n"
        "{{ added_by }} put you on the team of the {{ program }} engagement with "
        "{{ agency_name }}, as {{ role }}.\n\n"
        "The engagement's page, with its team, workplan and documents: {{ engagement_url }}\n",
        "variables": {
            "name": "The person's name",
            "added_by": "Who put them on the team",
            "program": "The engagement's program",
            "agency_name": "The agency's name",
            "role": "Their role on the team (lead expert, expert, provider coordinator...)",
            "engagement_url": "The engagement's page",
        },
        "sample_context": {
            "name": "Avery Morgan",
            "added_by": "Jordan Ellis",
            "program": "CRI-TAC",
            "agency_name": "Riverton Police Department",
            "role": "lead expert",
            "engagement_url": "https://continuum.example/engagements/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
        },
    },
]


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    for row in TEMPLATES:
        MessageTemplate.objects.update_or_create(
            key=row["key"], defaults={k: v for k, v in row.items() if k != "key"}
        )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    MessageTemplate.objects.filter(key__in=[row["key"] for row in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0001_initial"),
        ("activity", "0006_submission_confirmation_one_business_day"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
