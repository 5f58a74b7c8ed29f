"""The register section of the engagement page, the register page and its add forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.engagements.models import Engagement
from continuum.engagements.policy import Relation

from ..forms import CategoryForm, FindingForm, RecommendationForm, ScalesForm, errors_onto_form
from ..policy import can_edit_register, can_validate
from ..progress import waiting_count
from ..selectors import register_page, register_summary
from ..services.register import category_add, finding_add, recommendation_add, register_setup
from .common import back_to_register, edited_engagement, messages_of, viewed_engagement


def register_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """Counts by category and status on the engagement page, and the way to the register."""
    if not relation.sees:
        return None
    summary = register_summary(request.user, engagement)
    summary["can_edit"] = relation.staff or relation.working
    return summary


@require_GET
def register_view(request: HttpRequest, public_id):
    engagement = viewed_engagement(request, public_id)
    page = register_page(request.user, engagement)
    can_edit = can_edit_register(request.user, engagement)
    return render(
        request,
        "recommendations/register.html",
        {
            "engagement": engagement,
            "page": page,
            "summary": register_summary(request.user, engagement),
            "can_edit": can_edit,
            "scales_form": ScalesForm() if can_edit else None,
            "waiting": waiting_count(request.user, engagement)
            if can_validate(request.user, engagement)
            else None,
        },
    )


@require_POST
def scales_view(request: HttpRequest, public_id):
    engagement = edited_engagement(request, public_id)
    form = ScalesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back_to_register(engagement)
    try:
        register_setup(
            actor=request.user, engagement=engagement, scale_keys=form.cleaned_data["scales"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The register tracks the chosen status scales."))
    return back_to_register(engagement)


def _form_page(request, engagement, form, *, title: str, button: str, service, extra=None):
    """GET shows the form; a valid POST calls the service and goes back to the register."""
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, **(extra or {}), **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return back_to_register(engagement)
        else:
            messages.success(request, _("Saved to the register."))
            return back_to_register(engagement)
    return render(
        request,
        "recommendations/form.html",
        {"engagement": engagement, "form": form, "title": title, "button": button},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def category_add_view(request: HttpRequest, public_id):
    engagement = edited_engagement(request, public_id)
    return _form_page(
        request,
        engagement,
        CategoryForm(request.POST or None),
        title=_("Add an objective"),
        button=_("Add the objective"),
        service=category_add,
        extra={"engagement": engagement},
    )


@require_http_methods(["GET", "POST"])
def finding_add_view(request: HttpRequest, public_id):
    engagement = edited_engagement(request, public_id)
    return _form_page(
        request,
        engagement,
        FindingForm(request.POST or None, engagement=engagement),
        title=_("Add a finding"),
        button=_("Add the finding"),
        service=finding_add,
        extra={"engagement": engagement},
    )


@require_http_methods(["GET", "POST"])
def recommendation_add_view(request: HttpRequest, public_id):
    engagement = edited_engagement(request, public_id)
    form = RecommendationForm(request.POST or None, engagement=engagement)
    if not form.fields["finding"].queryset.exists():
        messages.info(request, _("Add a finding first: each recommendation sits under one."))
        return back_to_register(engagement)

    def add(*, actor, finding, **fields):
        finding.engagement = engagement
        return recommendation_add(actor=actor, finding=finding, **fields)

    return _form_page(
        request,
        engagement,
        form,
        title=_("Add a recommendation"),
        button=_("Add the recommendation"),
        service=add,
    )
