"""What documents can be attached to in the register: a recommendation (evidence of progress).

Evidence files are attached only through a progress report (`progress_report_submit`), never
from the documents app's own upload page, so `lookup` always answers 404. They are seen by the
engagement team, the agency and program staff (`TEAM_AND_AGENCY`): who holds which audience on
a recommendation comes from its engagement, exactly as for the engagement's own documents.
Discovered by `continuum.documents` at start-up.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from continuum.core.policy import Audience
from continuum.documents.choices import TEAM_AND_AGENCY
from continuum.documents.targets import AttachmentTarget, register_target
from continuum.engagements.attachments import _scopes
from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES

from .models import Recommendation
from .policy import RECOMMENDATIONS, can_report_progress


def _no_lookup(user: Any, key: str) -> Recommendation:
    raise Http404("Attach evidence to a progress report when you write it.")


def can_attach_evidence(user: Any, recommendation: Recommendation) -> bool:
    """Whoever may report progress on it, while its engagement is open."""
    engagement = recommendation.engagement
    if engagement.status not in OPEN_ENGAGEMENT_STATUSES:
        return False
    return RECOMMENDATIONS.view(user, recommendation) and can_report_progress(user, engagement)


def evidence_visibilities(user: Any, recommendation: Recommendation) -> list[Audience]:
    return [TEAM_AND_AGENCY]


register_target(
    AttachmentTarget(
        model=Recommendation,
        slug="recommendation",
        lookup=_no_lookup,
        can_attach=can_attach_evidence,
        visibilities=evidence_visibilities,
        page_url=lambda user, recommendation: recommendation.get_absolute_url(),
        scopes=_scopes("engagement__"),
    )
)
