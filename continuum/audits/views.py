"""The bias audit's pages: upload a stop file, map and check it (the validation report before
anything runs), and follow a run to its draft report. Plus the engagement page's section.

Thin: check access (404 for whoever may not audit this engagement or see this run), parse a
form, call one service, render.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from continuum.analytics.schema import COLUMN_KINDS
from continuum.documents.choices import TEAM, DocumentKind
from continuum.documents.models import Document
from continuum.documents.selectors import document_for_viewer, documents_visible_to
from continuum.documents.views import errors_onto_form
from continuum.engagements.models import Engagement
from continuum.engagements.policy import Relation
from continuum.engagements.selectors import engagement_for_viewer

from .choices import FINISHED_STATUSES, RunStatus
from .files import local_copy, mapping_check, preview_read
from .forms import MappingForm, StopFileForm, mapping_digest
from .models import AuditRun
from .policy import AUDIT_RUNS
from .services import (
    READABLE_EXTENSIONS,
    audit_queue,
    audit_run_again,
    audit_runs_reap,
    has_bias_audit,
    may_audit,
    stop_file_upload,
)

SECTION_RUNS = 10


def _stop_files(user: Any, engagement: Engagement):
    return (
        documents_visible_to(user)
        .filter(
            target_type=ContentType.objects.get_for_model(Engagement),
            target_id=engagement.pk,
            kind=DocumentKind.DATA,
            visibility=int(TEAM),
        )
        .order_by("-created_at", "-pk")
    )


def bias_audit_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """Shown only in an engagement with the bias-audit service, to staff and the working side."""
    if not (relation.staff or relation.working) or not has_bias_audit(engagement):
        return None
    audit_runs_reap(engagement=engagement)  # so no run here shows a worker that died
    runs = list(
        AUDIT_RUNS.queryset(request.user)
        .filter(engagement=engagement)
        .select_related("document", "deliverable")[:SECTION_RUNS]
    )
    return {
        "runs": runs,
        "files": list(_stop_files(request.user, engagement)[:SECTION_RUNS]),
        "can_run": may_audit(request.user, engagement),
    }


@require_http_methods(["GET", "POST"])
def bias_audit_start(request: HttpRequest, public_id):
    """Upload a stop file (team only) and go on to map its columns."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not may_audit(request.user, engagement):
        raise Http404("No such page.")
    form = StopFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = stop_file_upload(
                actor=request.user, engagement=engagement, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(engagement.get_absolute_url())
        else:
            messages.success(request, _("The stop file is uploaded. Now map its columns."))
            return redirect("audits:preview", document_id=document.public_id)
    return render(
        request,
        "audits/upload.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )


def _stop_file_or_404(request: HttpRequest, document_id) -> tuple[Document, Engagement]:
    document = document_for_viewer(viewer=request.user, public_id=document_id)
    engagement_type = ContentType.objects.get_for_model(Engagement)
    if document.target_type_id != engagement_type.pk or document.kind != DocumentKind.DATA:
        raise Http404("No such stop file.")
    engagement = engagement_for_viewer(viewer=request.user, public_id=document.target.public_id)
    if not may_audit(request.user, engagement):
        raise Http404("No such stop file.")
    return document, engagement


def _checked(form: MappingForm, digest: str) -> MappingForm:
    """The form as posted, its fingerprint now the mapping just checked."""
    data = form.data.copy()
    data["checked"] = digest
    checked = MappingForm(data, header=form.header)
    checked.is_valid()
    return checked


def _initial_mapping(header: list[str]) -> dict:
    return {"columns": {name: {"column": name} for name in header if name in COLUMN_KINDS}}


@require_http_methods(["GET", "POST"])
def bias_audit_preview(request: HttpRequest, document_id):
    """The file's header and first rows, a select per standard field, and the library's
    validation report for the mapping; "Run" queues the audit only when the file can be read."""
    document, engagement = _stop_file_or_404(request, document_id)
    version = document.versions.order_by("-number").first()
    if version is None or version.extension not in READABLE_EXTENSIONS:
        raise Http404("No such stop file.")
    with local_copy(version) as path:
        preview = preview_read(path)
        form = MappingForm(request.POST or None, header=preview.header)
        report = None
        status = 200
        if preview.problem:
            report = {"ok": False, "fatal": preview.problem, "problems": []}
            status = 400 if request.method == "POST" else 200
        elif request.method == "POST":
            if form.is_valid():
                mapping = form.mapping_dict()
                digest = mapping_digest(mapping)
                if request.POST.get("action") == "run" and form.cleaned_data["checked"] == digest:
                    run, report = _queue(request, engagement, document, form)
                    if run is not None:
                        messages.success(request, _("The bias audit is queued."))
                        return redirect(run.get_absolute_url())
                else:
                    # Whatever was asked, the report of this exact mapping is shown before the
                    # audit can run with it.
                    report = mapping_check(path, mapping)[1]
                form = _checked(form, digest)
            status = 400 if form.errors or (report and not report.get("ok")) else 200
        else:
            mapping = _initial_mapping(preview.header)
            report = mapping_check(path, mapping)[1]
            form = MappingForm(header=preview.header, initial={"checked": mapping_digest(mapping)})
    return render(
        request,
        "audits/preview.html",
        {
            "engagement": engagement,
            "document": document,
            "preview": preview,
            "form": form,
            "report": report,
        },
        status=status,
    )


def _queue(request, engagement, document, form):
    try:
        return audit_queue(
            actor=request.user,
            engagement=engagement,
            document=document,
            mapping=form.mapping_dict(),
            options=form.options(),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return None, None


def run_for_viewer(*, viewer: Any, run_id: Any) -> AuditRun:
    try:
        key = uuid.UUID(str(run_id))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such audit.") from exc
    found = (
        AUDIT_RUNS.queryset(viewer)
        .select_related("engagement__agency", "engagement__assistance_request", "document")
        .select_related("deliverable")
        .filter(public_id=key)
        .first()
    )
    if found is None:
        raise Http404("No such audit.")
    return found


@require_GET
def bias_audit_run(request: HttpRequest, run_id):
    """Where a run stands (htmx refreshes the progress while it runs) and, when done, its report."""
    run = run_for_viewer(viewer=request.user, run_id=run_id)
    finished = run.status in FINISHED_STATUSES
    if not finished and audit_runs_reap(engagement=run.engagement):
        run.refresh_from_db()  # its worker died: the page says so, with "Run again"
        finished = run.status in FINISHED_STATUSES
    context = {
        "run": run,
        "engagement": run.engagement,
        "finished": finished,
        "analyses": (run.results or {}).get("analyses", []),
        "can_run_again": run.status == RunStatus.FAILED and may_audit(request.user, run.engagement),
    }
    if getattr(request, "htmx", False):
        response = render(request, "audits/_progress.html", context)
        if context["finished"]:
            response["HX-Refresh"] = "true"  # the whole page, with the readings and links
        return response
    return render(request, "audits/run.html", context)


def bias_audit_run_again(request: HttpRequest, run_id):
    """POST: queue a failed run's file again with its mapping and options; go to the new run."""
    run = run_for_viewer(viewer=request.user, run_id=run_id)
    if not may_audit(request.user, run.engagement):
        raise Http404("No such audit.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        again, report = audit_run_again(actor=request.user, run=run)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(run.get_absolute_url())
    if again is None:
        messages.error(
            request,
            _("The stop file can no longer be audited with this mapping: %(why)s")
            % {"why": report.get("fatal") or _("the check found a problem.")},
        )
        return redirect(run.get_absolute_url())
    messages.success(request, _("The bias audit is queued again."))
    return redirect(again.get_absolute_url())


#: The report is a document of its own: nothing in it may run or load anything but its stylesheet.
REPORT_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; sandbox"


def _report_headers(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = REPORT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def bias_audit_report(request: HttpRequest, run_id):
    """The finished run's HTML report (the library's own page, with its charts and tables)."""
    run = run_for_viewer(viewer=request.user, run_id=run_id)
    if not run.report_html:
        raise Http404("No report yet.")
    return _report_headers(HttpResponse(run.report_html, content_type="text/html; charset=utf-8"))


@require_GET
def bias_audit_report_css(request: HttpRequest, run_id):
    run_for_viewer(viewer=request.user, run_id=run_id)
    from continuum.analytics.report.html import HERE

    css = (HERE / "templates" / "report.css").read_text(encoding="utf-8")
    return _report_headers(HttpResponse(css, content_type="text/css; charset=utf-8"))
