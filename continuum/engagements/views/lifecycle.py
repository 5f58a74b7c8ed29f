"""The engagement's status section (where it stands, what happens next, the buttons), the
confirm page of each lifecycle step (withdraw and terminate ask why) and the plan edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..choices import ENDED_ENGAGEMENT_STATUSES, EngagementStatus
from ..forms.delivery import NoteForm, PlanForm, ReasonForm, errors_onto_form
from ..models import Engagement
from ..policy import ENGAGEMENTS, Relation, relation_of
from ..selectors import engagement_for_viewer
from ..services.lifecycle import REASON_ACTIONS, engagement_plan_update, engagement_transition
from ..workflow import ENGAGEMENT_MACHINE

#: What happens next, in plain words, by status.
NEXT_STEPS = {
    EngagementStatus.PLANNING: gettext_lazy(
        "The team and the agency agree the plan. Work starts once the agency's chief executive "
        "accepts the agreement, a lead expert is on the team and the start date is set."
    ),
    EngagementStatus.ACTIVE: gettext_lazy(
        "The team delivers the assistance: activities, meetings and deliverables."
    ),
    EngagementStatus.REPORTING: gettext_lazy(
        "The team writes up the results; the agency checks the facts before the program "
        "approves them."
    ),
    EngagementStatus.MONITORING: gettext_lazy(
        "The program follows how the agency carries out the recommendations."
    ),
    EngagementStatus.CLOSED: gettext_lazy(
        "The engagement is complete. The agency is asked for a short evaluation."
    ),
    EngagementStatus.WITHDRAWN: gettext_lazy(
        "The agency withdrew. The assistance is voluntary: nothing of the record is lost, and "
        "the agency can ask for assistance again at any time."
    ),
    EngagementStatus.TERMINATED: gettext_lazy("The program ended the engagement."),
}

#: The actions each viewer may see as buttons (plus why "start" is not possible yet).
ACTIONS = ("start", "begin_reporting", "begin_monitoring", "close", "withdraw", "terminate")


def status_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """Where the engagement stands, what happens next and the steps the viewer may take."""
    available = ENGAGEMENT_MACHINE.available(request.user, engagement)
    # Withdraw and terminate are shown whenever permitted: their reason is asked on the next page.
    shown = {t.action: t for t in available}
    for t in ENGAGEMENT_MACHINE.actions_from(engagement.status):
        if (
            t.action in REASON_ACTIONS
            and t.action not in shown
            and t.permission(request.user, engagement)
        ):
            shown[t.action] = t
    start_blocked = None
    start = ENGAGEMENT_MACHINE.transition_for(engagement.status, "start")
    if start is not None and "start" not in shown and start.permission(request.user, engagement):
        start_blocked = start.guard(engagement)
    return {
        "status_label": engagement.get_status_display(),
        "next_step": NEXT_STEPS.get(engagement.status, ""),
        "actions": [shown[a] for a in ACTIONS if a in shown],
        "start_blocked": start_blocked,
        "end_reason": engagement.end_reason
        if engagement.status in ENDED_ENGAGEMENT_STATUSES
        else "",
        "can_plan": relation.staff
        and engagement.status not in ENDED_ENGAGEMENT_STATUSES
        and ENGAGEMENTS.allows("manage", request.user, engagement),
    }


def _back(engagement: Engagement):
    return redirect(engagement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def engagement_step(request: HttpRequest, public_id, action: str):
    """Confirm one lifecycle step; withdrawing and ending ask why."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if action not in ACTIONS:
        raise Http404("No such step.")
    transition = ENGAGEMENT_MACHINE.transition_for(engagement.status, action)
    if transition is None or not transition.permission(request.user, engagement):
        messages.error(request, _("This step is not open to you now."))
        return _back(engagement)
    needs_reason = action in REASON_ACTIONS
    form_class = ReasonForm if needs_reason else NoteForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement_transition(
                actor=request.user,
                engagement=engagement,
                action=action,
                note="" if needs_reason else data.get("note", ""),
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, str(error))
            return _back(engagement)
        else:
            messages.success(
                request,
                _("Done: the engagement is now %(status)s.")
                % {"status": engagement.get_status_display().lower()},
            )
            return _back(engagement)
    return render(
        request,
        "engagements/step_confirm.html",
        {
            "engagement": engagement,
            "transition": transition,
            "action": action,
            "form": form,
            "withdrawing": action == "withdraw",
            "blocked": transition.guard(engagement) if not needs_reason else None,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def engagement_plan(request: HttpRequest, public_id):
    """Program staff edit the scope statement and the dates."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not relation_of(request.user, engagement).staff:
        raise Http404("No such page.")
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        messages.error(request, _("This engagement has ended: its plan can no longer change."))
        return _back(engagement)
    form = PlanForm(
        request.POST or None,
        initial={
            "scope": engagement.scope,
            "starts_on": engagement.starts_on,
            "ends_on": engagement.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement_plan_update(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return _back(engagement)
        else:
            messages.success(request, _("The plan is saved."))
            return _back(engagement)
    return render(
        request,
        "engagements/plan_form.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )
