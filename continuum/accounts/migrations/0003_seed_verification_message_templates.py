"""The two emails that verify an address become message templates of the outbox, with the
wording they had as files: the link that confirms an account's address, and the notice to an
existing account's owner that someone used their address at the request form."""

from django.db import migrations

SIGN_OFF = (
    "\n\nThe Collaborative Reform Initiative team\n"
    "U.S. Department of Justice, Office of Community Oriented Policing Services (COPS Office)\n"
)

TEMPLATES = [
    {
        "key": "accounts.verify_email",
        "description": "To a new account: the link that confirms its email address.",
        "subject": "Confirm your email address",
        "body": "Hello {{ full_name }},\n\n"
        "You created an account on {{ site_name }} to follow your agency's request for "
        "technical assistance.\n\n"
        "Please confirm your email address by opening this link:\n{{ url }}\n\n"
        "The link works for {{ days }} days. If you did not create this account, you can ignore "
        "this email." + SIGN_OFF,
        "variables": {
            "full_name": "The account holder's name",
            "site_name": "The site's name",
            "url": "The confirmation link",
            "days": "How many days the link works",
        },
        "sample_context": {
            "full_name": "Pat Rivera",
            "site_name": "Continuum",
            "url": "https://continuum.example/accounts/verify-email/abc/",
            "days": 3,
        },
    },
    {
        "key": "accounts.account_exists",
        "description": (
            "To an existing account's owner, when someone gives their address at the request "
            "form (the form never says whether an address has an account)."
        ),
        "subject": "Someone started a request with your email address",
        "body": "Hello {{ full_name }},\n\n"
        "Someone started a request for technical assistance on {{ site_name }} and gave this "
        "email address. You already have an account with it, so we did not create another "
        "one.\n\n"
        "If it was you, sign in with your password to send the request (your answers are kept "
        "in the browser where you started):\n{{ sign_in_url }}\n\n"
        "Forgot your password? Choose a new one here:\n{{ reset_url }}\n\n"
        "If it was not you, you can ignore this email: nothing was sent in your name." + SIGN_OFF,
        "variables": {
            "full_name": "The account holder's name",
            "site_name": "The site's name",
            "sign_in_url": "The sign-in page",
            "reset_url": "The password reset page",
        },
        "sample_context": {
            "full_name": "Pat Rivera",
            "site_name": "Continuum",
            "sign_in_url": "https://continuum.example/accounts/sign-in/",
            "reset_url": "https://continuum.example/accounts/password-reset/",
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
        ("accounts", "0002_agency_membership_verification"),
        ("activity", "0004_seed_message_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
