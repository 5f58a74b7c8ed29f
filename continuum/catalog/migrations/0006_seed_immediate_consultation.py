"""Seed the Critical Response service "Immediate confidential consultation" (issue 7).

The real Critical Response program also offers an immediate, confidential consultation for a
pressing need; the request form offers it on its critical-incident step and routing table
version 2 (intake 0004) recommends it. Idempotent (update_or_create on the slug) and
reversible (the reverse deletes the slug).
"""

from django.db import migrations

SLUG = "immediate-consultation"


def seed(apps, schema_editor):
    Program = apps.get_model("catalog", "Program")
    Service = apps.get_model("catalog", "Service")
    critical_response = Program.objects.filter(slug="critical-response").first()
    if critical_response is None:
        return  # the catalog seed did not run
    Service.objects.update_or_create(
        slug=SLUG,
        defaults={
            "program": critical_response,
            "parent": None,
            "name": "Immediate confidential consultation",
            "summary": "A prompt, confidential conversation with experienced leaders about a "
            "pressing need, such as the days after a critical incident.",
            "order": 145,  # after the four services of 0003 (110 to 140)
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("catalog", "Service").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_seed_partner_organizations")]
    operations = [migrations.RunPython(seed, unseed)]
