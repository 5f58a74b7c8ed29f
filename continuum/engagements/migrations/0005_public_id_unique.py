import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("engagements", "0004_fill_public_ids")]

    operations = [
        migrations.AlterField(
            model_name="engagement",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
