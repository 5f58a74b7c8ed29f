"""Opening a follow-on request into a deeper program (program staff), and the engagement page's
section listing an engagement's follow-ons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..forms.follow_ons import FollowOnForm
from ..models import Engagement
from ..policy import ENGAGEMENTS, FOLLOW_ONS, Relation
from ..selectors import engagement_for_viewer
from ..services.follow_ons import follow_on_open
from .agreement import errors_onto_form


@require_http_methods(["GET", "POST"])
def follow_on_new(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    may_escalate = ENGAGEMENTS.allows("escalate", request.user, engagement)
    form = FollowOnForm(request.POST if request.method == "POST" else None, engagement=engagement)
    if request.method == "POST" and may_escalate and form.is_valid():
        try:
            follow_on = follow_on_open(
                actor=request.user,
                engagement=engagement,
                program=form.cleaned_data["program"],
                reason=form.cleaned_data["reason"],
                services=form.cleaned_data["services"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(engagement.get_absolute_url())
        else:
            messages.success(
                request,
                _(
                    "Follow-on request %(number)s is submitted into %(program)s and is in "
                    "the triage queue."
                )
                % {
                    "number": follow_on.assistance_request.tracking_number,
                    "program": follow_on.program.name,
                },
            )
            return redirect(engagement.get_absolute_url() + "#follow-ons-heading")
    return render(
        request,
        "engagements/follow_on_new.html",
        {"engagement": engagement, "form": form, "may_escalate": may_escalate},
        status=400 if request.method == "POST" else 200,
    )


def follow_ons_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The engagement's follow-on requests (program staff only, as the policy says)."""
    if not relation.staff:
        return None
    follow_ons = list(
        FOLLOW_ONS.queryset(request.user)
        .filter(engagement=engagement)
        .select_related("assistance_request", "program", "opened_by")
        .order_by("created_at", "pk")
    )
    return {
        "follow_ons": follow_ons,
        "may_escalate": ENGAGEMENTS.allows("escalate", request.user, engagement),
    }
