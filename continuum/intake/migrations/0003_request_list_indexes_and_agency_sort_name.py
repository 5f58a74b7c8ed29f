"""Lists whose cost does not grow (issue 8): the agency's sort name kept on the request, and
the indexes each keyset page of the queue and the request lists seeks on (ADR 0012)."""

from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def _sort_key(name):
    # The same rule as `continuum.intake.models.agency_sort_key` (copied: migrations are frozen).
    return " ".join((name or "").split()).lower()[:200]


def sort_names_fill(apps, schema_editor):
    request_model = apps.get_model("intake", "AssistanceRequest")
    rows = request_model.objects.values_list("pk", "agency__name", "unlisted_agency_name")
    changed = []
    for pk, agency_name, unlisted_name in rows.iterator(chunk_size=BATCH):
        changed.append(
            request_model(pk=pk, agency_sort_name=_sort_key(agency_name or unlisted_name))
        )
        if len(changed) >= BATCH:
            request_model.objects.bulk_update(changed, ["agency_sort_name"])
            changed = []
    if changed:
        request_model.objects.bulk_update(changed, ["agency_sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_tribes"),
        ("catalog", "0005_seed_partner_organizations"),
        ("intake", "0002_seed_routing_table_v1"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assistancerequest",
            name="agency_sort_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(sort_names_fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(fields=["submitted_at", "id"], name="intake_ar_submitted_id"),
        ),
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(fields=["agency_sort_name", "id"], name="intake_ar_agency_sort_id"),
        ),
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(
                fields=["reviewer", "submitted_at"], name="intake_ar_reviewer_submitted"
            ),
        ),
    ]
