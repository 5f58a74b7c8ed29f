"""Two lists that still grew with the table seek on an index instead (issue 8):

- the queue's pinned urgent requests (open, with a critical incident, oldest first): a partial
  index of critical-incident requests by status and submission time; before it, the page
  walked the whole submission-time index to find them;
- "My requests" (the requester's own sent requests, newest first): before it, every request
  of the requester was read and sorted for each page.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_seed_agency_message_template"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(
                fields=["requester", "submitted_at"], name="intake_ar_requester_submitted"
            ),
        ),
        migrations.AddIndex(
            model_name="assistancerequest",
            index=models.Index(
                condition=models.Q(("has_critical_incident", True)),
                fields=["status", "submitted_at", "id"],
                name="intake_ar_critical_submitted",
            ),
        ),
    ]
