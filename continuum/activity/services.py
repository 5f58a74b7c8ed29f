from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from continuum.core.policy import Audience, policy_for

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
    audiences: Audience | None = None,
    data: dict | None = None,
) -> Event:
    """Append one event. Call it inside the transaction of the change it records.

    Who is shown the event is decided by the target's access policy for this verb
    (`Policy.event_audiences`); `internal=True` keeps it to program staff whatever the policy
    says, and `audiences` overrides both (use it only where the policy cannot know).
    """
    if audiences is None:
        if internal:
            audiences = Audience.STAFF
        else:
            policy = policy_for(target)
            audiences = policy.event_audience(verb) if policy else Audience.STAFF
    audiences |= Audience.STAFF  # program staff see every event of the program
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
        audiences=int(audiences),
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event
