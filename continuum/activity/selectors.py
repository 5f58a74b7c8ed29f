from django.db import models

from continuum.core.policy import Audience

from .models import Event, EventQuerySet


def timeline_for(obj: models.Model, *, audience: Audience) -> EventQuerySet:
    """The events of one object shown to `audience` (from the object's policy), oldest first."""
    return Event.objects.for_target(obj).for_audience(audience).select_related("actor")
