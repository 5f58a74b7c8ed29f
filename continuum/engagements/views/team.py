"""The team area of an engagement: the "Team" section of its page, the "Find experts" page
(matching), and the forms that add and remove team members and set the provider.

Who may see: the section, whoever sees the engagement (the agency sees names and roles only);
the matching page and the forms, whoever may staff the team (program staff, the provider
organization's coordinator): 404 for everyone else. Refusals and bad input come back as a
message on the page, never as an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from continuum.core.policy import is_program_staff
from continuum.core.workflow import TransitionError
from continuum.providers.matching import match_experts

from ..forms.team import AddMemberForm, AssignExpertForm, ProviderForm
from ..models import Engagement, TeamMember
from ..policy import ENGAGEMENTS, Relation
from ..selectors import engagement_for_viewer
from ..services.team import engagement_provider_set, team_member_add, team_member_remove

#: How many matches the page shows at first, and at most ("show more" raises it).
SHOWN_FIRST = 25
SHOWN_MAX = 500


def _staffable(request: HttpRequest, public_id) -> Engagement:
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not ENGAGEMENTS.allows("staff_team", request.user, engagement):
        raise Http404("No such engagement.")
    return engagement


def _refusal(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.error(request, str(error))


def _form_problems(request: HttpRequest, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def team_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The team: names and roles for everyone who sees the engagement; the forms for whoever may
    staff it; override reasons for program staff only."""
    if not relation.sees:
        return None
    members = list(
        TeamMember.objects.filter(engagement=engagement, left_at__isnull=True)
        .select_related("user")
        .order_by("role", "created_at")
    )
    can_staff = ENGAGEMENTS.allows("staff_team", request.user, engagement)
    return {
        "members": members,
        "can_staff": can_staff,
        "show_overrides": relation.staff,
        "add_form": AddMemberForm(engagement=engagement) if can_staff else None,
        "provider_form": (
            ProviderForm(initial={"provider": engagement.provider_id})
            if ENGAGEMENTS.allows("manage", request.user, engagement) and can_staff
            else None
        ),
    }


def _shown(value: str | None, default: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return max(SHOWN_FIRST, min(SHOWN_MAX, number))


@require_GET
def team_match(request: HttpRequest, public_id):
    """The ranked experts for the engagement, each with its parts and reasons; the excluded
    experts with their reasons when asked; an assignment form per expert."""
    engagement = _staffable(request, public_id)
    result = match_experts(engagement)
    show_excluded = request.GET.get("excluded") == "1"
    shown = _shown(request.GET.get("shown"), SHOWN_FIRST)
    staff = is_program_staff(request.user)
    return render(
        request,
        "engagements/team_match.html",
        {
            "engagement": engagement,
            "ranked": result.ranked[:shown],
            "ranked_total": len(result.ranked),
            "more": shown < len(result.ranked) and shown < SHOWN_MAX,
            "shown_next": shown + SHOWN_FIRST,
            "shown": shown,
            "excluded": result.excluded[:SHOWN_MAX] if show_excluded else [],
            "excluded_total": len(result.excluded),
            "show_excluded": show_excluded,
            "staff": staff,
            "role_choices": AssignExpertForm.base_fields["role"].choices,
            "languages_needed": sorted(result.facts.languages_needed),
        },
    )


@require_POST
def team_add(request: HttpRequest, public_id):
    """Add a team member: an expert from the matches (`kind=expert`), or someone else."""
    engagement = _staffable(request, public_id)
    if request.POST.get("kind") == "expert":
        form = AssignExpertForm(request.POST)
        back = reverse("engagements:team_match", kwargs={"public_id": engagement.public_id})
        if request.POST.get("excluded") == "1":
            back += "?excluded=1"
        if not form.is_valid():
            _form_problems(request, form)
            return redirect(back)
        user = form.cleaned_data["expert"].user
        role = form.cleaned_data["role"]
        reason = form.cleaned_data["override_reason"]
    else:
        form = AddMemberForm(request.POST, engagement=engagement)
        back = engagement.get_absolute_url() + "#team-heading"
        if not form.is_valid():
            _form_problems(request, form)
            return redirect(back)
        user, role, reason = form.cleaned_data["user"], form.cleaned_data["role"], ""
    try:
        member = team_member_add(
            actor=request.user,
            engagement=engagement,
            user=user,
            role=role,
            override_reason=reason,
        )
    except (ValidationError, TransitionError) as error:
        _refusal(request, error)
        return redirect(back)
    messages.success(
        request,
        _("%(name)s is on the team as %(role)s.")
        % {"name": user, "role": str(member.get_role_display()).lower()},
    )
    return redirect(engagement.get_absolute_url() + "#team-heading")


@require_POST
def team_remove(request: HttpRequest, public_id, member_id: int):
    engagement = _staffable(request, public_id)
    member = (
        TeamMember.objects.select_related("user", "engagement")
        .filter(engagement=engagement, pk=member_id, left_at__isnull=True)
        .first()
    )
    if member is None:
        raise Http404("No such team member.")
    try:
        team_member_remove(actor=request.user, team_member=member)
    except (ValidationError, TransitionError) as error:
        _refusal(request, error)
    else:
        messages.success(request, _("%(name)s has left the team.") % {"name": member.user})
    return redirect(engagement.get_absolute_url() + "#team-heading")


@require_POST
def provider_set(request: HttpRequest, public_id):
    """Program staff choose the provider organization."""
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    form = ProviderForm(request.POST)
    if not form.is_valid():
        _form_problems(request, form)
    else:
        try:
            engagement_provider_set(
                actor=request.user, engagement=engagement, provider=form.cleaned_data["provider"]
            )
        except (ValidationError, TransitionError) as error:
            _refusal(request, error)
        else:
            messages.success(request, _("The provider organization is saved."))
    return redirect(engagement.get_absolute_url() + "#team-heading")
