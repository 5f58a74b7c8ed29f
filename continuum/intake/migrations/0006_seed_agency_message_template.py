"""The email program staff get when an agency starts a message on its request (issue 7)."""

from django.db import migrations

TEMPLATES = [
    {
        "key": "intake.agency_message",
        "description": "To the request's reviewer (or the program's inbox when nobody is "
        "assigned), when the agency writes a message.",
        "subject": "{{ agency_name }} wrote about request {{ tracking_number }}",
        "body": "Hello{% if reviewer_name %} {{ reviewer_name }}{% endif %},\n\n"
        "{{ author_name }} of {{ agency_name }} wrote about request {{ tracking_number }}:\n\n"
        "{{ message }}\n\n"
        "Answer on the request's page, so the agency sees the answer in the same thread: "
        "{{ staff_url }}\n",
        "variables": {
            "reviewer_name": "The assigned reviewer's name (empty when nobody is assigned)",
            "author_name": "The name of the person who wrote",
            "agency_name": "The agency's name",
            "tracking_number": "The request's tracking number",
            "message": "The message",
            "staff_url": "The request's page for program staff",
        },
        "sample_context": {
            "reviewer_name": "Jordan Ellis",
            "author_name": "Pat Rivera",
            "agency_name": "Riverton Police Department",
            "tracking_number": "CRI-2026-00042",
            "message": "Our council meets on the 14th; can we talk before then?",
            "staff_url": "https://continuum.example/triage/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
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
        ("intake", "0005_seed_urgency_response_center_routing_v2"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
