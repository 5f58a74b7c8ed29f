"""Experts' pages: the expert's own profile, staff's list and vetting, one expert's page, and
the provider organization's workspace.

Views are thin: they find the object through the selectors (404 for what the viewer may not
see), parse one form, call one service and show its message; a refusal or bad input is shown
on the page, never as an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.core.paging import bounded_counts, keyset_page
from continuum.core.workflow import TransitionError

from . import services
from .forms import (
    AvailabilityForm,
    ConflictForm,
    ExpertFilterForm,
    ExpertiseForm,
    OrganizationForm,
    PositionForm,
    ProfileForm,
    VetForm,
)
from .models import AvailabilityWindow, ConflictDeclaration, Expertise, ExpertProfile, Position
from .policy import EXPERTS
from .selectors import (
    expert_for_viewer,
    open_engagements_subquery,
    organization_of,
    own_profile,
    profile_parts,
)
from .selectors import (
    expert_list as expert_list_selector,
)

PAGE_SIZE = 25


def _show_error(request: HttpRequest, form, error: Exception) -> None:
    """Put a service's refusal on the form (or in a message when it names no field)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            target = field if form is not None and field in form.fields else None
            for problem in problems:
                if form is not None:
                    form.add_error(target, problem)
                else:
                    messages.error(request, problem)
        return
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    if form is not None:
        form.add_error(None, text)
    else:
        messages.error(request, text)


# --- the expert's own profile ------------------------------------------------------------------


def _profile_initial(profile: ExpertProfile | None) -> dict[str, Any]:
    if profile is None:
        return {"travel": "national", "capacity": 2, "is_active": True}
    return {
        "home_state": profile.home_state_id,
        "languages": profile.languages,
        "travel": profile.travel,
        "capacity": profile.capacity,
        "public_bio": profile.public_bio,
        "is_active": profile.is_active,
    }


def _save_profile(actor, profile, data):
    if profile is None:
        profile = services.expert_profile_start(actor=actor)
    return services.expert_profile_update(actor=actor, expert=profile, **data)


#: The forms of the expert's page: (form class, what to do with its data, success message).
PROFILE_FORMS: dict[str, tuple[type, Callable, Any]] = {
    "profile": (ProfileForm, _save_profile, gettext_lazy("Your profile is saved.")),
    "expertise": (
        ExpertiseForm,
        lambda actor, profile, data: services.expertise_add(actor=actor, expert=profile, **data),
        gettext_lazy("The expertise is added."),
    ),
    "position": (
        PositionForm,
        lambda actor, profile, data: services.position_add(actor=actor, expert=profile, **data),
        gettext_lazy("The position is added."),
    ),
    "availability": (
        AvailabilityForm,
        lambda actor, profile, data: services.availability_add(actor=actor, expert=profile, **data),
        gettext_lazy("The dates are added."),
    ),
    "conflict": (
        ConflictForm,
        lambda actor, profile, data: services.conflict_declare(actor=actor, expert=profile, **data),
        gettext_lazy("The conflict of interest is declared."),
    ),
}


@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest):
    """The expert keeps their own profile. Only experts have one (404 for everyone else)."""
    profile = own_profile(request.user)
    if profile is None and not request.user.is_expert:
        raise Http404("You have no expert profile.")
    forms = {
        name: form_class(initial=_profile_initial(profile) if name == "profile" else None)
        for name, (form_class, _perform, _message) in PROFILE_FORMS.items()
    }
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which not in PROFILE_FORMS or (profile is None and which != "profile"):
            messages.error(request, _("Save your profile first."))
            return redirect("providers:my_profile")
        form_class, perform, success = PROFILE_FORMS[which]
        form = form_class(request.POST)
        forms[which] = form
        if form.is_valid():
            try:
                perform(request.user, profile, form.cleaned_data)
            except (ValidationError, TransitionError) as error:
                _show_error(request, form, error)
            else:
                messages.success(request, str(success))
                return redirect("providers:my_profile")
    status = 400 if request.method == "POST" else 200
    parts = profile_parts(profile, request.user) if profile else {}
    return render(
        request,
        "providers/my_profile.html",
        {"profile": profile, "forms": forms, **parts},
        status=status,
    )


#: What the expert may remove from their profile, and the service that does it.
REMOVABLE: dict[str, tuple[type, Callable]] = {
    "expertise": (
        Expertise,
        lambda actor, row: services.expertise_remove(actor=actor, expertise=row),
    ),
    "position": (Position, lambda actor, row: services.position_remove(actor=actor, position=row)),
    "availability": (
        AvailabilityWindow,
        lambda actor, row: services.availability_remove(actor=actor, window=row),
    ),
    "conflict": (
        ConflictDeclaration,
        lambda actor, row: services.conflict_withdraw(actor=actor, conflict=row),
    ),
}


@require_POST
def my_profile_remove(request: HttpRequest, kind: str, pk: int):
    """Remove one row of the expert's own profile (404 for a row that is not theirs)."""
    if kind not in REMOVABLE:
        raise Http404("Nothing to remove.")
    model, remove = REMOVABLE[kind]
    row = model.objects.select_related("expert").filter(pk=pk, expert__user_id=request.user.pk)
    row = row.first()
    if row is None:
        raise Http404("Nothing to remove.")
    try:
        remove(request.user, row)
    except (ValidationError, TransitionError) as error:
        _show_error(request, None, error)
    else:
        messages.success(request, _("Removed."))
    return redirect("providers:my_profile")


# --- staff: the experts and their vetting ------------------------------------------------------


@require_GET
def expert_list(request: HttpRequest):
    """Program staff's list of experts, newest first, with filters (keyset paged)."""
    form = ExpertFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    problems: list[str] = []
    if request.GET:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        problems = [
            f"{form.fields[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
    experts = expert_list_selector(viewer=request.user, filters=filters)
    try:
        page = keyset_page(
            experts,
            keys=("-created_at", "-pk"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
            tag="experts",
        )
    except ValidationError as error:
        problems.extend(error.messages)
        page = keyset_page(experts, keys=("-created_at", "-pk"), size=PAGE_SIZE, tag="experts")
    counts = bounded_counts({"matching": experts.order_by()})
    kept = request.GET.copy()
    kept.pop("cursor", None)
    return render(
        request,
        "providers/expert_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "problems": problems,
            "filter_query": f"&{kept.urlencode()}" if kept else "",
        },
    )


@require_GET
def expert_detail(request: HttpRequest, pk: int):
    """One expert's profile: program staff and provider staff (404 for everyone else)."""
    expert = expert_for_viewer(viewer=request.user, pk=pk)
    return _detail(request, expert)


def _detail(request, expert, vet_form=None, organization_form=None, status=200):
    if EXPERTS.allows("vet", request.user, expert):
        vet_form = vet_form or VetForm(
            initial={"status": expert.vetting_status, "vetted_on": expert.vetted_on}
        )
        organization_form = organization_form or OrganizationForm(
            initial={"organization": expert.organization_id}
        )
    load = (
        ExpertProfile.objects.filter(pk=expert.pk)
        .annotate(open_engagements=open_engagements_subquery())
        .values_list("open_engagements", flat=True)
        .first()
    )
    return render(
        request,
        "providers/expert_detail.html",
        {
            "expert": expert,
            "vet_form": vet_form,
            "organization_form": organization_form,
            "open_engagements": load or 0,
            **profile_parts(expert, request.user),
        },
        status=status,
    )


@require_POST
def expert_vet(request: HttpRequest, pk: int):
    """Program staff record an expert's vetting."""
    expert = expert_for_viewer(viewer=request.user, pk=pk)
    if not EXPERTS.allows("vet", request.user, expert):
        raise Http404("No such expert.")
    form = VetForm(request.POST)
    if form.is_valid():
        try:
            services.expert_vet(
                actor=request.user,
                expert=expert,
                status=form.cleaned_data["status"],
                vetted_on=form.cleaned_data["vetted_on"],
            )
        except (ValidationError, TransitionError) as error:
            _show_error(request, form, error)
        else:
            messages.success(request, _("The vetting is recorded."))
            return redirect("providers:expert_detail", pk=expert.pk)
    return _detail(request, expert, vet_form=form, status=400)


@require_POST
def expert_organization(request: HttpRequest, pk: int):
    """Program staff link an expert to the provider organization they work with."""
    expert = expert_for_viewer(viewer=request.user, pk=pk)
    if not EXPERTS.allows("vet", request.user, expert):
        raise Http404("No such expert.")
    form = OrganizationForm(request.POST)
    if form.is_valid():
        try:
            services.expert_organization_set(
                actor=request.user, expert=expert, organization=form.cleaned_data["organization"]
            )
        except (ValidationError, TransitionError) as error:
            _show_error(request, form, error)
        else:
            messages.success(request, _("The expert's organization is saved."))
            return redirect("providers:expert_detail", pk=expert.pk)
    return _detail(request, expert, organization_form=form, status=400)


# --- the provider organization's workspace ------------------------------------------------------


@require_GET
def organization_workspace(request: HttpRequest):
    """A provider organization's engagements (open first) and its experts' load."""
    from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES
    from continuum.engagements.models import Engagement

    membership = organization_of(request.user)
    organization = membership.organization
    engagements = Engagement.objects.filter(provider_id=organization.pk).select_related(
        "agency__state", "program"
    )
    open_ones = engagements.filter(status__in=list(OPEN_ENGAGEMENT_STATUSES))
    ended = engagements.exclude(status__in=list(OPEN_ENGAGEMENT_STATUSES))
    experts = (
        ExpertProfile.objects.filter(organization_id=organization.pk, user__is_active=True)
        .select_related("user", "home_state")
        .annotate(open_engagements=open_engagements_subquery())
    )
    problems: list[str] = []
    pages = {}
    for name, queryset, keys in (
        ("open", open_ones, ("-created_at", "-pk")),
        ("ended", ended, ("-created_at", "-pk")),
        ("experts", experts, ("-created_at", "-pk")),
    ):
        try:
            pages[name] = keyset_page(
                queryset,
                keys=keys,
                cursor=request.GET.get(f"{name}_cursor"),
                size=PAGE_SIZE,
                tag=f"org-{name}",
            )
        except ValidationError as error:
            problems.extend(error.messages)
            pages[name] = keyset_page(queryset, keys=keys, size=PAGE_SIZE, tag=f"org-{name}")
    counts = bounded_counts(
        {"open": open_ones.order_by(), "ended": ended.order_by(), "experts": experts.order_by()}
    )
    return render(
        request,
        "providers/organization_workspace.html",
        {
            "organization": organization,
            "is_coordinator": membership.role == membership.Role.COORDINATOR,
            "pages": pages,
            "counts": counts,
            "problems": problems,
            "list_url": reverse("providers:organization_workspace"),
        },
    )
