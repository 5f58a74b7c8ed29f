"""Every write of documents: attaching a new document, and adding a version to one.

Call these inside the change they belong to (an answer, a message): they join its transaction.
The file is checked (`validation.inspect_upload`), stored through Django's storage API under a
generated name (`documents/<yyyy>/<mm>/<uuid>.<ext>`: nothing of the uploader's name reaches
the storage), and an event is written on the target, shown to the document's own audiences.
If the database part fails, the stored file is removed again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.cache import topic_changed
from continuum.core.policy import Audience

from .choices import DocumentKind
from .models import Document, DocumentVersion
from .permissions import can_add_document_version
from .targets import target_for
from .validation import InspectedFile, inspect_upload, safe_display_name


@dataclass(frozen=True)
class Upload:
    """A file someone chose, with what they said about it (from a form's cleaned data)."""

    file: Any
    kind: str = DocumentKind.OTHER
    name: str = ""
    visibility: int | None = None


def _stored_name(inspected: InspectedFile) -> str:
    now = timezone.now()
    return f"documents/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{inspected.extension}"


def _store(upload_file, inspected: InspectedFile) -> str:
    upload_file.seek(0)
    return default_storage.save(_stored_name(inspected), upload_file)


def _check_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    return kind


def _version_create(
    *, document: Document, number: int, actor: Any, file, inspected: InspectedFile
) -> DocumentVersion:
    stored = _store(file, inspected)
    try:
        version = DocumentVersion(
            document=document,
            number=number,
            original_name=inspected.original_name,
            size=inspected.size,
            content_type=inspected.content_type,
            extension=inspected.extension,
            sha256=inspected.sha256,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        version.file.name = stored
        version.full_clean()
        version.save()
    except BaseException:
        default_storage.delete(stored)
        raise
    return version


def document_attach(*, actor: Any, target: models.Model, upload: Upload) -> Document:
    """Attach a new document to `target` (a request, a message...): its first version."""
    spec = target_for(target)
    if spec is None:
        raise ValidationError(_("Files can't be attached to this."))
    if not spec.can_attach(actor, target):
        raise PermissionDenied(_("You can't attach files here now."))
    choices = spec.visibilities(actor, target)
    visibility = choices[0] if upload.visibility is None else Audience(int(upload.visibility))
    if visibility not in choices:
        raise ValidationError({"visibility": _("Choose who may see the document.")})
    kind = _check_kind(upload.kind)
    inspected = inspect_upload(upload.file)
    name = safe_display_name(upload.name, fallback=inspected.original_name)
    with transaction.atomic():
        document = Document(
            target=target,
            name=name,
            kind=kind,
            visibility=int(visibility | Audience.STAFF),
            uploaded_by=actor,
        )
        document.full_clean()
        document.save()
        version = _version_create(
            document=document, number=1, actor=actor, file=upload.file, inspected=inspected
        )
        event_record(
            actor=actor,
            verb="document_added",
            target=target,
            note=_("%(name)s (%(kind)s)") % {"name": name, "kind": document.get_kind_display()},
            audiences=Audience(document.visibility),
            data={"document": str(document.public_id), "version": version.number},
        )
        _public_changed(document)
    return document


def _public_changed(document: Document) -> None:
    """A public document changed: the public portal's cached pages list it (issue 10 §6)."""
    if document.visibility & Audience.PUBLIC:
        topic_changed("portal")


def document_version_add(*, actor: Any, document: Document, file) -> DocumentVersion:
    """Upload a new version of `document` (program staff, or its uploader while they may)."""
    if not can_add_document_version(actor, document):
        raise PermissionDenied(_("You can't upload a new version of this document."))
    inspected = inspect_upload(file)  # refuse before taking any lock
    with transaction.atomic():
        row = Document.objects.select_for_update().get(pk=document.pk)
        number = row.latest_version + 1
        version = _version_create(
            document=row, number=number, actor=actor, file=file, inspected=inspected
        )
        row.latest_version = number
        row.save(update_fields=["latest_version"])
        event_record(
            actor=actor,
            verb="document_version_added",
            target=row.target,
            note=_("%(name)s, version %(number)s") % {"name": row.name, "number": number},
            audiences=Audience(row.visibility),
            data={"document": str(row.public_id), "version": number},
        )
        _public_changed(row)
    document.latest_version = number
    return version
