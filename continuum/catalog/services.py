"""Writes to the catalog (programs, services, goals, topics, partners): each change made in the
admin goes through here, so the public pages built from the catalog are rebuilt at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from continuum.core.cache import topic_changed


def catalog_changed() -> None:
    """The catalog changed: public pages built from it are rebuilt once the change commits."""
    topic_changed("catalog")


@transaction.atomic
def catalog_object_save(*, obj: Any) -> Any:
    """Save a catalog row (already validated by its form) and mark the catalog changed."""
    obj.save()
    catalog_changed()
    return obj


@transaction.atomic
def catalog_object_delete(*, obj: Any) -> None:
    obj.delete()
    catalog_changed()


@transaction.atomic
def catalog_rows_delete(*, queryset: Any) -> None:
    queryset.delete()
    catalog_changed()
