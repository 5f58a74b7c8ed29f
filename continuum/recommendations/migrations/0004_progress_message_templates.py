"""The emails of implementation progress and validation (issue 10 §3): a report waits for
validation (to the validators on the team), and a report was accepted or returned (to the
person who submitted it and the agency's contacts)."""

from django.db import migrations

_VARIABLES = {
    "agency_name": "The agency's name",
    "program_name": "The program's name",
    "recommendation": "The recommendation's number (N.M)",
    "recommendation_text": "The recommendation's text (may be long)",
    "status": "The status the report says was reached",
    "scale": "The status scale",
    "submitted_by": "Who submitted the report",
    "decided_by": "The validator (empty until decided)",
    "comment": "The validator's comments (may be empty)",
    "report_url": "The report's page",
}
_SAMPLE = {
    "agency_name": "Riverton Police Department",
    "program_name": "Organizational Assessment",
    "recommendation": "24.3",
    "recommendation_text": "Publish stop data quarterly, with the analysis of disparities.",
    "status": "Complete",
    "scale": "Progress",
    "submitted_by": "Pat Rivera",
    "decided_by": "Jordan Ellis",
    "comment": "",
    "report_url": "https://continuum.example/engagements/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/"
    "register/progress/6a1c1f0e-1b7e-4c53-9a59-0d1f6a2b9c11/",
}

TEMPLATES = [
    {
        "key": "recommendations.progress_reported",
        "description": "To the validators on the team (experts) when the agency reports "
        "progress on a recommendation.",
        "subject": "Progress to validate: recommendation {{ recommendation }}, {{ agency_name }}",
        "body": "Hello,\n\n"
        "{{ submitted_by }} reported progress on recommendation {{ recommendation }} for "
        "{{ agency_name }} ({{ program_name }}): {{ status }} on the {{ scale }} scale.\n\n"
        "Recommendation {{ recommendation }}: {{ recommendation_text }}\n\n"
        "Read the report and its evidence, then accept it or return it with comments: "
        "{{ report_url }}\n",
        "variables": _VARIABLES,
        "sample_context": {**_SAMPLE, "decided_by": ""},
    },
    {
        "key": "recommendations.progress_accepted",
        "description": "To the person who reported progress and the agency's contacts when a "
        "validator accepts the report.",
        "subject": "Accepted: progress on recommendation {{ recommendation }}",
        "body": "Hello,\n\n"
        "{{ decided_by }} accepted the progress report on recommendation {{ recommendation }} "
        "for {{ agency_name }}. Its {{ scale }} status is now: {{ status }}.\n"
        "{% if comment %}\nComments: {{ comment }}\n{% endif %}"
        "\nThe report: {{ report_url }}\n",
        "variables": _VARIABLES,
        "sample_context": _SAMPLE,
    },
    {
        "key": "recommendations.progress_returned",
        "description": "To the person who reported progress and the agency's contacts when a "
        "validator returns the report with comments.",
        "subject": "Returned with comments: progress on recommendation {{ recommendation }}",
        "body": "Hello,\n\n"
        "{{ decided_by }} returned the progress report on recommendation {{ recommendation }} "
        "for {{ agency_name }}. The status does not change yet.\n\n"
        "What to add or change: {{ comment }}\n\n"
        "Read the comments and report again when it is ready: {{ report_url }}\n",
        "variables": _VARIABLES,
        "sample_context": {
            **_SAMPLE,
            "comment": "The policy attached is the draft; attach the signed general order.",
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
        ("recommendations", "0003_implementation_reports"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
