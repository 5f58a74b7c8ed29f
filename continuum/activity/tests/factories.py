import factory

from continuum.activity.outbox.models import OutboundMessage


class OutboundMessageFactory(factory.django.DjangoModelFactory):
    """A queued message, as `message_enqueue` writes it (no task is queued for it)."""

    class Meta:
        model = OutboundMessage

    template_key = "intake.staff_message"
    recipients = factory.Sequence(lambda n: [f"person{n}@example.gov"])
    subject = factory.Sequence(lambda n: f"A message about your request CRI-2026-{n:05d}")
    body = "Hello,\n\nA message.\n"
