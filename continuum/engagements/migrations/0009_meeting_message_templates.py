"""The emails that carry meeting invitations, changes and cancellations (issue 9), each sent
with an iCalendar file attached."""

from django.db import migrations

_VARIABLES = {
    "attendee_name": "The attendee's name",
    "title": "The meeting's title",
    "kind": "Meeting or site visit",
    "when": "The day and times, in Eastern Time",
    "place": "Where it is (may be empty)",
    "link": "The video link (may be empty)",
    "agency_name": "The agency's name",
    "program": "The program's name",
    "organizer_name": "Who scheduled it (may be empty)",
    "engagement_url": "The engagement's page",
    "note": "Why it was cancelled, or why the attendee no longer is invited (may be empty)",
}
_SAMPLE = {
    "attendee_name": "Pat Rivera",
    "title": "Kick-off meeting",
    "kind": "Meeting",
    "when": "Thursday, December 10, 2026, 9 a.m. to 10 a.m. Eastern Time",
    "place": "Riverton Police Department, 100 Main Street, Riverton",
    "link": "https://meet.example.gov/kickoff",
    "agency_name": "Riverton Police Department",
    "program": "Collaborative Reform Initiative Technical Assistance Center",
    "organizer_name": "Jordan Ellis",
    "engagement_url": "https://continuum.example/engagements/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
    "note": "",
}
_DETAILS = (
    "What: {{ kind }}: {{ title }}\n"
    "When: {{ when }}\n"
    "{% if place %}Where: {{ place }}\n{% endif %}"
    "{% if link %}Video link: {{ link }}\n{% endif %}"
    "Engagement: {{ program }}, {{ agency_name }}\n"
    "{% if organizer_name %}Scheduled by: {{ organizer_name }}\n{% endif %}"
)

TEMPLATES = [
    {
        "key": "engagements.meeting_invitation",
        "description": "To each attendee when a meeting or site visit is scheduled, with a "
        "calendar invitation (.ics) attached.",
        "subject": "Invitation: {{ title }}, {{ when }}",
        "body": "Hello {{ attendee_name }},\n\n"
        "You are invited to a {{ kind|lower }} for the engagement with {{ agency_name }}.\n\n"
        + _DETAILS
        + "\nThe attached calendar file adds it to your calendar. "
        "The engagement's page: {{ engagement_url }}\n",
        "variables": _VARIABLES,
        "sample_context": _SAMPLE,
    },
    {
        "key": "engagements.meeting_update",
        "description": "To each attendee when a scheduled meeting changes (time, place, link or "
        "title), with the updated calendar invitation (.ics) attached.",
        "subject": "Changed: {{ title }}, {{ when }}",
        "body": "Hello {{ attendee_name }},\n\n"
        "A {{ kind|lower }} for the engagement with {{ agency_name }} has changed. "
        "This is how it stands now:\n\n"
        + _DETAILS
        + "\nOpen the attached calendar file to update your calendar. "
        "The engagement's page: {{ engagement_url }}\n",
        "variables": _VARIABLES,
        "sample_context": _SAMPLE,
    },
    {
        "key": "engagements.meeting_cancelled",
        "description": "To each attendee when a meeting is cancelled, or to a person taken off "
        "its attendees, with a calendar cancellation (.ics) attached.",
        "subject": "Cancelled: {{ title }}, {{ when }}",
        "body": "Hello {{ attendee_name }},\n\n"
        "You no longer need to attend this {{ kind|lower }} for the engagement with "
        "{{ agency_name }}:\n\n" + _DETAILS + "{% if note %}\n{{ note }}\n{% endif %}"
        "\nOpen the attached calendar file to remove it from your calendar. "
        "The engagement's page: {{ engagement_url }}\n",
        "variables": _VARIABLES,
        "sample_context": {**_SAMPLE, "note": "The chief asked to move it to January."},
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
        ("engagements", "0008_portfolio_indexes"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
