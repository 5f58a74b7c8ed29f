"""The workplan section (milestones, overdue ones marked) and its add / complete / reopen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..choices import ENDED_ENGAGEMENT_STATUSES
from ..forms.delivery import MilestoneCompleteForm, MilestoneForm, errors_onto_form
from ..models import Engagement, Milestone
from ..policy import ENGAGEMENTS, MILESTONES, Relation
from ..selectors import engagement_for_viewer
from ..services.workplan import milestone_add, milestone_complete, milestone_reopen


def workplan_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    if not relation.sees:
        return None
    today = timezone.localdate()
    milestones = list(
        MILESTONES.queryset(request.user)
        .filter(engagement=engagement)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    show_overdue = relation.staff or relation.working or bool(relation.team_roles)
    for milestone in milestones:
        milestone.overdue = (
            show_overdue and milestone.completed_on is None and milestone.due_on < today
        )
    can_work = (relation.staff or relation.working) and engagement.status not in (
        ENDED_ENGAGEMENT_STATUSES
    )
    return {
        "milestones": milestones,
        "overdue_count": sum(1 for m in milestones if m.overdue),
        "can_work": can_work,
    }


def _back(engagement: Engagement):
    return redirect(engagement.get_absolute_url() + "#workplan-heading")


def _working_engagement(request: HttpRequest, public_id) -> Engagement:
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not ENGAGEMENTS.allows("work", request.user, engagement):
        raise Http404("No such page.")
    return engagement


@require_http_methods(["GET", "POST"])
def milestone_add_view(request: HttpRequest, public_id):
    engagement = _working_engagement(request, public_id)
    form = MilestoneForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_add(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return _back(engagement)
        else:
            messages.success(request, _("The milestone is added to the workplan."))
            return _back(engagement)
    return render(
        request,
        "engagements/milestone_form.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )


def _milestone(request: HttpRequest, engagement: Engagement, pk: int) -> Milestone:
    found = MILESTONES.queryset(request.user).filter(engagement=engagement, pk=pk).first()
    if found is None:
        raise Http404("No such milestone.")
    found.engagement = engagement
    return found


@require_POST
def milestone_complete_view(request: HttpRequest, public_id, pk: int):
    engagement = _working_engagement(request, public_id)
    milestone = _milestone(request, engagement, pk)
    form = MilestoneCompleteForm(request.POST or {"completed_on": timezone.localdate()})
    if not request.POST.get("completed_on"):
        form = MilestoneCompleteForm({"completed_on": timezone.localdate().isoformat()})
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("completed_on", [])))
        return _back(engagement)
    try:
        milestone_complete(
            actor=request.user, milestone=milestone, completed_on=form.cleaned_data["completed_on"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("“%(title)s” is done.") % {"title": milestone.title})
    return _back(engagement)


@require_POST
def milestone_reopen_view(request: HttpRequest, public_id, pk: int):
    engagement = _working_engagement(request, public_id)
    milestone = _milestone(request, engagement, pk)
    try:
        milestone_reopen(actor=request.user, milestone=milestone)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": milestone.title})
    return _back(engagement)
