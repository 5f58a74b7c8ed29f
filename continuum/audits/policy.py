"""Who sees a bias audit: program staff and the engagement's working side, never the agency.

A run, its mapping, its progress and its results are the team's working material (stop data
about people); they are seen exactly like activities: `_WorkingSideOnly` of the engagements'
policy. Running one is the engagements' "work" rule on an engagement that includes the
bias-audit service (`services.may_audit`).
"""

from __future__ import annotations

from continuum.core.policy import register
from continuum.engagements.policy import _WorkingSideOnly

from .models import AuditRun


class AuditRunPolicy(_WorkingSideOnly):
    model = AuditRun


AUDIT_RUNS = register(AuditRunPolicy())
