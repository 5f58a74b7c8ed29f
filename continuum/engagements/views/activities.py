"""The activities section (staff and the working side only) with its totals, and the log form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..choices import ENDED_ENGAGEMENT_STATUSES
from ..forms.delivery import ActivityForm, errors_onto_form
from ..models import Engagement
from ..policy import ACTIVITIES, ENGAGEMENTS, Relation
from ..selectors import engagement_for_viewer
from ..services.activities import activity_log

#: How many activities the section lists (the totals count them all).
SHOWN = 50


def activities_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    if not (relation.staff or relation.working):
        return None
    rows = ACTIVITIES.queryset(request.user).filter(engagement=engagement)
    totals = rows.aggregate(hours=Sum("hours"), travel_cost=Sum("travel_cost"))
    return {
        "activities": list(
            rows.select_related("logged_by").order_by("-occurred_on", "-pk")[:SHOWN]
        ),
        "hours": totals["hours"] or Decimal("0"),
        "travel_cost": totals["travel_cost"] or Decimal("0"),
        "can_log": engagement.status not in ENDED_ENGAGEMENT_STATUSES,
    }


@require_http_methods(["GET", "POST"])
def activity_log_view(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not ENGAGEMENTS.allows("work", request.user, engagement):
        raise Http404("No such page.")
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["participants"] = data.get("participants") or 0
        data["travel_cost"] = data.get("travel_cost") or Decimal("0")
        try:
            activity_log(actor=request.user, engagement=engagement, **data)
        except ValidationError as error:
            errors_onto_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(engagement.get_absolute_url())
        else:
            messages.success(request, _("The activity is logged."))
            return redirect(engagement.get_absolute_url() + "#activities-heading")
    return render(
        request,
        "engagements/activity_form.html",
        {"engagement": engagement, "form": form},
        status=400 if form.errors else 200,
    )
