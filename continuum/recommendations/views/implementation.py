"""Implementation progress pages: report progress on a recommendation (with evidence), one
report with its verdict forms, and an engagement's validation queue. Every page answers 404 to
whoever may not see (or use) it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES

from ..choices import ImplementationState
from ..forms import AcceptForm, ProgressReportForm, ReturnForm, errors_onto_form
from ..models import ImplementationReport
from ..policy import MEASURES, can_report_progress, can_validate
from ..progress import report_for_viewer, validation_queue, waiting_count
from ..selectors import engagement_scales, recommendation_for_viewer
from ..services.implementation import (
    progress_report_accept,
    progress_report_return,
    progress_report_submit,
    progress_report_withdraw,
)
from .common import messages_of, viewed_engagement


def may_report(user, engagement) -> bool:
    return engagement.status in OPEN_ENGAGEMENT_STATUSES and can_report_progress(user, engagement)


def report_url(report: ImplementationReport) -> str:
    return reverse(
        "recommendations:progress_report",
        kwargs={"public_id": report.engagement.public_id, "report_id": report.public_id},
    )


@require_http_methods(["GET", "POST"])
def progress_report_new_view(request: HttpRequest, public_id, pk: int):
    engagement = viewed_engagement(request, public_id)
    recommendation = recommendation_for_viewer(request.user, engagement, pk)
    if not may_report(request.user, engagement):
        raise Http404("No such page.")
    scales = engagement_scales(request.user, engagement)
    if not scales:
        messages.info(request, _("This register tracks no status scale yet."))
        return redirect(recommendation.get_absolute_url())
    measures = list(MEASURES.queryset(request.user).filter(recommendation=recommendation))
    form = ProgressReportForm(
        request.POST or None, request.FILES or None, scales=scales, measures=measures
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = progress_report_submit(
                actor=request.user,
                recommendation=recommendation,
                scale=data["scale_obj"],
                proposed_value=data["value_obj"],
                narrative=data["narrative"],
                evidence=form.evidence(),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(recommendation.get_absolute_url())
        else:
            messages.success(
                request, _("Your progress report is sent: a validator will review it.")
            )
            report.engagement = engagement
            return redirect(report_url(report))
    return render(
        request,
        "recommendations/progress_report_form.html",
        {
            "engagement": engagement,
            "recommendation": recommendation,
            "form": form,
            "evidence_fields": [form[name] for name in form.evidence_field_names],
        },
        status=400 if form.errors else 200,
    )


def _report_page(request, engagement, report, *, accept_form=None, return_form=None, status=200):
    user = request.user
    waiting = report.state == ImplementationState.SUBMITTED
    decides = waiting and can_validate(user, engagement) and report.submitted_by_id != user.pk
    return render(
        request,
        "recommendations/progress_report.html",
        {
            "engagement": engagement,
            "report": report,
            "recommendation": report.recommendation,
            "accept_form": (accept_form or AcceptForm(prefix="accept")) if decides else None,
            "return_form": (return_form or ReturnForm(prefix="return")) if decides else None,
            "can_withdraw": waiting
            and report.submitted_by_id == user.pk
            and can_report_progress(user, engagement),
            "own_report": waiting and report.submitted_by_id == user.pk,
        },
        status=status,
    )


@require_GET
def progress_report_view(request: HttpRequest, public_id, report_id):
    engagement = viewed_engagement(request, public_id)
    report = report_for_viewer(request.user, engagement, report_id)
    return _report_page(request, engagement, report)


def _decided(request, public_id, report_id):
    engagement = viewed_engagement(request, public_id)
    return engagement, report_for_viewer(request.user, engagement, report_id)


@require_POST
def progress_report_accept_view(request: HttpRequest, public_id, report_id):
    engagement, report = _decided(request, public_id, report_id)
    form = AcceptForm(request.POST, prefix="accept")
    if form.is_valid():
        try:
            progress_report_accept(
                actor=request.user, report=report, comment=form.cleaned_data["comment"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(
                request,
                _("Accepted: %(label)s is now “%(value)s” on the %(scale)s scale.")
                % {
                    "label": report.recommendation.label,
                    "value": report.proposed_value.label,
                    "scale": report.scale.name,
                },
            )
        return redirect(report_url(report))
    return _report_page(request, engagement, report, accept_form=form, status=400)


@require_POST
def progress_report_return_view(request: HttpRequest, public_id, report_id):
    engagement, report = _decided(request, public_id, report_id)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            progress_report_return(
                actor=request.user, report=report, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(report_url(report))
        else:
            messages.success(request, _("The report is returned to the agency with your comments."))
            return redirect(report_url(report))
    return _report_page(request, engagement, report, return_form=form, status=400)


@require_POST
def progress_report_withdraw_view(request: HttpRequest, public_id, report_id):
    _engagement, report = _decided(request, public_id, report_id)
    try:
        progress_report_withdraw(actor=request.user, report=report)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("Your report is withdrawn."))
    return redirect(report_url(report))


@require_GET
def validation_queue_view(request: HttpRequest, public_id):
    engagement = viewed_engagement(request, public_id)
    if not can_validate(request.user, engagement):
        raise Http404("No such page.")
    try:
        page = validation_queue(request.user, engagement, cursor=request.GET.get("cursor"))
    except ValidationError as error:
        messages.error(request, messages_of(error))
        return redirect(request.path)
    return render(
        request,
        "recommendations/validation_queue.html",
        {
            "engagement": engagement,
            "page": page,
            "waiting": waiting_count(request.user, engagement),
        },
    )
