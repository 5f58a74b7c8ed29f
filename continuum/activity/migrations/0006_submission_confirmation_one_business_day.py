"""The submission confirmation promised "within 1 business days" to critical-incident requests
(their target is one day): the word follows the number now. An administrator's own edit of the
template is left alone."""

from django.db import migrations

KEY = "intake.submission_confirmation"
PLURAL = "{{ response_days }} business days."
AGREEING = "{{ response_days }} business day{{ response_days|pluralize }}."


def agree(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    row = MessageTemplate.objects.filter(key=KEY).first()
    if row is not None and PLURAL in row.body:
        row.body = row.body.replace(PLURAL, AGREEING)
        row.save(update_fields=["body"])


def disagree(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    row = MessageTemplate.objects.filter(key=KEY).first()
    if row is not None and AGREEING in row.body:
        row.body = row.body.replace(AGREEING, PLURAL)
        row.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("activity", "0005_event_audiences")]
    operations = [migrations.RunPython(agree, disagree)]
