"""The deliverables section (each with its review step buttons), the add form, the confirm page
of a review step (with its note) and the documents section of the engagement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.activity.models import Event
from continuum.core.workflow import TransitionError

from ..attachments import deliverable_for_viewer
from ..choices import ENDED_ENGAGEMENT_STATUSES, DeliverableStatus
from ..events import event_label
from ..forms.delivery import DeliverableForm, NoteForm, errors_onto_form
from ..models import Deliverable, Engagement
from ..policy import DELIVERABLES, ENGAGEMENTS, Relation
from ..selectors import engagement_for_viewer
from ..services.deliverables import NOTE_REQUIRED, deliverable_add, deliverable_transition
from ..workflow import DELIVERABLE_MACHINE


def deliverables_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    if not relation.sees:
        return None
    deliverables = list(
        DELIVERABLES.queryset(request.user)
        .filter(engagement=engagement)
        .select_related("owner", "engagement")
        .order_by("due_on", "pk")
    )
    ended = engagement.status in ENDED_ENGAGEMENT_STATUSES
    # The review permissions depend on the viewer's relation to the engagement, not on the row:
    # ask each once per page (flat query count however many deliverables).
    allowed: dict[Any, bool] = {}
    for deliverable in deliverables:
        deliverable.engagement = engagement
        steps = []
        for t in [] if ended else DELIVERABLE_MACHINE.actions_from(deliverable.status):
            if t.permission not in allowed:
                allowed[t.permission] = bool(t.permission(request.user, deliverable))
            if allowed[t.permission]:
                steps.append(t)
        deliverable.steps = steps
        deliverable.can_attach = not ended and _may_attach(relation, deliverable.status)
    _attach_history(deliverables, relation)
    if not deliverables and not (relation.staff or relation.working):
        return None
    return {
        "deliverables": deliverables,
        "can_add": (relation.staff or relation.working) and not ended,
    }


def _may_attach(relation: Relation, status: str) -> bool:
    """`attachments.can_attach_to_deliverable` for a viewer whose relation is known (no query)."""
    if status in (DeliverableStatus.FINAL, DeliverableStatus.PUBLISHED):
        return relation.staff
    if relation.staff or relation.working:
        return True
    return relation.agency and status == DeliverableStatus.AGENCY_FACT_CHECK


def _attach_history(deliverables: list, relation: Relation) -> None:
    """Each deliverable's review steps with their notes, as the viewer's audience may see them
    (one query for the page)."""
    if not deliverables:
        return
    content_type = ContentType.objects.get_for_model(Deliverable)
    events = (
        Event.objects.filter(
            target_type=content_type, target_id__in=[str(d.pk) for d in deliverables]
        )
        .for_audience(relation.audience)
        .order_by("created_at", "pk")
    )
    by_target: dict[str, list] = {}
    for event in events:
        by_target.setdefault(event.target_id, []).append((event, event_label(event.verb)))
    for deliverable in deliverables:
        deliverable.history = by_target.get(str(deliverable.pk), [])


def documents_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The engagement's files and its deliverables' ones, as far as the viewer may see them
    (`{% attachments %}` asks the documents' policy)."""
    if not relation.sees:
        return None
    return {"engagement": engagement}


@require_http_methods(["GET", "POST"])
def deliverable_add_view(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not ENGAGEMENTS.allows("work", request.user, engagement):
        raise Http404("No such page.")
    form = DeliverableForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            deliverable_add(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(engagement.get_absolute_url())
        else:
            messages.success(
                request, _("The deliverable is added. Attach its draft to send it for review.")
            )
            return redirect(engagement.get_absolute_url() + "#deliverables-heading")
    return render(
        request,
        "engagements/deliverable_form.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def deliverable_step_view(request: HttpRequest, public_id, action: str):
    """Confirm one review step of a deliverable, with a note (required to return it)."""
    deliverable = deliverable_for_viewer(viewer=request.user, public_id=public_id)
    engagement = deliverable.engagement
    back = redirect(engagement.get_absolute_url() + "#deliverables-heading")
    transition = DELIVERABLE_MACHINE.transition_for(deliverable.status, action)
    if transition is None or not transition.permission(request.user, deliverable):
        messages.error(request, _("This step is not open to you now."))
        return back
    form = NoteForm(request.POST or None)
    if action in NOTE_REQUIRED:
        form.fields["note"].required = True
        form.fields["note"].label = _("What needs to change")
        form.fields["note"].error_messages["required"] = _("Say what needs to change.")
    if request.method == "POST" and form.is_valid():
        try:
            deliverable_transition(
                actor=request.user,
                deliverable=deliverable,
                action=action,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, str(error))
            return back
        else:
            messages.success(
                request,
                _("“%(title)s” is now at the step: %(status)s.")
                % {"title": deliverable.title, "status": deliverable.get_status_display().lower()},
            )
            return back
    return render(
        request,
        "engagements/deliverable_step.html",
        {
            "engagement": engagement,
            "deliverable": deliverable,
            "transition": transition,
            "form": form,
            "blocked": transition.guard(deliverable),
        },
        status=400 if form.errors else 200,
    )
