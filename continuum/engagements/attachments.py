"""What documents can be attached to in engagements: the engagement itself and its deliverables.

Visibilities: the engagement team only (`TEAM`), the team and the agency (`TEAM_AND_AGENCY`),
everyone (`PUBLIC`, program staff only). The working side attaches with the team visibilities,
the agency side with the agency one. Who holds which audience on which rows comes from the
engagement policy (`audience_of`), so team-only files never reach the agency or the public.
Discovered by `continuum.documents` at start-up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from continuum.core.policy import Audience, is_program_staff
from continuum.documents.choices import PUBLIC, TEAM, TEAM_AND_AGENCY
from continuum.documents.targets import AttachmentTarget, Scopes, register_target

from .choices import ENDED_ENGAGEMENT_STATUSES, DeliverableStatus, TeamRole
from .models import Deliverable, Engagement, TeamMember
from .policy import (
    AGENCY_SIDE,
    DELIVERABLES,
    WORKING_SIDE,
    _agency_rule,
    _working_rule,
    relation_of,
)
from .selectors import engagement_for_viewer


def _agency_contact_rule(user: Any, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}pk__in": TeamMember.objects.filter(
                user_id=user.pk, left_at__isnull=True, role=TeamRole.AGENCY_CONTACT
            ).values("engagement_id")
        }
    )


def _scopes(prefix: str):
    def scopes(user: Any) -> Scopes:
        if is_program_staff(user):
            return [(Audience.everyone(), Q())]
        if not getattr(user, "is_authenticated", False):
            return []
        return [
            (Audience.PUBLIC, Q()),
            (WORKING_SIDE, _working_rule(user, prefix)),
            (AGENCY_SIDE, _agency_rule(user, prefix) | _agency_contact_rule(user, prefix)),
        ]

    return scopes


def _visibilities(user: Any, engagement: Engagement) -> list[Audience]:
    relation = relation_of(user, engagement)
    if relation.staff:
        return [TEAM, TEAM_AND_AGENCY, PUBLIC]
    if relation.working:
        return [TEAM, TEAM_AND_AGENCY]
    if relation.agency:
        return [TEAM_AND_AGENCY]
    return []


def can_attach_to_engagement(user: Any, engagement: Engagement) -> bool:
    if engagement.status in ENDED_ENGAGEMENT_STATUSES:
        return False
    relation = relation_of(user, engagement)
    return relation.staff or relation.working or relation.agency


def engagement_page_url(user: Any, engagement: Engagement) -> str:
    return reverse("engagements:detail", kwargs={"public_id": engagement.public_id})


register_target(
    AttachmentTarget(
        model=Engagement,
        slug="engagement",
        lookup=lambda user, key: engagement_for_viewer(viewer=user, public_id=key),
        can_attach=can_attach_to_engagement,
        visibilities=lambda user, engagement: _visibilities(user, engagement),
        page_url=lambda user, engagement: (
            engagement_page_url(user, engagement) + "#documents-heading"
        ),
        scopes=_scopes(""),
        gather=lambda engagement: [engagement, *engagement.deliverables.all()],
    )
)


def deliverable_for_viewer(*, viewer: Any, public_id: Any) -> Deliverable:
    """One deliverable the viewer may see, or Http404 (whether it exists or not)."""
    import uuid

    try:
        key = uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such deliverable.") from exc
    found = (
        DELIVERABLES.queryset(viewer)
        .select_related("engagement__assistance_request", "engagement__program")
        .filter(public_id=key)
        .first()
    )
    if found is None:
        raise Http404("No such deliverable.")
    return found


def can_attach_to_deliverable(user: Any, deliverable: Deliverable) -> bool:
    """The working side while it is drafted or reviewed; the agency side during its fact-check."""
    engagement = deliverable.engagement
    if engagement.status in ENDED_ENGAGEMENT_STATUSES or not DELIVERABLES.view(user, deliverable):
        return False
    relation = relation_of(user, engagement)
    if deliverable.status in (DeliverableStatus.FINAL, DeliverableStatus.PUBLISHED):
        return relation.staff
    if relation.staff or relation.working:
        return True
    return relation.agency and deliverable.status == DeliverableStatus.AGENCY_FACT_CHECK


register_target(
    AttachmentTarget(
        model=Deliverable,
        slug="deliverable",
        lookup=lambda user, key: deliverable_for_viewer(viewer=user, public_id=key),
        can_attach=can_attach_to_deliverable,
        visibilities=lambda user, deliverable: _visibilities(user, deliverable.engagement),
        page_url=lambda user, deliverable: (
            engagement_page_url(user, deliverable.engagement) + "#deliverables-heading"
        ),
        scopes=_scopes("engagement__"),
    )
)
