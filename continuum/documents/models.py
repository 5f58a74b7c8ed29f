"""Documents attached to any object (a request, a message, later an engagement), with versions.

A `Document` is what people name and talk about ("the use-of-force policy"); each upload of it
is a `DocumentVersion` holding the file itself, stored under a generated name that says nothing
about the uploader's file name. Who may see a document is decided by
`continuum.documents.policy`: whoever may see its target, when their audience on the target
meets the document's visibility.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AGENCY_AND_STAFF, DocumentKind, visibility_label


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=32, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    visibility = models.PositiveSmallIntegerField(
        _("visibility"),
        default=int(AGENCY_AND_STAFF),
        help_text=_(
            "Who may see the document, as a sum of audiences: program staff 1, providers and "
            "experts 2, the agency 4, the public 8. Program staff are always included."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    latest_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=[m for m in range(1, 16) if m & 1]),
                name="document_visibility_includes_staff",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def visibility_label(self) -> str:
        return visibility_label(self.visibility)


def _never_called(instance, filename):  # pragma: no cover - names are set by the service
    raise RuntimeError("Document files are stored under names the service generates.")


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=255, upload_to=_never_called)
    original_name = models.CharField(
        max_length=255, help_text=_("The uploaded file's name, made safe to show.")
    )
    size = models.PositiveBigIntegerField(help_text=_("In bytes."))
    content_type = models.CharField(max_length=100, help_text=_("Detected from the content."))
    extension = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.document.name} (version {self.number})"

    @property
    def download_name(self) -> str:
        """The name the browser saves the file under: the document's name, the real extension."""
        base = self.document.name
        suffix = f".{self.extension}"
        if base.lower().endswith(suffix):
            return base
        return f"{base}{suffix}"
