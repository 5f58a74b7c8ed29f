"""The email the agency's chief executive gets when the engagement agreement is ready (issue 9)."""

from django.db import migrations

TEMPLATES = [
    {
        "key": "engagements.agreement_ready",
        "description": "To each verified chief executive of the agency (verified address only), "
        "when program staff prepare or revise the engagement agreement.",
        "subject": "Please read and accept the {{ program_name }} agreement for {{ agency_name }}",
        "body": "Hello{% if chief_name %} {{ chief_name }}{% endif %},\n\n"
        "The agreement for the {{ program_name }} assistance to {{ agency_name }} is ready. "
        "It sets out the scope of the work, the agency's point of contact, access to records "
        "and data, the review of the workplan, the disclosure of conflicts of interest and "
        "your agency's right to withdraw at any time.\n\n"
        "Work starts only after you accept it. Read it and accept it on {{ site_name }}, "
        "signed in with this address: {{ agreement_url }}\n\n"
        "If anything in it is not right, reply to the program before you accept.\n",
        "variables": {
            "chief_name": "The chief executive's name",
            "agency_name": "The agency's name",
            "program_name": "The program's name",
            "agreement_url": "The agreement's page",
            "site_name": "The site's name",
        },
        "sample_context": {
            "chief_name": "Dana Brooks",
            "agency_name": "Riverton Police Department (OH)",
            "program_name": "Collaborative Reform Initiative Technical Assistance Center",
            "agreement_url": "https://continuum.example/engagements/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/agreement/",
            "site_name": "Continuum",
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
        ("engagements", "0006_delivery_message_templates"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
