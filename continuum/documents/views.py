"""Documents' pages: serving a file (after the per-object check), attaching a document to an
object, and uploading a new version. Thin: check access, parse a form, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .forms import DocumentUploadForm, DocumentVersionForm
from .permissions import can_add_document_version
from .selectors import document_for_viewer, version_for_viewer
from .services import document_attach, document_version_add
from .targets import target_by_slug, target_for
from .validation import INLINE


@require_GET
def document_file(request, public_id, number=None):
    """The file of a document's version (the latest unless a number is given), or 404.

    Served through the application only (there is no public media URL): PDFs and pictures are
    shown in the browser, everything else is downloaded. Nothing is cached, and the browser is
    told not to guess the type from the content.
    """
    version = version_for_viewer(viewer=request.user, public_id=public_id, number=number)
    try:
        handle = default_storage.open(version.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is missing.") from exc
    inline = version.content_type in INLINE and request.GET.get("download") != "1"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=version.download_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    if version.content_type != "application/pdf":
        # Nothing in the file may run or load anything (browsers' PDF viewers need the site's
        # own policy instead, which the CSP middleware adds).
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def errors_onto_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error("file" if "file" in form.fields else None, error.messages)


def _target_or_404(request, target_slug: str, key: str):
    spec = target_by_slug(target_slug)
    if spec is None:
        raise Http404("Nothing to attach to.")
    obj = spec.lookup(request.user, key)
    return spec, obj


@require_http_methods(["GET", "POST"])
def document_attach_view(request, target_slug, key):
    """Attach a new document to a request, a message...: a page of its own (works without
    JavaScript); the same form sits on the object's page and posts here."""
    spec, obj = _target_or_404(request, target_slug, key)
    back = spec.page_url(request.user, obj)
    if not spec.can_attach(request.user, obj):
        messages.error(request, _("Files can't be attached here now."))
        return redirect(back)
    visibilities = spec.visibilities(request.user, obj)
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, visibilities=visibilities
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = document_attach(actor=request.user, target=obj, upload=form.upload())
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied:
            messages.error(request, _("Files can't be attached here now."))
            return redirect(back)
        else:
            messages.success(request, _("“%(name)s” is uploaded.") % {"name": document.name})
            return redirect(back)
    return render(
        request,
        "documents/attach.html",
        {"form": form, "target": obj, "back": back, "action": request.path},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def document_version_view(request, public_id):
    """Upload a new version of a document (program staff, or its uploader while they may)."""
    document = document_for_viewer(viewer=request.user, public_id=public_id)
    spec = target_for(document.target_type.model_class())
    back = spec.page_url(request.user, document.target) if spec else "/"
    if not can_add_document_version(request.user, document):
        messages.error(request, _("You can't upload a new version of this document."))
        return redirect(back)
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = document_version_add(
                actor=request.user, document=document, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied:
            messages.error(request, _("You can't upload a new version of this document."))
            return redirect(back)
        else:
            messages.success(
                request,
                _("Version %(number)s of “%(name)s” is uploaded.")
                % {"number": version.number, "name": document.name},
            )
            return redirect(back)
    return render(
        request,
        "documents/version.html",
        {"form": form, "document": document, "back": back},
        status=400 if form.errors else 200,
    )
