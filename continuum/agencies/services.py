"""Writes to the directory by people (the importer writes in bulk on its own).

`agency_add` is how program staff add an agency the directory lacks (the request form promises
it: "program staff will add it to the directory"). The row has no ORI and an empty `source`
(the public page then says program staff added it), and an event records who added it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.policy import is_program_staff
from continuum.core.workflow import TransitionForbidden

from .models import Agency


@transaction.atomic
def agency_add(
    *,
    actor: Any,
    name: str,
    agency_type: str,
    jurisdiction_level: str,
    state,
    city: str = "",
    county: str = "",
) -> Agency:
    """Add an agency to the directory (program staff). Refuses a name already in the directory
    for the same state, so the same agency is not listed twice."""
    if not is_program_staff(actor):
        raise TransitionForbidden(_("Only program staff can add an agency to the directory."))
    name = " ".join((name or "").split())
    if state is not None and Agency.objects.filter(name__iexact=name, state=state).exists():
        raise ValidationError(
            {
                "name": _(
                    "%(name)s is already in the directory for %(state)s. Search the directory "
                    "for it instead of adding it again."
                )
                % {"name": name, "state": state.name}
            }
        )
    agency = Agency(
        name=name,
        agency_type=agency_type,
        jurisdiction_level=jurisdiction_level,
        state=state,
        city=" ".join((city or "").split()),
        county=" ".join((county or "").split()),
        source="",
    )
    agency.full_clean(exclude=["search_text"])
    agency.search_text = agency.build_search_text()
    agency.save()
    event_record(actor=actor, verb="agency_added", target=agency, note=agency.name)
    return agency
