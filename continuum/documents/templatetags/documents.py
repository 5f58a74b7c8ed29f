"""`{% attachments obj %}`: the documents of an object's page, and the form to add one.

Every page that shows documents includes them this way, so the list is always the viewer's
(through the documents' policy) and each file links to the per-object serving view.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from continuum.core.policy import is_program_staff

from ..forms import DocumentUploadForm
from ..permissions import can_add_document_version
from ..selectors import documents_on
from ..targets import target_for

register = template.Library()


def uploader_label(viewer, user) -> str:
    if user is None:
        return _("Continuum")
    if is_program_staff(viewer):
        return user.full_name or user.email
    if is_program_staff(user):
        return _("Program staff")
    return user.full_name or _("Your agency")


@register.inclusion_tag("documents/_attachments.html", takes_context=True)
def attachments(context, obj, form=None):
    request = context["request"]
    viewer = request.user
    spec = target_for(obj)
    if spec is None:
        return {"documents": [], "hidden": True}
    documents = documents_on(viewer=viewer, targets=spec.page_objects(obj))
    for document in documents:
        document.uploader_label = uploader_label(viewer, document.uploaded_by)
        document.can_add_version = can_add_document_version(viewer, document)
        document.on_message = document.target_type.model != obj._meta.model_name
    can_attach = spec.can_attach(viewer, obj)
    if can_attach and form is None:
        form = DocumentUploadForm(
            visibilities=spec.visibilities(viewer, obj), prefix=None, auto_id="id_document_%s"
        )
    return {
        "documents": documents,
        "staff_view": is_program_staff(viewer),
        "form": form if can_attach else None,
        "attach_url": reverse(
            "documents:attach", kwargs={"target_slug": spec.slug, "key": _key(obj)}
        ),
        "csrf_token": context.get("csrf_token"),
    }


def _key(obj) -> str:
    return str(getattr(obj, "public_id", None) or obj.pk)
