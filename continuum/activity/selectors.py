from django.db import models

from .models import Event, EventQuerySet


def timeline_for(obj: models.Model, *, include_internal: bool) -> EventQuerySet:
    """The events of one object, oldest first; internal ones only for program staff."""
    events = Event.objects.for_target(obj).select_related("actor")
    return events if include_internal else events.visible_to_outside()
