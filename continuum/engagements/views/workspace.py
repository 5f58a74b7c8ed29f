"""'My engagements' (issue 9 §10): each person's engagements as the policy lets them see them.

Experts see the engagements they are on and their milestones due soon (with a link to their
calendar); provider staff their organization's engagements; the agency side its agency's;
program staff are sent on to the portfolio, which lists every engagement.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from continuum.accounts.roles import agency_membership_of, provider_membership_of
from continuum.core.policy import is_program_staff

from ..workspaces import milestones_due_soon, my_engagements_page


@require_GET
def my_engagements(request: HttpRequest):
    user = request.user
    staff = is_program_staff(user)
    problems: list[str] = []
    page = None
    if not staff:
        try:
            page = my_engagements_page(viewer=user, cursor=request.GET.get("cursor"))
        except ValidationError as error:
            problems += error.messages
            page = my_engagements_page(viewer=user)
    today = timezone.localdate()
    return render(
        request,
        "engagements/my_engagements.html",
        {
            "staff": staff,
            "page": page,
            "problems": problems,
            "is_expert": user.is_expert,
            "provider_membership": provider_membership_of(user),
            "agency_membership": agency_membership_of(user),
            "due_soon": [] if staff else milestones_due_soon(viewer=user, today=today),
            "today": today,
        },
    )
