"""The agency's evaluation: the public page of the emailed link (the token is the key), the
signed-in agency member's page, and the section staff (and the agency) see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..choices import EngagementStatus
from ..forms.delivery import EvaluationForm, errors_onto_form
from ..models import Engagement, Evaluation
from ..policy import EVALUATIONS, Relation, relation_of
from ..selectors import engagement_for_viewer
from ..services.evaluation import evaluation_answer, evaluation_for_token


def evaluation_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    if not (relation.staff or relation.agency):
        return None
    evaluation = EVALUATIONS.queryset(request.user).filter(engagement=engagement).first()
    if evaluation is None:
        return None
    return {
        "evaluation": evaluation,
        "can_answer": relation.agency and evaluation.completed_at is None,
    }


def _answer(request: HttpRequest, evaluation: Evaluation, *, by_link: bool, template: str):
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_answer(
                actor=request.user, evaluation=evaluation, by_link=by_link, **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            return None
    return render(
        request,
        template,
        {"evaluation": evaluation, "engagement": evaluation.engagement, "form": form},
        status=400 if form.errors else 200,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def evaluation_by_link(request: HttpRequest, token: str):
    """The emailed link: no sign-in; a wrong or used token is a plain 404."""
    evaluation = evaluation_for_token(token)
    if evaluation is None:
        raise Http404("No such evaluation.")
    response = _answer(
        request, evaluation, by_link=True, template="engagements/evaluation_public.html"
    )
    if response is None:
        return render(request, "engagements/evaluation_thanks.html", {})
    return response


@require_http_methods(["GET", "POST"])
def evaluation_signed_in(request: HttpRequest, public_id):
    """A signed-in member of the agency answers from the engagement's page."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not relation_of(request.user, engagement).agency:
        raise Http404("No such evaluation.")
    evaluation = EVALUATIONS.queryset(request.user).filter(engagement=engagement).first()
    if evaluation is None or engagement.status != EngagementStatus.CLOSED:
        raise Http404("No such evaluation.")
    if evaluation.completed_at is not None:
        messages.info(request, _("This evaluation has already been answered. Thank you."))
        return redirect(engagement.get_absolute_url())
    try:
        response = _answer(
            request, evaluation, by_link=False, template="engagements/evaluation_form.html"
        )
    except PermissionDenied as exc:
        raise Http404("No such evaluation.") from exc
    if response is None:
        messages.success(request, _("Thank you: your evaluation is recorded."))
        return redirect(engagement.get_absolute_url() + "#evaluation-heading")
    return response
