"""The email a colleague gets when a verified agency member adds them (issue 7)."""

from django.db import migrations

SIGN_OFF = (
    "\n\nThe Collaborative Reform Initiative team\n"
    "U.S. Department of Justice, Office of Community Oriented Policing Services (COPS Office)\n"
)

TEMPLATES = [
    {
        "key": "accounts.colleague_added",
        "description": "To a person a verified agency member added as a colleague.",
        "subject": "{{ added_by }} added you to {{ agency_name }} on Continuum",
        "body": "Hello{% if colleague_name %} {{ colleague_name }}{% endif %},\n\n"
        "{{ added_by }} added you as a colleague at {{ agency_name }} on Continuum, where the "
        "agency asks the Collaborative Reform Initiative for technical assistance and follows "
        "its requests.\n\n"
        "Program staff will first check with the agency that you act for it. Until they do, "
        "you will not see the agency's requests.\n\n"
        "{% if new_account %}To sign in, first choose a password: open {{ set_password_url }} "
        "and enter {{ email }}. We will email you a link to set it.{% else %}"
        "Sign in with your usual account ({{ email }}) here: {{ sign_in_url }}{% endif %}\n\n"
        "If you do not know {{ added_by }} or do not work for {{ agency_name }}, reply to this "
        "email and tell us." + SIGN_OFF,
        "variables": {
            "colleague_name": "The colleague's name",
            "added_by": "The name of the member who added them",
            "agency_name": "The agency's name",
            "new_account": "True when the colleague had no account before",
            "sign_in_url": "The sign-in page",
            "set_password_url": "The page where a password is set by email",
            "email": "The colleague's email address",
        },
        "sample_context": {
            "colleague_name": "Sam Lee",
            "added_by": "Pat Rivera",
            "agency_name": "Riverton Police Department",
            "new_account": True,
            "sign_in_url": "https://continuum.example/accounts/sign-in/",
            "set_password_url": "https://continuum.example/accounts/password/reset/",
            "email": "sam.lee@riverton.gov",
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
        ("accounts", "0003_seed_verification_message_templates"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
