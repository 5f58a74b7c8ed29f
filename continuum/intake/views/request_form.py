"""The request form: a public entry, one topic per step, each step saved to the draft.

Thin views: find the draft (404 unless it belongs to this session or account), bind the step's
form, call one service, redirect or re-render with the typed data and the errors. The steps
themselves are declared in `continuum.intake.steps`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from continuum.accounts.roles import pending_agency_membership_of
from continuum.accounts.selectors import email_is_verified
from continuum.agencies.models import Agency
from continuum.core.workflow import TransitionError, TransitionNotAllowed

from .. import steps
from ..choices import RequestStatus
from ..forms.base import errors_onto_form
from ..forms.request import STEP_FORMS, AgencySearchForm, AgencyStepForm, step_is_complete
from ..forms.request import step_initial as form_initial
from ..models import AssistanceRequest
from ..permissions import can_edit_draft, can_view_request
from ..selectors import request_for_viewer
from ..services.drafts import (
    draft_claim,
    draft_create,
    draft_in_session,
    draft_save_step,
    requester_account_create,
    session_draft_ids,
)
from ..services.submission import request_missing_answers, request_submit


def _step_url(draft: AssistanceRequest, step: str) -> str:
    if step == "review":
        return reverse("intake:request_review", kwargs={"public_id": draft.public_id})
    return reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": step})


def _owned_request(request, public_id) -> AssistanceRequest:
    """The request if it is this person's draft (session or account), or a request they may
    see; Http404 otherwise, never a hint that it exists."""
    found = (
        AssistanceRequest.objects.select_related("agency__state", "unlisted_state")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    if found.status == RequestStatus.DRAFT:
        if draft_in_session(session=request.session, assistance_request=found):
            return found
        if (
            request.user.is_authenticated
            and found.requester_id
            and can_edit_draft(request.user, found)
        ):
            return found
        raise Http404("No such request.")
    if can_view_request(request.user, found):
        return found
    raise Http404("No such request.")


def _already_sent(request, draft: AssistanceRequest) -> HttpResponseRedirect:
    messages.info(
        request,
        _(
            "This request was sent already, so it can no longer be changed here. Its tracking "
            "number is %(number)s."
        )
        % {"number": draft.tracking_number},
    )
    return redirect("intake:request_detail", public_id=draft.public_id)


def _drafts_of(request):
    """This person's drafts: their account's, and those started in this browser session."""
    mine = Q(public_id__in=session_draft_ids(request.session), requester__isnull=True)
    if request.user.is_authenticated:
        mine |= Q(requester=request.user)
    return (
        AssistanceRequest.objects.filter(mine, status=RequestStatus.DRAFT)
        .select_related("agency__state")
        .order_by("-updated_at")
    )


# --- start and resume ---------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def request_start(request):
    """What the form asks and what happens next; "Start a request" creates a draft (POST)."""
    if request.method == "POST":
        draft = draft_create(actor=request.user, session=request.session)
        return redirect(_step_url(draft, "agency"))
    return render(request, "intake/request/start.html", {"drafts": list(_drafts_of(request)[:10])})


@login_not_required
@require_GET
def request_resume(request, public_id):
    """Continue a draft at its first unfinished step (or the review when all are done)."""
    draft = _owned_request(request, public_id)
    if draft.status != RequestStatus.DRAFT:
        return redirect("intake:request_detail", public_id=draft.public_id)
    for step in steps.STEPS:
        if not step_is_complete(draft, step):
            return redirect(_step_url(draft, step))
    return redirect(_step_url(draft, "review"))


# --- the steps --------------------------------------------------------------------------------


def _agency_step_context(draft, form: AgencyStepForm, source) -> dict:
    search = AgencySearchForm(source)
    agencies, status = search.results()
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    chosen_id = form["agency"].value() if form.is_bound else draft.agency_id
    chosen = None
    if chosen_id and str(chosen_id).isdigit():
        chosen = Agency.objects.select_related("state").filter(pk=int(chosen_id)).first()
    if chosen is not None and chosen.pk not in {a.pk for a in agencies}:
        agencies.insert(0, chosen)
    form.set_agency_choices(agencies)
    return {"search_form": search, "search_query": query, "search_status": status}


@login_not_required
@require_GET
def agency_search(request):
    """htmx fragment: the agency radio buttons for a directory search."""
    agencies, status = AgencySearchForm(request.GET).results()
    form = AgencyStepForm()
    form.set_agency_choices(agencies)
    return render(
        request,
        "intake/request/_agency_results.html",
        {"form": form, "search_status": status, "oob": True},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def request_step(request, public_id, step: str):
    if step not in steps.STEPS:
        raise Http404("No such step.")
    draft = _owned_request(request, public_id)
    if draft.status != RequestStatus.DRAFT:
        return _already_sent(request, draft)
    if step == "incident" and not draft.has_critical_incident:
        return redirect(_step_url(draft, "needs"))

    extra = {"with_account": not request.user.is_authenticated} if step == "you" else {}
    finishing_later = request.POST.get("action") == "later"
    if request.method == "POST":
        form = STEP_FORMS[step](request.POST, partial=finishing_later, **extra)
        if form.is_valid():
            response = _save_step(request, draft, step, form, finishing_later)
            if response is not None:
                return response
    else:
        form = STEP_FORMS[step](initial=form_initial(draft, step), **extra)

    previous = steps.previous_step(step, draft.has_critical_incident)
    context = {
        "draft": draft,
        "step": step,
        "step_title": steps.step_title(step),
        "form": form,
        "indicator": steps.indicator(step, draft.has_critical_incident),
        "previous_url": _step_url(draft, previous) if previous else None,
    }
    if step == "agency":
        context.update(_agency_step_context(draft, form, request.POST or request.GET))
    return render(request, f"intake/request/step_{step}.html", context)


def _save_step(request, draft, step: str, form, finishing_later: bool):
    """Save the step through the services; None when the form got errors to show instead."""
    try:
        if step == "you" and form.with_account and not finishing_later:
            email = form.cleaned_data["requester_email"]
            requester_account_create(
                assistance_request=draft,
                cleaned_data=form.cleaned_data,
                password=form.cleaned_data["password1"],
            )
            # The same words whether or not the address already had an account.
            messages.success(
                request,
                _(
                    "Thank you. We emailed %(email)s: open the email to confirm the address. "
                    "Go on with the form; you sign in with this address before you send the "
                    "request."
                )
                % {"email": email},
            )
        else:
            draft = draft_save_step(
                actor=request.user,
                assistance_request=draft,
                step=step,
                cleaned_data=form.cleaned_data,
            )
    except ValidationError as error:
        errors_onto_form(form, error)
        return None
    except TransitionNotAllowed:
        draft.refresh_from_db()
        return _already_sent(request, draft)
    except TransitionError as error:
        form.add_error(None, str(error))
        return None

    if finishing_later:
        if request.user.is_authenticated:
            messages.success(
                request,
                _("Your draft is saved. Find it under “My requests” whenever you want to go on."),
            )
            return redirect("intake:my_requests")
        messages.success(
            request,
            _(
                "Your draft is saved in this browser. Come back to this page to go on; create an "
                "account at step 2 to keep it for good."
            ),
        )
        return redirect("intake:request_start")
    draft.refresh_from_db(fields=["has_critical_incident"])
    return redirect(_step_url(draft, steps.next_step(step, draft.has_critical_incident)))


# --- review and submission ----------------------------------------------------------------------


def _review_sections(draft: AssistanceRequest) -> list[dict]:
    return [
        {
            "slug": slug,
            "title": steps.step_title(slug),
            "url": _step_url(draft, slug),
            "complete": step_is_complete(draft, slug),
        }
        for slug in steps.steps_for(draft.has_critical_incident)
        if slug != "review"
    ]


def _send(request, draft: AssistanceRequest) -> tuple[HttpResponseRedirect | None, list[str]]:
    """Send the draft: (where to go, None to stay) and the problems to show."""
    missing = request_missing_answers(draft)
    if missing:
        return None, list(missing.values())
    if not request.user.is_authenticated:
        messages.info(
            request,
            _(
                "Sign in to send the request: use the email address and password you gave at "
                "step 2. Your answers are kept."
            ),
        )
        return redirect_to_login(_step_url(draft, "review")), []
    try:
        draft = draft_claim(actor=request.user, assistance_request=draft)
        request_submit(actor=request.user, assistance_request=draft)
    except ValidationError as error:
        return None, error.messages
    except TransitionNotAllowed as error:
        draft.refresh_from_db()
        if draft.status != RequestStatus.DRAFT and draft.tracking_number:
            messages.warning(
                request,
                _(
                    "This request was sent already (perhaps from another window), so it was not "
                    "sent again. Its tracking number is %(number)s."
                )
                % {"number": draft.tracking_number},
            )
            return redirect("intake:request_submitted", public_id=draft.public_id), []
        return None, [str(error)]
    except TransitionError as error:
        return None, [str(error)]
    return redirect("intake:request_submitted", public_id=draft.public_id), []


@login_not_required
@require_http_methods(["GET", "POST"])
def request_review(request, public_id):
    draft = _owned_request(request, public_id)
    if draft.status != RequestStatus.DRAFT:
        messages.info(
            request,
            _("This request was sent already. Its tracking number is %(number)s.")
            % {"number": draft.tracking_number},
        )
        return redirect("intake:request_submitted", public_id=draft.public_id)

    problems: list[str] = []
    if request.method == "POST":
        response, problems = _send(request, draft)
        if response is not None:
            return response

    sections = _review_sections(draft)
    previous = steps.previous_step("review", draft.has_critical_incident)
    return render(
        request,
        "intake/request/review.html",
        {
            "draft": draft,
            "sections": sections,
            "incomplete": [s for s in sections if not s["complete"]],
            "problems": problems,
            "indicator": steps.indicator("review", draft.has_critical_incident),
            "previous_url": _step_url(draft, previous),
            "services": list(draft.services.select_related("program")),
            "topics": list(draft.topics.all()),
            "goals": list(draft.goals.all()),
        },
        status=400 if problems else 200,
    )


@require_GET
def request_submitted(request, public_id):
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    if assistance_request.status == RequestStatus.DRAFT:
        return redirect(_step_url(assistance_request, "review"))
    return render(
        request,
        "intake/request/submitted.html",
        {
            "assistance_request": assistance_request,
            "email_verified": email_is_verified(request.user),
            "pending_membership": pending_agency_membership_of(request.user),
        },
    )
