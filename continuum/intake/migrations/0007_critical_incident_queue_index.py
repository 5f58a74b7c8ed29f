"""The queue's pinned urgent requests (open, with a critical incident, oldest first) seek on
a partial index of critical-incident requests by status and submission time (issue 8): before
it, the page walked the whole submission-time index to find them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_seed_agency_message_template")]

    operations = [
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(
                condition=models.Q(("has_critical_incident", True)),
                fields=["status", "submitted_at", "id"],
                name="intake_ar_critical_submitted",
            ),
        ),
    ]
