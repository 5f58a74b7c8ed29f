from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Event


def event_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    internal: bool = False,
    data: dict | None = None,
) -> Event:
    """Append one event. Call it inside the transaction of the change it records."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = Event(
        actor=actor,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        note=note,
        internal=internal,
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event
