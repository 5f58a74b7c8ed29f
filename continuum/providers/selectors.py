"""Reading experts, always as one viewer sees them (through `continuum.providers.policy`)."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from continuum.accounts.roles import provider_membership_of
from continuum.core.validation import is_database_id

from .models import ExpertProfile
from .policy import CONFLICTS, EXPERTS


def open_engagements_subquery() -> Coalesce:
    """The number of open engagements an expert is on now (as lead expert or expert): the count
    the team and lifecycle services keep (`ExpertWorkload`), one row by primary key."""
    from continuum.engagements.models import ExpertWorkload

    kept = ExpertWorkload.objects.filter(user_id=OuterRef("user_id")).values("open_engagements")
    return Coalesce(Subquery(kept, output_field=IntegerField()), Value(0))


def experts_visible_to(viewer: Any) -> QuerySet[ExpertProfile]:
    return EXPERTS.queryset(viewer)


def own_profile(user: Any) -> ExpertProfile | None:
    return (
        ExpertProfile.objects.select_related("home_state", "organization")
        .filter(user_id=user.pk)
        .first()
    )


def expert_for_viewer(*, viewer: Any, pk: Any) -> ExpertProfile:
    """One expert's profile, or Http404 when it does not exist or is not the viewer's to see."""
    if not is_database_id(pk):
        raise Http404("No such expert.")
    found = (
        experts_visible_to(viewer)
        .select_related("user", "home_state", "organization")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such expert.")
    return found


def profile_parts(expert: ExpertProfile, viewer: Any) -> dict[str, list]:
    """The expertise, positions, availability and (for whoever may see them) conflicts."""
    return {
        "expertise": list(expert.expertise.select_related("service__program", "topic")),
        "positions": list(expert.positions.select_related("agency__state")),
        "availability": list(expert.availability.all()),
        "conflicts": list(
            CONFLICTS.queryset(viewer).filter(expert=expert).select_related("agency", "state")
        ),
    }


def expert_list(*, viewer: Any, filters: dict) -> QuerySet[ExpertProfile]:
    """Staff's list of experts, filtered, with each one's open engagements."""
    experts = (
        experts_visible_to(viewer)
        .select_related("user", "home_state", "organization")
        .annotate(open_engagements=open_engagements_subquery())
    )
    if filters.get("vetting_status"):
        experts = experts.filter(vetting_status=filters["vetting_status"])
    if filters.get("state"):
        experts = experts.filter(home_state=filters["state"])
    if filters.get("service"):
        experts = experts.filter(Q(expertise__service=filters["service"]))
    return experts


def organization_of(viewer: Any):
    """The provider organization the viewer works for, or Http404 (the workspace is theirs)."""
    membership = provider_membership_of(viewer)
    if membership is None or not viewer.is_active:
        raise Http404("No organization.")
    return membership
