"""One recommendation's page (detail, statuses, measures, dependencies, blockers, the history of
its progress reports and verdicts) and its changes: edit, set a status, add a measure, add a
dependency, add or clear a blocker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.activity.models import Event
from continuum.engagements.events import event_label

from ..forms import (
    BlockerClearForm,
    BlockerForm,
    DependencyForm,
    MeasureForm,
    RecommendationEditForm,
    StatusForm,
    errors_onto_form,
)
from ..models import Recommendation, ScaleValue
from ..policy import DEPENDENCIES, EXTERNAL_BLOCKERS, MEASURES, can_edit_register, can_validate
from ..progress import reports_of
from ..selectors import (
    engagement_scales,
    recommendation_by_label,
    recommendation_for_viewer,
    statuses_of,
)
from ..services.register import (
    RECOMMENDATION_FIELDS,
    blocker_add,
    blocker_clear,
    dependency_add,
    measure_add,
    recommendation_status_set,
    recommendation_update,
)
from .common import edited_engagement, messages_of, viewed_engagement
from .implementation import may_report


def _page_data(request: HttpRequest, engagement, recommendation: Recommendation) -> dict:
    scales = engagement_scales(request.user, engagement)
    current = statuses_of(engagement, scales, [recommendation.pk]).get(recommendation.pk, {})
    can_edit = can_edit_register(request.user, engagement)
    validator = can_validate(request.user, engagement)
    history = (
        Event.objects.for_target(engagement)
        .for_audience(_audience(request, engagement))
        .filter(
            Q(verb__startswith="register_") | Q(verb__startswith="implementation_"),
            data__recommendation=recommendation.pk,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:50]
    )
    return {
        "engagement": engagement,
        "recommendation": recommendation,
        "statuses": [(scale, current.get(scale.pk)) for scale in scales],
        "status_forms": [StatusForm(scale=scale, allow_done=validator) for scale in scales]
        if can_edit
        else [],
        "progress_reports": reports_of(request.user, recommendation),
        "can_report": may_report(request.user, engagement),
        "measures": list(MEASURES.queryset(request.user).filter(recommendation=recommendation)),
        "waits_on": list(
            DEPENDENCIES.queryset(request.user)
            .filter(blocked=recommendation)
            .select_related("blocker__finding")
        ),
        "blocks": list(
            DEPENDENCIES.queryset(request.user)
            .filter(blocker=recommendation)
            .select_related("blocked__finding")
        ),
        "blockers": list(
            EXTERNAL_BLOCKERS.queryset(request.user).filter(recommendation=recommendation)
        ),
        "history": [(event, event_label(event.verb)) for event in history],
        "can_edit": can_edit,
        "measure_form": MeasureForm() if can_edit else None,
        "dependency_form": DependencyForm() if can_edit else None,
        "blocker_form": BlockerForm() if can_edit else None,
        "clear_form": BlockerClearForm(initial={"cleared_on": timezone.localdate()})
        if can_edit
        else None,
    }


def _audience(request, engagement):
    from continuum.engagements.policy import relation_of

    return relation_of(request.user, engagement).audience


@require_GET
def recommendation_view(request: HttpRequest, public_id, pk: int):
    engagement = viewed_engagement(request, public_id)
    recommendation = recommendation_for_viewer(request.user, engagement, pk)
    return render(
        request,
        "recommendations/recommendation.html",
        _page_data(request, engagement, recommendation),
    )


def _edited(request, public_id, pk):
    engagement = edited_engagement(request, public_id)
    return engagement, recommendation_for_viewer(request.user, engagement, pk)


def _back(recommendation: Recommendation, anchor: str = ""):
    return redirect(recommendation.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _rerender(request, engagement, recommendation, **forms):
    data = _page_data(request, engagement, recommendation)
    data.update(forms)
    return render(request, "recommendations/recommendation.html", data, status=400)


@require_http_methods(["GET", "POST"])
def recommendation_edit_view(request: HttpRequest, public_id, pk: int):
    engagement, recommendation = _edited(request, public_id, pk)
    initial = {name: getattr(recommendation, name) for name in RECOMMENDATION_FIELDS}
    initial["goals"] = list(recommendation.goals.values_list("pk", flat=True))
    initial["topics"] = list(recommendation.topics.values_list("pk", flat=True))
    form = RecommendationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_update(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return _back(recommendation)
        else:
            messages.success(request, _("The recommendation is saved."))
            return _back(recommendation)
    return render(
        request,
        "recommendations/form.html",
        {
            "engagement": engagement,
            "form": form,
            "title": _("Edit recommendation %(label)s") % {"label": recommendation.label},
            "button": _("Save the recommendation"),
            "back": recommendation.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def status_set_view(request: HttpRequest, public_id, pk: int):
    engagement, recommendation = _edited(request, public_id, pk)
    scales = engagement_scales(request.user, engagement)
    scale = next((s for s in scales if f"scale-{s.pk}-value" in request.POST), None)
    if scale is None:
        messages.error(request, _("Choose a status."))
        return _back(recommendation, "status-heading")
    form = StatusForm(request.POST, scale=scale, allow_done=can_validate(request.user, engagement))
    if not form.is_valid():
        validator = can_validate(request.user, engagement)
        forms = [
            form if s.pk == scale.pk else StatusForm(scale=s, allow_done=validator) for s in scales
        ]
        return _rerender(request, engagement, recommendation, status_forms=forms)
    value = ScaleValue.objects.select_related("scale").get(pk=form.cleaned_data["value"])
    try:
        recommendation_status_set(
            actor=request.user,
            recommendation=recommendation,
            value=value,
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(
            request,
            _("%(label)s is now “%(value)s” on the %(scale)s scale.")
            % {"label": recommendation.label, "value": value.label, "scale": scale.name},
        )
    return _back(recommendation, "status-heading")


@require_POST
def measure_add_view(request: HttpRequest, public_id, pk: int):
    engagement, recommendation = _edited(request, public_id, pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            measure_add(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return _back(recommendation)
        else:
            messages.success(request, _("The compliance measure is added."))
            return _back(recommendation, "measures-heading")
    return _rerender(request, engagement, recommendation, measure_form=form)


@require_POST
def dependency_add_view(request: HttpRequest, public_id, pk: int):
    engagement, recommendation = _edited(request, public_id, pk)
    form = DependencyForm(request.POST)
    if form.is_valid():
        blocker = recommendation_by_label(engagement, form.cleaned_data["blocker"])
        if blocker is None:
            form.add_error(
                "blocker",
                _("No recommendation %(label)s in this register.")
                % {"label": form.cleaned_data["blocker"]},
            )
        else:
            blocker.engagement = engagement
            try:
                dependency_add(actor=request.user, blocker=blocker, blocked=recommendation)
            except ValidationError as error:
                errors_onto_form(form, error)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return _back(recommendation)
            else:
                messages.success(
                    request,
                    _("%(b)s now waits on %(a)s.")
                    % {"a": blocker.label, "b": recommendation.label},
                )
                return _back(recommendation, "dependencies-heading")
    return _rerender(request, engagement, recommendation, dependency_form=form)


@require_POST
def blocker_add_view(request: HttpRequest, public_id, pk: int):
    engagement, recommendation = _edited(request, public_id, pk)
    form = BlockerForm(request.POST)
    if form.is_valid():
        try:
            blocker_add(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return _back(recommendation)
        else:
            messages.success(request, _("The outside party it waits on is recorded."))
            return _back(recommendation, "blockers-heading")
    return _rerender(request, engagement, recommendation, blocker_form=form)


@require_POST
def blocker_clear_view(request: HttpRequest, public_id, pk: int, blocker_id: int):
    engagement, recommendation = _edited(request, public_id, pk)
    blocker = (
        EXTERNAL_BLOCKERS.queryset(request.user)
        .filter(recommendation=recommendation, pk=blocker_id)
        .first()
    )
    if blocker is None:
        raise Http404("No such blocker.")
    form = BlockerClearForm(request.POST)
    if form.is_valid():
        try:
            blocker_clear(actor=request.user, blocker=blocker, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(request, _("The blocker is cleared."))
        return _back(recommendation, "blockers-heading")
    messages.error(request, " ".join(form.errors.get("cleared_on", [])))
    return _back(recommendation, "blockers-heading")
