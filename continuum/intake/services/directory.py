"""Program staff add a request's unlisted agency to the directory, and the request then names it.

The request form promises that "program staff will add it to the directory": this keeps the
promise. The agency row is made by `continuum.agencies.services.agency_add` (with its event);
the request gets the agency and an event of its own, in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.agencies.models import Agency
from continuum.agencies.services import agency_add

from .. import permissions
from ..models import AssistanceRequest
from .triage import _forbid_unless


def request_unlisted_agency_add(
    *, actor: Any, assistance_request: AssistanceRequest, **fields: Any
) -> Agency:
    """Add the agency the request describes to the directory and link the request to it."""
    _forbid_unless(permissions.can_review_request(actor, assistance_request))
    with transaction.atomic():
        row = AssistanceRequest.objects.select_for_update().get(pk=assistance_request.pk)
        if row.agency_id is not None:
            raise ValidationError(
                _("This request already names an agency of the directory: %(agency)s.")
                % {"agency": row.agency.name}
            )
        agency = agency_add(actor=actor, **fields)
        row.agency = agency
        row.save(update_fields=["agency", "updated_at"])
        event_record(
            actor=actor,
            verb="agency_added_to_directory",
            target=row,
            note=agency.name,
            data={"agency": agency.pk},
        )
    assistance_request.agency = agency
    return agency


def unlisted_answers(ar: AssistanceRequest) -> dict[str, Any]:
    """The request's answers about its unlisted agency, as the add form's initial values."""
    return {
        "name": ar.unlisted_agency_name,
        "agency_type": ar.unlisted_agency_type,
        "jurisdiction_level": ar.unlisted_jurisdiction_level,
        "state": ar.unlisted_state_id,
    }
