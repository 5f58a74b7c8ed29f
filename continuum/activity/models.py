"""The append-only event log: who did what to which object, when, and from which state to which."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only: events are never updated.")

    def delete(self):
        raise TypeError("The event log is append-only: events are never deleted.")

    def for_target(self, obj: models.Model) -> "EventQuerySet":
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(target_type=ct, target_id=str(obj.pk))

    def visible_to_outside(self) -> "EventQuerySet":
        """Events an agency or the public may see: internal notes never are."""
        return self.filter(internal=False)


class Event(models.Model):
    """One thing that happened. Rows are only ever inserted (a database trigger refuses updates)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who acted; empty for the system itself.",
    )
    verb = models.CharField(max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=255, help_text="The target as it read at the time.")
    from_state = models.CharField(max_length=64, blank=True)
    to_state = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    internal = models.BooleanField(
        default=False, help_text="Internal to program staff; never shown to agencies or the public."
    )
    data = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The event log is append-only: events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The event log is append-only: events are never deleted.")


# The notification outbox lives in its own module; importing it here registers its models.
from .outbox.models import MessageState, MessageTemplate, OutboundMessage  # noqa: E402, F401
