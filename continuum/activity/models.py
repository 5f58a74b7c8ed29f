"""The append-only event log: who did what to which object, when, and from which state to which."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from continuum.core.policy import Audience


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only: events are never updated.")

    def delete(self):
        raise TypeError("The event log is append-only: events are never deleted.")

    def for_target(self, obj: models.Model) -> "EventQuerySet":
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(target_type=ct, target_id=str(obj.pk))

    def for_audience(self, audience: int) -> "EventQuerySet":
        """Events shown to any of the audiences in `audience` (a `core.policy.Audience` mask)."""
        if not audience:
            return self.none()
        return self.alias(_shown=F("audiences").bitand(int(audience))).filter(_shown__gt=0)


class Event(models.Model):
    """One thing that happened. Rows are only ever inserted (a database trigger refuses updates)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who acted; empty for the system itself."),
    )
    verb = models.CharField(max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(
        max_length=255, help_text=_("The target as it read at the time.")
    )
    from_state = models.CharField(max_length=64, blank=True)
    to_state = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    audiences = models.PositiveSmallIntegerField(
        default=Audience.STAFF,
        help_text=_(
            "Who is shown this event, as a sum of audiences: program staff 1, providers and "
            "experts 2, the agency 4, the public 8. Decided by the target's access policy when "
            "the event is written."
        ),
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

    @property
    def internal(self) -> bool:
        """Shown to program staff only (an internal note, an assignment, a routing record)."""
        return self.audiences == Audience.STAFF

    def shown_to(self, audience: int) -> bool:
        return bool(self.audiences & int(audience))

    @property
    def audience_labels(self) -> list[str]:
        return Audience(self.audiences).labels()


# The notification outbox lives in its own module; importing it here registers its models.
from .outbox.models import MessageState, MessageTemplate, OutboundMessage  # noqa: E402, F401
