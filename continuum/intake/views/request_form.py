"""The request form: a public entry, one topic per step, each step saved to the draft.

Thin views: find the draft (404 unless it belongs to this session or account), bind the step's
form, call one service, redirect or re-render with the typed data and the errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.agencies.models import Agency
from continuum.agencies.selectors import agency_search as directory_search
from continuum.core.workflow import TransitionError, TransitionNotAllowed

from ..choices import RequestStatus
from ..forms_request import STEP_FORMS, AgencySearchForm, AgencyStepForm, step_is_complete
from ..forms_request import step_initial as form_initial
from ..models import AssistanceRequest
from ..permissions import can_edit_draft, can_view_request
from ..selectors import request_for_viewer
from ..services.drafts import (
    STEPS,
    chief_confirm_request,
    draft_create,
    draft_in_session,
    draft_save_step,
    email_is_verified,
    requester_account_create,
    requester_email_verify,
    requester_verification_send,
    session_draft_ids,
)
from ..services.drafts import chief_confirm as chief_confirm_service
from ..services.submission import request_submit

#: Every step of the indicator, the review included: (slug, title).
STEP_TITLES: list[tuple[str, str]] = [
    ("agency", "Your agency"),
    ("you", "About you"),
    ("authorization", "Authorization"),
    ("needs", "What you need"),
    ("incident", "Critical incident"),
    ("review", "Review and send"),
]
_TITLE = dict(STEP_TITLES)
AGENCY_RESULTS_LIMIT = 20
_ORI_LIKE = re.compile(r"^[A-Za-z]{2}[A-Za-z0-9]{5}(?:[A-Za-z0-9]{2})?$")


@dataclass(frozen=True)
class IndicatorStep:
    slug: str
    title: str
    number: int
    state: str  # "complete", "current" or "" (not yet)
    skipped: bool


def _indicator(current: str, draft: AssistanceRequest) -> dict:
    index = [slug for slug, _ in STEP_TITLES].index(current)
    steps = [
        IndicatorStep(
            slug=slug,
            title=title,
            number=number,
            state="current" if number - 1 == index else ("complete" if number - 1 < index else ""),
            skipped=slug == "incident" and not draft.has_critical_incident,
        )
        for number, (slug, title) in enumerate(STEP_TITLES, start=1)
    ]
    return {"steps": steps, "current": steps[index], "total": len(steps)}


def _step_url(draft: AssistanceRequest, step: str) -> str:
    if step == "review":
        return reverse("intake:request_review", kwargs={"public_id": draft.public_id})
    return reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": step})


def _next_step(draft: AssistanceRequest, step: str) -> str:
    if step == "needs":
        return "incident" if draft.has_critical_incident else "review"
    return STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else "review"


def _previous_step(draft: AssistanceRequest, step: str) -> str | None:
    if step == "review":
        return "incident" if draft.has_critical_incident else "needs"
    position = STEPS.index(step)
    return STEPS[position - 1] if position else None


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
        f"This request was sent already, so it can no longer be changed here. Its tracking "
        f"number is {draft.tracking_number}.",
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
    for step in STEPS:
        if not step_is_complete(draft, step):
            return redirect(_step_url(draft, step))
    return redirect(_step_url(draft, "review"))


# --- the steps --------------------------------------------------------------------------------


def _agency_results(query: str, state) -> tuple[list[Agency], int, str]:
    """Up to AGENCY_RESULTS_LIMIT matches, how many there are, and a sentence to announce."""
    query = (query or "").strip()
    if len(query) < 2 and state is None:
        return [], 0, ""
    matches = directory_search(query=query, state=state)
    count = matches.count()
    agencies = list(matches.select_related("state")[:AGENCY_RESULTS_LIMIT])
    where = f" in {state.name}" if state is not None else ""
    if count == 0:
        if _ORI_LIKE.match(query):
            status = (
                f"No agency in the directory has the ORI “{query.upper()}”{where}. Check the "
                "code, search by name, or tick “My agency is not listed”."
            )
        else:
            status = (
                f"No agency matches “{query}”{where}. Check the spelling, try the city, or tick "
                "“My agency is not listed”."
            )
    elif count > len(agencies):
        status = (
            f"{count:,} agencies match. The first {len(agencies)} are shown: add the city or "
            "choose a state to narrow the list."
        )
    else:
        status = f"{count} {'agency matches' if count == 1 else 'agencies match'}."
    return agencies, count, status


def _agency_step_context(request, draft, form: AgencyStepForm, source) -> dict:
    search = AgencySearchForm(source)
    query, state = "", None
    if search.is_valid():
        query = search.cleaned_data["q"]
        state = search.cleaned_data["state"]
    agencies, _count, status = _agency_results(query, state)
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
    search = AgencySearchForm(request.GET)
    agencies, status = [], ""
    if search.is_valid():
        agencies, _count, status = _agency_results(
            search.cleaned_data["q"], search.cleaned_data["state"]
        )
    else:
        status = " ".join(e for errors in search.errors.values() for e in errors)
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
    if step not in STEPS:
        raise Http404("No such step.")
    draft = _owned_request(request, public_id)
    if draft.status != RequestStatus.DRAFT:
        return _already_sent(request, draft)
    if step == "incident" and not draft.has_critical_incident:
        return redirect(_step_url(draft, "needs"))

    form_class = STEP_FORMS[step]
    extra = {}
    if step == "you":
        extra["with_account"] = not request.user.is_authenticated
    finishing_later = request.POST.get("action") == "later"

    if request.method == "POST":
        form = form_class(request.POST, partial=finishing_later, **extra)
        if form.is_valid():
            response = _save_step(request, draft, step, form, finishing_later)
            if response is not None:
                return response
    else:
        form = form_class(initial=form_initial(draft, step), **extra)

    context = {
        "draft": draft,
        "step": step,
        "step_title": _TITLE[step],
        "form": form,
        "indicator": _indicator(step, draft),
        "previous_url": (
            _step_url(draft, previous) if (previous := _previous_step(draft, step)) else None
        ),
    }
    if step == "agency":
        context.update(_agency_step_context(request, draft, form, request.POST or request.GET))
    return render(request, f"intake/request/step_{step}.html", context)


def _save_step(request, draft, step: str, form, finishing_later: bool):
    """Save the step through the services; None when the form got errors to show instead."""
    try:
        if step == "you" and form.with_account and not finishing_later:
            user = requester_account_create(
                assistance_request=draft,
                cleaned_data=form.cleaned_data,
                password=form.cleaned_data["password1"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Your account is created and you are signed in. We emailed {user.email} a "
                "link to confirm the address.",
            )
        else:
            draft = draft_save_step(
                actor=request.user,
                assistance_request=draft,
                step=step,
                cleaned_data=form.cleaned_data,
            )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error.messages)
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
                "Your draft is saved. Find it under “My requests” whenever you want to go on.",
            )
            return redirect("intake:my_requests")
        messages.success(
            request,
            "Your draft is saved in this browser. Come back to this page to go on; create an "
            "account at step 2 to keep it for good.",
        )
        return redirect("intake:request_start")
    draft.refresh_from_db(fields=["has_critical_incident"])
    return redirect(_step_url(draft, _next_step(draft, step)))


# --- review and submission ----------------------------------------------------------------------


def _review_sections(draft: AssistanceRequest) -> list[dict]:
    return [
        {
            "slug": slug,
            "title": _TITLE[slug],
            "url": _step_url(draft, slug),
            "complete": step_is_complete(draft, slug),
        }
        for slug in STEPS
        if slug != "incident" or draft.has_critical_incident
    ]


@login_not_required
@require_http_methods(["GET", "POST"])
def request_review(request, public_id):
    draft = _owned_request(request, public_id)
    if draft.status != RequestStatus.DRAFT:
        messages.info(
            request,
            f"This request was sent already. Its tracking number is {draft.tracking_number}.",
        )
        return redirect("intake:request_submitted", public_id=draft.public_id)

    problems: list[str] = []
    if request.method == "POST":
        if not request.user.is_authenticated:
            messages.error(
                request,
                "Create your account (or sign in) at step 2 before you send the request, so you "
                "can follow it.",
            )
            return redirect(_step_url(draft, "you"))
        if draft.requester_id is None:
            messages.error(
                request,
                "Check your details at step 2 and choose “Save and continue” before you send "
                "the request.",
            )
            return redirect(_step_url(draft, "you"))
        try:
            request_submit(actor=request.user, assistance_request=draft)
        except ValidationError as error:
            problems = error.messages
        except TransitionNotAllowed as error:
            draft.refresh_from_db()
            if draft.status != RequestStatus.DRAFT and draft.tracking_number:
                messages.warning(
                    request,
                    "This request was sent already (perhaps from another window), so it was not "
                    f"sent again. Its tracking number is {draft.tracking_number}.",
                )
                return redirect("intake:request_submitted", public_id=draft.public_id)
            problems = [str(error)]
        except TransitionError as error:
            problems = [str(error)]
        else:
            return redirect("intake:request_submitted", public_id=draft.public_id)

    sections = _review_sections(draft)
    return render(
        request,
        "intake/request/review.html",
        {
            "draft": draft,
            "sections": sections,
            "incomplete": [s for s in sections if not s["complete"]],
            "problems": problems,
            "indicator": _indicator("review", draft),
            "previous_url": _step_url(draft, _previous_step(draft, "review")),
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
        },
    )


# --- the emailed links ------------------------------------------------------------------------


@login_not_required
@require_GET
def verify_email(request, token: str):
    try:
        user = requester_email_verify(token=token)
    except ValidationError as error:
        return render(
            request,
            "intake/request/link_problem.html",
            {"title": "We could not confirm your email address", "problems": error.messages},
            status=400,
        )
    return render(request, "intake/request/email_verified.html", {"verified_user": user})


@require_POST
def verify_email_resend(request):
    if email_is_verified(request.user):
        messages.info(request, "Your email address is already confirmed.")
    else:
        requester_verification_send(user=request.user)
        messages.success(request, f"We emailed a new confirmation link to {request.user.email}.")
    return redirect("intake:my_requests")


@login_not_required
@require_http_methods(["GET", "POST"])
def chief_confirm(request, token: str):
    """The chief executive's link: GET shows the request; POST confirms (a link scanner that
    opens the link does not confirm anything)."""
    try:
        assistance_request = chief_confirm_request(token=token)
        if request.method == "POST":
            assistance_request = chief_confirm_service(token=token)
            return render(
                request,
                "intake/request/chief_confirmed.html",
                {"assistance_request": assistance_request},
            )
    except ValidationError as error:
        return render(
            request,
            "intake/request/link_problem.html",
            {"title": "We could not use this confirmation link", "problems": error.messages},
            status=400,
        )
    return render(
        request,
        "intake/request/chief_confirm.html",
        {
            "assistance_request": assistance_request,
            "services": list(assistance_request.services.select_related("program")),
        },
    )
