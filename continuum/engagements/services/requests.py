"""Every write to engagements. For now: the minimal engagement an accepted request creates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record

from ..models import Engagement


@transaction.atomic
def engagement_create_from_request(
    *, actor: Any, assistance_request, program, services: Iterable
) -> Engagement:
    """The engagement for an accepted request: its agency, program and services, "planning".

    Called by `request_accept` inside its transaction. Raises `ValidationError` when the request
    already has an engagement, when no service is chosen, or when a service is not the program's.
    """
    chosen = list(services or [])
    if Engagement.objects.filter(assistance_request=assistance_request).exists():
        raise ValidationError(_("This request already has an engagement."))
    if not chosen:
        raise ValidationError({"services": "Choose at least one service for the engagement."})
    foreign = [s for s in chosen if s.program_id != program.pk]
    if foreign:
        names = ", ".join(f"“{s.name}”" for s in foreign)
        raise ValidationError({"services": f"{names} not part of {program}."})
    engagement = Engagement(
        agency_id=assistance_request.agency_id,
        assistance_request=assistance_request,
        program=program,
        agency_sort_name=(assistance_request.agency_sort_name or "")[:200],
    )
    engagement.full_clean()
    engagement.save()
    engagement.services.set(chosen)
    engagement.topics.set(assistance_request.topics.all())
    event_record(
        actor=actor,
        verb="engagement_created",
        target=engagement,
        to_state=engagement.status,
        note=f"Created from request {assistance_request.tracking_number}.",
        data={
            "assistance_request": assistance_request.pk,
            "program": program.slug,
            "services": [s.slug for s in chosen],
        },
    )
    return engagement
