import uuid

from django.db import migrations


def give_public_ids_and_names(apps, schema_editor):
    """Existing engagements get their own public id, their request's topics and the sortable
    agency name (the fields added here)."""
    Engagement = apps.get_model("engagements", "Engagement")
    for engagement in Engagement.objects.select_related("agency__state", "assistance_request"):
        engagement.public_id = uuid.uuid4()
        request = engagement.assistance_request
        engagement.agency_sort_name = (
            engagement.agency.name if engagement.agency_id else request.unlisted_agency_name
        )[:200]
        engagement.save(update_fields=["public_id", "agency_sort_name"])
        engagement.topics.set(request.topics.all())


class Migration(migrations.Migration):
    dependencies = [("engagements", "0003_delivery")]

    operations = [migrations.RunPython(give_public_ids_and_names, migrations.RunPython.noop)]
