"""Progress report pages: the engagement's reports, a draft's preview and edits, publication,
the promised dates, the public page and PDF of a published report, and the engagement section.

Pages under an engagement answer 404 to anyone who cannot see it, and the staff-only pages 404
to everyone else too (no hint they exist). The public report page and PDF read only the report
row and its snapshot, of a published report whose engagement is listed: 404 otherwise, for
every viewer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.core.cache import public_page
from continuum.engagements.models import Engagement
from continuum.engagements.policy import Relation
from continuum.engagements.selectors import engagement_for_viewer

from ..choices import ReportState
from ..forms import ReportEditForm, ReportNewForm, ScheduleForm, errors_onto_form
from ..models import ProgressReport, PublicListing, ReportDue
from ..policy import LISTINGS, PROGRESS_REPORTS, REPORTS_DUE
from ..presentation import report_context
from ..services import reports as report_services
from ..services.listings import can_consent, can_manage_listing, consent_needed
from ..services.reports import (
    can_prepare_reports,
    can_schedule_reports,
    report_draft_create,
    report_draft_update,
    report_due_remove,
    report_publish,
    reports_schedule,
)


def _messages_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def reports_url(engagement: Engagement) -> str:
    return reverse("reporting:reports", kwargs={"public_id": engagement.public_id})


def report_url(report: ProgressReport) -> str:
    return reverse(
        "reporting:report",
        kwargs={"public_id": report.engagement.public_id, "report_id": report.public_id},
    )


def _engagement(request: HttpRequest, public_id) -> Engagement:
    return engagement_for_viewer(viewer=request.user, public_id=public_id)


def _staff_engagement(request: HttpRequest, public_id, allowed) -> Engagement:
    engagement = _engagement(request, public_id)
    if not allowed(request.user, engagement):
        raise Http404("No such page.")
    return engagement


def _report(request: HttpRequest, engagement: Engagement, report_id, rule: str = "view"):
    report = (
        PROGRESS_REPORTS.queryset(request.user)
        .filter(engagement=engagement, public_id=report_id)
        .select_related("engagement", "corrects")
        .first()
    )
    if report is None or not PROGRESS_REPORTS.allows(rule, request.user, report):
        raise Http404("No such report.")
    report.engagement = engagement
    return report


def _listing_of(engagement: Engagement) -> PublicListing | None:
    return PublicListing.objects.filter(engagement=engagement).first()


# -- the engagement's reports ----------------------------------------------------------------


def _dues(user: Any, engagement: Engagement) -> list[ReportDue]:
    today = timezone.localdate()
    dues = list(
        REPORTS_DUE.queryset(user)
        .filter(engagement=engagement)
        .select_related("fulfilled_by")
        .order_by("due_on", "pk")
    )
    for due in dues:
        due.is_overdue = due.fulfilled_by_id is None and due.due_on < today
    return dues


def reports_overview(user: Any, engagement: Engagement) -> dict[str, Any]:
    """The reports the viewer may see, the promised dates and the listing (fixed queries)."""
    reports = list(
        PROGRESS_REPORTS.queryset(user)
        .filter(engagement=engagement)
        .select_related("corrects")
        .order_by("-number")
    )
    corrected = {r.corrects_id: r for r in reports if r.corrects_id and r.is_published}
    for report in reports:
        report.corrected_by = corrected.get(report.pk)
    dues = _dues(user, engagement)
    listing = _listing_of(engagement)
    if listing is not None and not LISTINGS.allows("view", user, listing):
        listing = None
    return {
        "reports": reports,
        "dues": dues,
        "overdue": [d for d in dues if d.is_overdue],
        "listing": listing,
        "consent_needed": consent_needed(engagement),
    }


@require_GET
def reports_view(request: HttpRequest, public_id):
    engagement = _engagement(request, public_id)
    user = request.user
    return render(
        request,
        "reporting/reports.html",
        {
            "engagement": engagement,
            **reports_overview(user, engagement),
            "can_prepare": can_prepare_reports(user, engagement),
            "can_schedule": can_schedule_reports(user, engagement),
            "can_manage_listing": can_manage_listing(user, engagement),
            "can_consent": can_consent(user, engagement),
        },
    )


def reports_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The engagement page's progress-report section: latest reports, dates, the listing."""
    if not relation.sees:
        return None
    overview = reports_overview(request.user, engagement)
    today = timezone.localdate()
    overview["latest"] = overview["reports"][:3]
    overview["next_due"] = next(
        (d for d in overview["dues"] if d.fulfilled_by_id is None and d.due_on >= today), None
    )
    return overview


# -- one report ------------------------------------------------------------------------------


@require_GET
def report_view(request: HttpRequest, public_id, report_id):
    engagement = _engagement(request, public_id)
    report = _report(request, engagement, report_id)
    listing = _listing_of(engagement)
    public_url = None
    if report.is_published and listing is not None and listing.is_listed:
        public_url = reverse("portal:report", kwargs={"report_id": report.public_id})
    corrected_by = (
        ProgressReport.objects.filter(corrects=report, state=ReportState.PUBLISHED)
        .order_by("number")
        .first()
    )
    return render(
        request,
        "reporting/report.html",
        {
            "engagement": engagement,
            **report_context(report),
            "can_edit": PROGRESS_REPORTS.allows("edit", request.user, report),
            "public_url": public_url,
            "corrected_by": corrected_by,
        },
    )


def _form_page(request, engagement, form, *, title, button, back, intro=""):
    return render(
        request,
        "reporting/form.html",
        {
            "engagement": engagement,
            "form": form,
            "title": title,
            "button": button,
            "back": back,
            "intro": intro,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def report_new_view(request: HttpRequest, public_id):
    engagement = _staff_engagement(request, public_id, can_prepare_reports)
    form = ReportNewForm(
        request.POST or None,
        engagement=engagement,
        initial={"as_of": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = report_draft_create(
                actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(reports_url(engagement))
        else:
            messages.success(request, _("The draft holds the register as it is today."))
            return redirect(report_url(report))
    return _form_page(
        request,
        engagement,
        form,
        title=_("Start a progress report"),
        button=_("Start the draft"),
        back=reports_url(engagement),
        intro=_(
            "The draft takes the register's statuses as they are now. You can edit its notes "
            "and rebuild it until you publish it; once published it never changes."
        ),
    )


@require_http_methods(["GET", "POST"])
def report_edit_view(request: HttpRequest, public_id, report_id):
    engagement = _engagement(request, public_id)
    report = _report(request, engagement, report_id, "edit")
    initial = {
        "title": report.title,
        "as_of": report.as_of,
        "caveats": report.caveats,
        "validator_notes": report.validator_notes,
    }
    form = ReportEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_draft_update(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(report_url(report))
        else:
            messages.success(request, _("Saved. The figures were rebuilt from the register."))
            return redirect(report_url(report))
    return _form_page(
        request,
        engagement,
        form,
        title=_("Edit the draft: %(title)s") % {"title": report.title},
        button=_("Save and rebuild the figures"),
        back=report_url(report),
    )


@require_http_methods(["GET", "POST"])
def report_publish_view(request: HttpRequest, public_id, report_id):
    engagement = _engagement(request, public_id)
    report = _report(request, engagement, report_id, "publish")
    error = ""
    if request.method == "POST":
        try:
            report = report_publish(actor=request.user, report=report)
        except (ValidationError, PermissionDenied) as problem:
            error = _messages_of(problem)
        else:
            messages.success(request, _("The report is published. It will never change."))
            return redirect(report_url(report))
    listing = _listing_of(engagement)
    return render(
        request,
        "reporting/publish_confirm.html",
        {
            "engagement": engagement,
            "report": report,
            "listed": listing is not None and listing.is_listed,
            "error": error,
        },
        status=400 if error else 200,
    )


# -- promised dates --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def schedule_view(request: HttpRequest, public_id):
    engagement = _staff_engagement(request, public_id, can_schedule_reports)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = reports_schedule(
                actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(reports_url(engagement))
        else:
            messages.success(
                request,
                _("%(count)s report dates promised (dates already promised were kept).")
                % {"count": len(created)},
            )
            return redirect(reports_url(engagement))
    return _form_page(
        request,
        engagement,
        form,
        title=_("Promise progress reports"),
        button=_("Promise these reports"),
        back=reports_url(engagement),
        intro=_(
            "Each promised date shows on the engagement's public page once it is listed; a "
            "date that passes without a published report is shown as overdue."
        ),
    )


@require_POST
def due_remove_view(request: HttpRequest, public_id, due_id: int):
    engagement = _staff_engagement(request, public_id, can_schedule_reports)
    due = ReportDue.objects.filter(engagement=engagement, pk=due_id).first()
    if due is None:
        raise Http404("No such date.")
    try:
        report_due_remove(actor=request.user, due=due)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The promised date is removed."))
    return redirect(reports_url(engagement))


def _pdf_response(report: ProgressReport) -> HttpResponse:
    """The stored PDF of a published report, else one rendered now from its snapshot."""
    content = None
    if report.pdf:
        try:
            with report.pdf.open("rb") as stored:
                content = stored.read()
        except OSError:
            content = None  # the stored file is gone: render it again
    if content is None:
        content = report_services.report_pdf_bytes(report)
    # No Content-Disposition: the public page cache replays only the content type, and the
    # address already ends in ".pdf".
    return HttpResponse(content, content_type="application/pdf")


@require_GET
def report_pdf_view(request: HttpRequest, public_id, report_id):
    """Any report the viewer sees, as a PDF: a draft's is rendered from its current snapshot
    (what publication would print), a published one's is the stored file."""
    engagement = _engagement(request, public_id)
    return _pdf_response(_report(request, engagement, report_id))


# -- the public report -----------------------------------------------------------------------


def _public_report(report_id) -> ProgressReport:
    """A published report of a listed engagement, or 404 (whoever asks)."""
    report = (
        ProgressReport.objects.filter(
            public_id=report_id,
            state=ReportState.PUBLISHED,
            engagement__public_listing__listed_at__isnull=False,
        )
        .only(
            "pk",
            "public_id",
            "number",
            "title",
            "as_of",
            "state",
            "published_at",
            "snapshot",
            "pdf",
            "engagement_id",
        )
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    return report


@login_not_required
@require_GET
@public_page("portal")
def public_report_view(request: HttpRequest, report_id):
    report = _public_report(report_id)
    corrected_by = (
        ProgressReport.objects.filter(corrects_id=report.pk, state=ReportState.PUBLISHED)
        .only("public_id", "number")
        .order_by("number")
        .first()
    )
    return render(
        request,
        "reporting/public_report.html",
        {**report_context(report), "corrected_by": corrected_by},
    )


@login_not_required
@require_GET
@public_page("portal")
def public_report_pdf_view(request: HttpRequest, report_id):
    return _pdf_response(_public_report(report_id))
