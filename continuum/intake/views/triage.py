"""The staff request page with its actions (the queue is in `queue.py`).

The access map lets only program staff and administrators reach these URLs (404 for everyone
else); each view checks again per object through the selectors and permissions. Views are
thin: parse a form, call one service, show its message. A refused action or bad input is shown
on the page, never as an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from continuum.core.workflow import TransitionError

from .. import permissions, sla
from ..choices import OPEN_STATUSES, RequestStatus
from ..forms.agency_side import ChiefLinkForm
from ..forms.triage import (
    AcceptForm,
    AssignForm,
    DeclineForm,
    InformationRequestForm,
    MessageForm,
    NoteForm,
    ReferForm,
    StartReviewForm,
)
from ..models import AssistanceRequest
from ..selectors import (
    messages_for_viewer,
    possible_duplicates,
    related_work,
    request_for_viewer,
    timeline_for_viewer,
)
from ..services.chief import can_manage_chief_link, chief_link_message, chief_link_update
from ..services.triage import (
    request_accept,
    request_assign,
    request_decline,
    request_information_ask,
    request_message_send,
    request_note_add,
    request_refer,
    request_review_start,
)
from ..workflow import REQUEST_MACHINE
from .triage_decisions import CONFIRM, DECISIONS, GO_BACK, confirm_summary, decision_summary

# --- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One form on the staff request page, the service it calls, and when it is offered."""

    slug: str
    form_class: type
    allowed: Callable[[Any, AssistanceRequest], bool]
    perform: Callable[[Any, AssistanceRequest, dict], Any]
    success: Callable[[AssistanceRequest, dict, Any], str]


def _workflow(action: str) -> Callable[[Any, AssistanceRequest], bool]:
    def allowed(user, ar) -> bool:
        return any(t.action == action for t in REQUEST_MACHINE.available(user, ar))

    return allowed


def _assign_allowed(user, ar) -> bool:
    """Reviewers change while the request is open; a decided request keeps its reviewer."""
    return ar.status in OPEN_STATUSES and permissions.can_assign_request(user, ar)


def _assign_success(ar, data, changed) -> str:
    reviewer = data["reviewer"]
    if not changed:
        return _("Nothing changed: that was already the reviewer.")
    if reviewer is None:
        return _("The reviewer is removed.")
    return _("%(name)s is now the reviewer.") % {"name": reviewer.full_name or reviewer.email}


ACTIONS: dict[str, Action] = {
    action.slug: action
    for action in [
        Action(
            "assign",
            AssignForm,
            lambda user, ar: (
                ar.status in OPEN_STATUSES and permissions.can_assign_request(user, ar)
            ),
            lambda user, ar, data: request_assign(
                actor=user, assistance_requests=[ar], reviewer=data["reviewer"]
            ),
            _assign_success,
        ),
        Action(
            "note",
            NoteForm,
            permissions.can_note_request,
            lambda user, ar, data: request_note_add(
                actor=user, assistance_request=ar, note=data["note"]
            ),
            lambda ar, data, result: _("Your internal note is saved. The agency does not see it."),
        ),
        Action(
            "message",
            MessageForm,
            permissions.can_message_request,
            lambda user, ar, data: request_message_send(
                actor=user,
                assistance_request=ar,
                body=data["body"],
                attachment=data.get("attachment_upload"),
            ),
            lambda ar, data, result: _("Your message is sent to the requester."),
        ),
        Action(
            "start-review",
            StartReviewForm,
            _workflow("start_review"),
            lambda user, ar, data: request_review_start(actor=user, assistance_request=ar),
            lambda ar, data, result: _("The review has started."),
        ),
        Action(
            "request-information",
            InformationRequestForm,
            _workflow("ask_information"),
            lambda user, ar, data: request_information_ask(
                actor=user, assistance_request=ar, question=data["question"]
            ),
            lambda ar, data, result: (
                "Your question is sent to the agency. The first-response clock is paused "
                "until they answer."
            ),
        ),
        Action(
            "chief-link",
            ChiefLinkForm,
            can_manage_chief_link,
            lambda user, ar, data: chief_link_update(
                actor=user,
                assistance_request=ar,
                chief_email=data["chief_email"],
                chief_name=data["chief_name"],
            ),
            lambda ar, data, outcome: chief_link_message(outcome, ar),
        ),
        Action(
            "accept",
            AcceptForm,
            _workflow("accept"),
            lambda user, ar, data: request_accept(
                actor=user,
                assistance_request=ar,
                program=data["program"],
                services=data["services"],
                note=data["note"],
            ),
            lambda ar, data, result: (
                _(
                    "The request is accepted into %(program)s. "
                    "The engagement is created and the agency is told by email."
                )
                % {"program": data["program"]}
            ),
        ),
        Action(
            "decline",
            DeclineForm,
            _workflow("decline"),
            lambda user, ar, data: request_decline(
                actor=user, assistance_request=ar, reason=data["reason"], note=data["note"]
            ),
            lambda ar, data, result: _("The request is declined. The agency is told by email."),
        ),
        Action(
            "refer",
            ReferForm,
            _workflow("refer"),
            lambda user, ar, data: request_refer(
                actor=user, assistance_request=ar, target=data["target"], note=data["note"]
            ),
            lambda ar, data, result: _("The request is referred. The agency is told by email."),
        ),
    ]
}


def _initial(slug: str, ar: AssistanceRequest) -> dict:
    if slug == "assign":
        return {"reviewer": ar.reviewer_id}
    if slug == "chief-link":
        return {"chief_email": ar.chief_email, "chief_name": ar.chief_name}
    if slug == "accept":
        return {
            "program": ar.recommended_program_id,
            "services": [str(s.pk) for s in ar.recommended_services.all()],
        }
    return {}


def _render_detail(request, ar, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    # Keyed with underscores so the template can say `forms.start_review`.
    forms = {
        slug.replace("-", "_"): bound.get(slug)
        or action.form_class(prefix=slug, initial=_initial(slug, ar))
        for slug, action in ACTIONS.items()
        if action.allowed(request.user, ar)
    }
    now = timezone.now()
    context = {
        "ar": ar,
        "forms": forms,
        "decision": decision_summary(ar),
        "urgent": sla.is_urgent(ar),
        "timeline": timeline_for_viewer(viewer=request.user, ar=ar),
        "conversation": messages_for_viewer(viewer=request.user, ar=ar),
        "related": related_work(ar),
        "follow_on_of": _follow_on_of(ar),
        "duplicates": list(possible_duplicates(ar)[:25]),
        "age": sla.request_age_business_days(ar, now),
        "overdue": sla.is_overdue(ar, now),
        "target_days": sla.first_response_target(ar),
    }
    return render(request, "intake/triage/detail.html", context, status=status)


def _follow_on_of(ar):
    """The engagement this request is a follow-on of (issue 9 §9), or None: one query."""
    from continuum.engagements.models import FollowOn

    return (
        FollowOn.objects.filter(assistance_request=ar)
        .select_related("engagement__program", "engagement__assistance_request")
        .first()
    )


def _render_confirm(request, ar, spec: Action, form):
    """The second step of a decision: its summary, "Confirm" and "Go back"; nothing saved."""
    context = {
        "ar": ar,
        "slug": spec.slug,
        "form": form,
        "summary": confirm_summary(spec.slug, ar, form.cleaned_data),
        "confirm": CONFIRM,
        "go_back": GO_BACK,
    }
    return render(request, "intake/triage/confirm.html", context)


def _submitted_request(request, public_id) -> AssistanceRequest:
    """A submitted request the viewer may triage; 404 for anything else (drafts included)."""
    ar = request_for_viewer(viewer=request.user, public_id=public_id)
    if ar.status == RequestStatus.DRAFT or not permissions.can_triage(request.user):
        raise Http404("No such request.")
    return ar


@require_GET
def triage_detail(request, public_id):
    return _render_detail(request, _submitted_request(request, public_id))


def _errors_onto_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for message in messages_:
                form.add_error(None if target == NON_FIELD_ERRORS else target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_POST
def triage_action(request, public_id, action):
    """One action of the staff request page; each form posts here with its own slug."""
    ar = _submitted_request(request, public_id)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action.")
    detail = reverse("intake:triage_detail", kwargs={"public_id": ar.public_id})
    if not spec.allowed(request.user, ar):
        messages.error(
            request,
            _("This can't be done now: the request is %(status)s.")
            % {"status": ar.get_status_display().lower()},
        )
        return redirect(detail)
    form = spec.form_class(
        request.POST, request.FILES, prefix=spec.slug, initial=_initial(spec.slug, ar)
    )
    step = request.POST.get("step", "")
    if spec.slug in DECISIONS and step == GO_BACK:
        # Back from the confirm step: the form again, as it was filled in.
        return _render_detail(request, ar, bound={spec.slug: form})
    if spec.slug in DECISIONS and step != CONFIRM and form.is_valid():
        return _render_confirm(request, ar, spec, form)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if hasattr(form, "attachment_upload"):  # documents (issue 7)
            data["attachment_upload"] = form.attachment_upload()
        try:
            result = spec.perform(request.user, ar, data)
        except ValidationError as error:
            _errors_onto_form(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(detail)
        else:
            messages.success(request, spec.success(ar, form.cleaned_data, result))
            return redirect(detail)
    fresh = request_for_viewer(viewer=request.user, public_id=ar.public_id)
    return _render_detail(request, fresh, bound={spec.slug: form}, status=422)
