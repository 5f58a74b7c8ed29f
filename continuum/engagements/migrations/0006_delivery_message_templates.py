"""The emails of an engagement's delivery (issue 9): its end, a deliverable's fact-check and the
evaluation link. Sent to the agency side's verified addresses only."""

from django.db import migrations

_COMMON_VARIABLES = {
    "requester_name": "The requester's name",
    "agency_name": "The agency's name",
    "program_name": "The program's name",
    "tracking_number": "The tracking number of the request the engagement came from",
    "engagement_url": "The engagement's page",
}
_COMMON_SAMPLE = {
    "requester_name": "Pat Rivera",
    "agency_name": "Riverton Police Department",
    "program_name": "CRI-TAC",
    "tracking_number": "CRI-2026-00042",
    "engagement_url": "https://continuum.example/engagements/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
}

TEMPLATES = [
    {
        "key": "engagements.closed",
        "description": "To the agency side when program staff close the engagement.",
        "subject": "Your {{ program_name }} engagement is complete",
        "body": "Hello{% if requester_name %} {{ requester_name }}{% endif %},\n\n"
        "The {{ program_name }} engagement with {{ agency_name }} (request "
        "{{ tracking_number }}) is now closed. Thank you for working with us.\n\n"
        "Everything stays on the engagement's page: {{ engagement_url }}\n\n"
        "You will receive a short evaluation: your answers help us improve the assistance.\n",
        "variables": {**_COMMON_VARIABLES, "end_reason": "Empty for a closing"},
        "sample_context": {**_COMMON_SAMPLE, "end_reason": ""},
    },
    {
        "key": "engagements.withdrawn",
        "description": "To the agency side when the agency withdraws from the engagement.",
        "subject": "{{ agency_name }} withdrew from the {{ program_name }} engagement",
        "body": "Hello{% if requester_name %} {{ requester_name }}{% endif %},\n\n"
        "{{ agency_name }} withdrew from the {{ program_name }} engagement (request "
        "{{ tracking_number }}). The assistance is voluntary: nothing of your record is lost, "
        "and you can ask for assistance again at any time.\n\n"
        "The reason given: {{ end_reason }}\n\n"
        "The engagement's page: {{ engagement_url }}\n",
        "variables": {**_COMMON_VARIABLES, "end_reason": "Why the agency withdrew"},
        "sample_context": {**_COMMON_SAMPLE, "end_reason": "New leadership wants to pause."},
    },
    {
        "key": "engagements.terminated",
        "description": "To the agency side when program staff end the engagement early.",
        "subject": "The {{ program_name }} engagement with {{ agency_name }} has ended",
        "body": "Hello{% if requester_name %} {{ requester_name }}{% endif %},\n\n"
        "The program ended the {{ program_name }} engagement with {{ agency_name }} (request "
        "{{ tracking_number }}).\n\n"
        "The reason: {{ end_reason }}\n\n"
        "Nothing of your record is lost. The engagement's page: {{ engagement_url }}\n",
        "variables": {**_COMMON_VARIABLES, "end_reason": "Why the program ended it"},
        "sample_context": {**_COMMON_SAMPLE, "end_reason": "The agency stopped responding."},
    },
    {
        "key": "engagements.deliverable_fact_check",
        "description": "To the agency side when a deliverable is sent for the agency to "
        "check its facts.",
        "subject": "Please check the facts of “{{ deliverable_title }}”",
        "body": "Hello{% if requester_name %} {{ requester_name }}{% endif %},\n\n"
        "The team sent “{{ deliverable_title }}” for {{ agency_name }} to check its facts "
        "before the program approves it.\n"
        "{% if note %}\nThe team's note: {{ note }}\n{% endif %}\n"
        "Read it and confirm the facts, or return it with your corrections, on the "
        "engagement's page: {{ engagement_url }}\n",
        "variables": {
            **_COMMON_VARIABLES,
            "deliverable_title": "The deliverable's title",
            "note": "The team's note (may be empty)",
        },
        "sample_context": {
            **_COMMON_SAMPLE,
            "deliverable_title": "Use of force policy review",
            "note": "Section 3 quotes your 2024 general order.",
        },
    },
    {
        "key": "engagements.evaluation_invite",
        "description": "To the agency's point of contact (or the requester) when the "
        "engagement closes: the link to its evaluation.",
        "subject": "How did the {{ program_name }} assistance work for {{ agency_name }}?",
        "body": "Hello,\n\n"
        "The {{ program_name }} engagement with {{ agency_name }} (request "
        "{{ tracking_number }}) is closed. Please tell us, in four short questions, whether "
        "the assistance met your agency's goals:\n\n"
        "{{ evaluation_url }}\n\n"
        "The link is yours: it works once, without signing in.\n",
        "variables": {**_COMMON_VARIABLES, "evaluation_url": "The evaluation's private link"},
        "sample_context": {
            **_COMMON_SAMPLE,
            "evaluation_url": "https://continuum.example/engagements/evaluation/abc123/",
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
        ("engagements", "0005_public_id_unique"),
        ("activity", "0006_submission_confirmation_one_business_day"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
