"""The agreement's pages: read it (everyone who sees the engagement), accept it (the agency's
chief executive), prepare or revise it (program staff, before acceptance); and its section on
the engagement page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..choices import EngagementStatus
from ..forms.agreement import AgreementAcceptForm, AgreementPrepareForm
from ..models import Agreement, Engagement
from ..policy import ENGAGEMENTS, Relation
from ..selectors import engagement_for_viewer
from ..services.agreement import agreement_accept, agreement_prepare


def _agreement_of(engagement: Engagement) -> Agreement | None:
    return (
        Agreement.objects.select_related("point_of_contact", "accepted_by", "prepared_by")
        .filter(engagement=engagement)
        .first()
    )


def _may_prepare(user: Any, engagement: Engagement, agreement: Agreement | None) -> bool:
    return (
        ENGAGEMENTS.allows("manage", user, engagement)
        and engagement.status == EngagementStatus.PLANNING
        and (agreement is None or not agreement.is_accepted)
    )


def _may_accept(user: Any, engagement: Engagement, agreement: Agreement | None) -> bool:
    return (
        agreement is not None
        and not agreement.is_accepted
        and engagement.status == EngagementStatus.PLANNING
        and ENGAGEMENTS.allows("accept_agreement", user, engagement)
    )


def errors_onto_form(form, error: ValidationError) -> None:
    """A service's `ValidationError` shown on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for message in field_messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, public_id):
    """The agreement's terms, and (for the chief executive, before acceptance) the form that
    accepts them."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    agreement = _agreement_of(engagement)
    may_accept = _may_accept(request.user, engagement, agreement)
    form = AgreementAcceptForm(
        request.POST if request.method == "POST" else None,
        initial={"name": request.user.full_name, "title": request.user.title},
    )
    here = reverse("engagements:agreement", kwargs={"public_id": engagement.public_id})
    if request.method == "POST":
        if not may_accept:
            messages.error(
                request,
                _(
                    "Only the agency's chief executive may accept this agreement, once, "
                    "before work starts."
                ),
            )
            return redirect(here)
        if form.is_valid():
            try:
                agreement_accept(
                    actor=request.user,
                    agreement=agreement,
                    name=form.cleaned_data["name"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                errors_onto_form(form, error)
            except TransitionError as error:
                messages.error(request, str(error))
                return redirect(here)
            else:
                messages.success(request, _("You accepted the agreement. Thank you."))
                return redirect(here)
    return render(
        request,
        "engagements/agreement.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "form": form if may_accept else None,
            "may_prepare": _may_prepare(request.user, engagement, agreement),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def agreement_prepare_view(request: HttpRequest, public_id):
    """Program staff prepare the terms (or revise them before acceptance)."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    agreement = _agreement_of(engagement)
    here = reverse("engagements:agreement", kwargs={"public_id": engagement.public_id})
    if not _may_prepare(request.user, engagement, agreement):
        if agreement is not None and agreement.is_accepted:
            messages.error(request, _("The agreement is accepted: its terms can no longer change."))
        else:
            messages.error(
                request,
                _(
                    "The agreement is prepared by program staff while the engagement is "
                    "in planning."
                ),
            )
        return redirect(here)
    initial = {}
    if agreement is not None:
        initial = {"point_of_contact": agreement.point_of_contact_id, "terms": agreement.terms}
    form = AgreementPrepareForm(
        request.POST if request.method == "POST" else None, engagement=engagement, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement_prepare(
                actor=request.user,
                engagement=engagement,
                point_of_contact=form.cleaned_data["point_of_contact"],
                terms=form.cleaned_data["terms"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(here)
        else:
            messages.success(
                request,
                _("The agreement is ready. The agency's chief executive was told by email."),
            )
            return redirect(here)
    return render(
        request,
        "engagements/agreement_prepare.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "form": form,
            "no_agency": engagement.agency_id is None,
        },
        status=400 if request.method == "POST" else 200,
    )


def agreement_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The agreement's state on the engagement page, with the next step for this viewer."""
    if not relation.sees:
        return None
    agreement = _agreement_of(engagement)
    return {
        "agreement": agreement,
        "may_prepare": _may_prepare(request.user, engagement, agreement),
        "may_accept": _may_accept(request.user, engagement, agreement),
        "url": reverse("engagements:agreement", kwargs={"public_id": engagement.public_id}),
        "prepare_url": reverse(
            "engagements:agreement_prepare", kwargs={"public_id": engagement.public_id}
        ),
    }
