"""Writes to the directory outside the importer (the admin), and what follows any change.

`directory_changed(agency_ids=...)` is called by every write to the directory (the importer,
the admin): it keeps the search index in step (SQLite's FTS5 table, `continuum.agencies.fts`),
tells the apps that keep an agency's name (the request queue's sort name: they register with
`directory_listener_add`), and rebuilds the public directory pages once the change commits.

`agency_add` is how program staff add an agency the directory lacks (the request form promises
it: "program staff will add it to the directory"). The row has no ORI and an empty `source`
(the public page then says program staff added it), and an event records who added it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.cache import topic_changed
from continuum.core.policy import is_program_staff
from continuum.core.workflow import TransitionForbidden

from .models import Agency

#: Callables taking `agency_ids` (None: any agency may have changed), run in the transaction.
_LISTENERS: list[Callable[[list[int] | None], None]] = []


def directory_listener_add(listener: Callable[[list[int] | None], None]) -> None:
    """Run `listener(agency_ids)` in the transaction of every change to the directory (apps
    that keep a copy of an agency's name register in their AppConfig.ready)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def directory_changed(*, agency_ids: Iterable[int] | None = None) -> None:
    """The directory changed (these agencies, or any when None): refresh what depends on it."""
    from .fts import fts_refresh

    ids = None if agency_ids is None else sorted(set(agency_ids))
    fts_refresh(agency_ids=ids)
    for listener in _LISTENERS:
        listener(ids)
    topic_changed("directory")


@transaction.atomic
def agency_save(*, agency: Agency) -> Agency:
    """Save an agency edited in the admin (its form validated it) and refresh the search."""
    agency.search_text = agency.build_search_text()
    agency.save()
    directory_changed(agency_ids=[agency.pk])
    return agency


@transaction.atomic
def agency_delete(*, agency: Agency) -> None:
    agency_id = agency.pk
    agency.delete()
    directory_changed(agency_ids=[agency_id])


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
    directory_changed(agency_ids=[agency.pk])
    return agency
