"""Who may see a document: declared once here, derived from the policy of what it is attached to.

A user sees a document when they may view its target (through the target's own policy) AND
their audience on the target (`policy.audience_of`) meets the document's visibility. So a
staff-only document on a request is never shown to the agency, and the agency's documents are
shown to whoever the request's policy says is "the agency". Versions follow their document.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q

from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .choices import masks_meeting
from .models import Document, DocumentVersion
from .targets import target_for, targets


class DocumentPolicy(Policy):
    model = Document
    rules = ("add_version",)
    default_event_audience = Audience.STAFF

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        rule = NOTHING
        for target in targets():
            content_type = ContentType.objects.get_for_model(target.model)
            visible = target.policy.queryset(user)
            for audience, scope in target.audience_scopes(user):
                rule |= Q(
                    target_type=content_type,
                    target_id__in=visible.filter(scope).order_by().values("pk"),
                    visibility__in=masks_meeting(audience),
                )
        return rule

    def visible_on(self, user: Any, ids_by_model: dict[type[Model], list[Any]]) -> Q:
        """The documents on these objects (model -> their ids) that `user` may see.

        The rule of `visible_to` for those objects alone, found by their ids (the documents'
        (target type, target id) index) and each checked against its target's rule as an
        EXISTS of that one row. The whole rule (a subquery for every kind of target, each with
        the viewer's id lists) cost an agency member's engagement page about 30 ms to build and
        run at 10x data; given a list of visible ids to search by, SQLite built the list of
        every request program staff may see to find a request page's files (124 ms, issue 8).
        """
        if not is_active_user(user):
            return NOTHING
        rule = NOTHING
        for model, ids in ids_by_model.items():
            target = target_for(model)
            if target is None:
                continue
            content_type = ContentType.objects.get_for_model(target.model)
            visible = target.policy.queryset(user)
            for audience, scope in target.audience_scopes(user):
                rule |= Q(
                    Exists(visible.filter(scope).filter(pk=OuterRef("target_id"))),
                    target_type=content_type,
                    target_id__in=ids,
                    visibility__in=masks_meeting(audience),
                )
        return rule

    def view(self, user: Any, document: Document) -> bool:
        if not is_active_user(user):
            return False
        target = target_for(document.target_type.model_class())
        obj = document.target
        if target is None or obj is None:
            return False
        return bool(target.policy.audience_of(user, obj) & document.visibility)

    def add_version(self, user: Any, document: Document) -> bool:
        """Upload a new version: program staff, or whoever uploaded the document while they
        may still attach files to its target."""
        if not self.view(user, document):
            return False
        target = target_for(document.target_type.model_class())
        if target is None or not target.can_attach(user, document.target):
            return False
        return is_program_staff(user) or document.uploaded_by_id == user.pk


DOCUMENTS = register(DocumentPolicy())


class DocumentVersionPolicy(Policy):
    """A version is seen by whoever sees its document."""

    model = DocumentVersion

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        return Q(document__in=DOCUMENTS.queryset(user).order_by().values("pk"))

    def view(self, user: Any, version: DocumentVersion) -> bool:
        return DOCUMENTS.view(user, version.document)


VERSIONS = register(DocumentVersionPolicy())
