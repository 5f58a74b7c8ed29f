"""Reading documents, always as one viewer sees them (through `continuum.documents.policy`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import Document, DocumentVersion
from .policy import DOCUMENTS, VERSIONS


def documents_visible_to(viewer: Any) -> QuerySet[Document]:
    return DOCUMENTS.queryset(viewer)


def documents_on(*, viewer: Any, targets: Iterable[models.Model]) -> list[Document]:
    """The documents attached to any of `targets` that the viewer may see, oldest first, each
    with `latest` (its newest version) and `versions_list` (all of them, newest first)."""
    ids_by_model: dict[type[models.Model], list[Any]] = {}
    for obj in targets:
        ids_by_model.setdefault(type(obj)._meta.concrete_model, []).append(obj.pk)
    if not ids_by_model:
        return []
    documents = list(
        Document.objects.filter(DOCUMENTS.visible_on(viewer, ids_by_model))
        .select_related("uploaded_by", "target_type")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
                to_attr="versions_list",
            )
        )
        .order_by("created_at", "pk")
    )
    for document in documents:
        document.latest = document.versions_list[0] if document.versions_list else None
    return documents


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such document.") from exc


def document_for_viewer(*, viewer: Any, public_id: Any) -> Document:
    """One document the viewer may see, or Http404 (whether it exists or not)."""
    found = (
        documents_visible_to(viewer)
        .select_related("target_type", "uploaded_by")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404("No such document.")
    return found


def version_for_viewer(
    *, viewer: Any, public_id: Any, number: int | None = None
) -> DocumentVersion:
    """One version (the latest when `number` is None) the viewer may see, or Http404."""
    versions = (
        VERSIONS.queryset(viewer)
        .select_related("document")
        .filter(document__public_id=_uuid(public_id))
    )
    if number is None:
        found = versions.order_by("-number").first()
    else:
        found = versions.filter(number=number).first()
    if found is None:
        raise Http404("No such document.")
    return found


def documents_of_exist(target: models.Model) -> bool:
    """Whether any document is attached to `target` (whoever may see it): for workflow guards."""
    ct = ContentType.objects.get_for_model(target)
    return Document.objects.filter(target_type_id=ct.pk, target_id=target.pk).exists()
