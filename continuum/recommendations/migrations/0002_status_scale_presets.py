"""Seed the three preset status scales (progress, compliance, monitor) as data."""

from django.db import migrations

PRESETS = [
    (
        "progress",
        "Progress",
        "How far the agency has come in putting the recommendation in place.",
        [
            ("not_started", "Not started", False, False),
            ("in_progress", "In progress", False, False),
            ("partially_complete", "Partially complete", False, False),
            ("complete", "Complete", True, False),
        ],
    ),
    (
        "compliance",
        "Compliance",
        "Whether validation found the recommendation in substantial compliance.",
        [
            ("not_submitted", "Not yet submitted", False, False),
            ("submitted", "Submitted for validation", False, False),
            ("not_substantial", "Not in substantial compliance", False, False),
            ("substantial", "Substantial compliance", True, False),
        ],
    ),
    (
        "monitor",
        "Monitor",
        "An independent monitor's assessment.",
        [
            ("not_assessed", "Not yet assessed", False, False),
            ("preliminary", "Preliminary compliance", False, False),
            ("secondary", "Secondary compliance", False, False),
            ("full", "Full compliance", True, False),
            ("unable", "Unable to assess", False, True),
        ],
    ),
]


def seed(apps, schema_editor):
    StatusScale = apps.get_model("recommendations", "StatusScale")
    ScaleValue = apps.get_model("recommendations", "ScaleValue")
    for order, (key, name, description, values) in enumerate(PRESETS):
        scale, _ = StatusScale.objects.get_or_create(
            engagement=None,
            key=key,
            defaults={"name": name, "description": description, "order": order},
        )
        for value_order, (value_key, label, done, excluded) in enumerate(values):
            ScaleValue.objects.get_or_create(
                scale=scale,
                key=value_key,
                defaults={
                    "label": label,
                    "order": value_order,
                    "counts_as_done": done,
                    "excluded_from_denominator": excluded,
                },
            )


def unseed(apps, schema_editor):
    apps.get_model("recommendations", "StatusScale").objects.filter(
        engagement=None, key__in=[p[0] for p in PRESETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_register")]
    operations = [migrations.RunPython(seed, unseed)]
