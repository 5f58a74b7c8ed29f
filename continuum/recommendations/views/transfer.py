"""Import (upload, preview with the column mapping and the row-by-row report, confirm) and
export (the tracking matrix as CSV or XLSX)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..exporting import matrix_csv, matrix_xlsx
from ..forms import MappingForm, UploadForm, errors_onto_form
from ..importing import FIELD_KEYS
from ..models import RegisterImport
from ..policy import IMPORTS
from ..services.imports import (
    register_import_check,
    register_import_confirm,
    register_import_map,
    register_import_start,
)
from .common import back_to_register, edited_engagement, messages_of, viewed_engagement

#: How many report lines the preview shows (the count says how many more there are).
REPORT_LIMIT = 500


@require_http_methods(["GET", "POST"])
def import_upload_view(request: HttpRequest, public_id):
    engagement = edited_engagement(request, public_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = register_import_start(
                actor=request.user,
                engagement=engagement,
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return back_to_register(engagement)
        else:
            return redirect(
                "recommendations:import_review",
                public_id=engagement.public_id,
                import_id=pending.public_id,
            )
    return render(
        request,
        "recommendations/import_upload.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )


def _pending(request: HttpRequest, engagement, import_id) -> RegisterImport:
    try:
        import_id = uuid.UUID(str(import_id))
    except ValueError as error:
        raise Http404("No such import.") from error
    pending = (
        IMPORTS.queryset(request.user)
        .filter(engagement=engagement, public_id=import_id, confirmed_at__isnull=True)
        .first()
    )
    if pending is None:
        raise Http404("No such import.")
    pending.engagement = engagement
    return pending


@require_http_methods(["GET", "POST"])
def import_review_view(request: HttpRequest, public_id, import_id):
    engagement = edited_engagement(request, public_id)
    pending = _pending(request, engagement, import_id)
    if pending.expires_at <= timezone.now():
        messages.error(request, _("This upload has expired: upload the file again."))
        return redirect("recommendations:import_upload", public_id=engagement.public_id)
    initial = {k: "" if v is None else str(v) for k, v in pending.mapping.items()}
    form = MappingForm(request.POST or None, headers=pending.headers, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            mapping = {k: form.cleaned_data.get(k) or None for k in FIELD_KEYS}
            try:
                if request.POST.get("action") == "confirm":
                    plan = register_import_confirm(
                        actor=request.user, pending=pending, mapping=mapping
                    )
                    messages.success(
                        request,
                        _("Imported %(n)s recommendations into the register.")
                        % {"n": len(plan.recommendations)},
                    )
                    return back_to_register(engagement)
                pending = register_import_map(actor=request.user, pending=pending, mapping=mapping)
                pending.engagement = engagement
                return redirect(request.path)
            except ValidationError as error:
                status = 400
                messages.error(
                    request, _("Nothing was imported.") + " " + messages_of(error)[:2000]
                )
            except PermissionDenied as error:
                messages.error(request, str(error))
                return back_to_register(engagement)
        else:
            status = 400
    try:
        plan = register_import_check(pending=pending, actor=request.user)
    except ValidationError as error:  # a stored mapping that no longer fits the file
        form.add_error(None, error.messages)
        plan = None
        status = 400
    issues = plan.issues if plan else []
    return render(
        request,
        "recommendations/import_review.html",
        {
            "engagement": engagement,
            "pending": pending,
            "form": form,
            "plan": plan,
            "issues": issues[:REPORT_LIMIT],
            "more_issues": max(0, len(issues) - REPORT_LIMIT),
            "sample": pending.rows[:5],
        },
        status=status,
    )


def _download(content: bytes, engagement, extension: str, content_type: str) -> HttpResponse:
    name = slugify(engagement.agency_sort_name or "register")[:60] or "register"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-recommendations.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def export_csv_view(request: HttpRequest, public_id):
    engagement = viewed_engagement(request, public_id)
    return _download(
        matrix_csv(request.user, engagement), engagement, "csv", "text/csv; charset=utf-8"
    )


@require_GET
def export_xlsx_view(request: HttpRequest, public_id):
    engagement = viewed_engagement(request, public_id)
    return _download(
        matrix_xlsx(request.user, engagement),
        engagement,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
