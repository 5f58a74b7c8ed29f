"""Writes to the directory outside the importer (the admin), and what follows any change.

`directory_changed(agency_ids=...)` is called by every write to the directory (the importer,
the admin): it keeps the search index in step (SQLite's FTS5 table, `continuum.agencies.fts`),
tells the apps that keep an agency's name (the request queue's sort name: they register with
`directory_listener_add`), and rebuilds the public directory pages once the change commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from continuum.core.cache import topic_changed

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
