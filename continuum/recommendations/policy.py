"""Who may see and change the recommendations register: declared once here.

The register of an engagement is seen by program staff, the working side (its team, its
provider organization's staff) and the agency side (the requester, the agency's verified
members, the agency's point of contact on the team): the same people who see the engagement.
Program staff and the working side change it; the agency side reads it. The public sees
nothing here: the public portal (a later slice) reads published progress-report snapshots only.

Preset status scales (no engagement) are reference data every signed-in person may read. A
pending import is its owner's alone, while they may still change the register.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)
from continuum.engagements.choices import EXPERT_ROLES
from continuum.engagements.models import Engagement
from continuum.engagements.policy import engagement_rule, relation_of, working_rule

from .models import (
    Category,
    ComplianceMeasure,
    Dependency,
    ExternalBlocker,
    Finding,
    ImplementationEvidence,
    ImplementationReport,
    Recommendation,
    RegisterImport,
    StatusScale,
)


def can_edit_register(user: Any, engagement: Engagement) -> bool:
    """Program staff and the working side of the engagement change its register."""
    relation = relation_of(user, engagement)
    return relation.staff or relation.working


def can_report_progress(user: Any, engagement: Engagement) -> bool:
    """The agency side reports implementation progress; staff and the working side may enter a
    report on the agency's behalf (from a letter or a meeting)."""
    relation = relation_of(user, engagement)
    return relation.agency or relation.staff or relation.working


def can_validate(user: Any, engagement: Engagement) -> bool:
    """A validator: program staff, or an expert on the team; never anyone on the agency side
    (a person on both sides does not validate their own agency's work)."""
    relation = relation_of(user, engagement)
    if relation.agency:
        return False
    return relation.staff or bool(relation.team_roles & EXPERT_ROLES)


class _InRegister(Policy):
    """A row of an engagement's register: seen with its engagement; edited by staff and the
    working side; its events reach everyone who sees the engagement (never the public)."""

    rules = ("edit",)
    default_event_audience = Audience.STAFF | Audience.PROVIDER | Audience.AGENCY

    def visible_to(self, user: Any) -> Q:
        return engagement_rule(user, "engagement__")

    def view(self, user: Any, obj: Any) -> bool:
        return relation_of(user, obj.engagement).sees

    def edit(self, user: Any, obj: Any) -> bool:
        return can_edit_register(user, obj.engagement)

    def audience_of(self, user: Any, obj: Any) -> Audience:
        return relation_of(user, obj.engagement).audience


class CategoryPolicy(_InRegister):
    model = Category


class FindingPolicy(_InRegister):
    model = Finding


class RecommendationPolicy(_InRegister):
    model = Recommendation


class ComplianceMeasurePolicy(_InRegister):
    model = ComplianceMeasure


class DependencyPolicy(_InRegister):
    model = Dependency


class ExternalBlockerPolicy(_InRegister):
    model = ExternalBlocker


class ImplementationReportPolicy(_InRegister):
    """Seen with the register. `submit` is checked on the recommendation (`can_report_progress`);
    `decide` (accept or return) belongs to validators only."""

    model = ImplementationReport
    rules = ("decide",)

    def decide(self, user: Any, report: ImplementationReport) -> bool:
        return can_validate(user, report.engagement)


class ImplementationEvidencePolicy(_InRegister):
    model = ImplementationEvidence
    rules = ()


class StatusScalePolicy(_InRegister):
    """An engagement's scales go with its register; the presets are reference data."""

    model = StatusScale

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if is_program_staff(user):
            return Q()  # (an empty Q would vanish from the OR below)
        return Q(engagement__isnull=True) | engagement_rule(user, "engagement__")

    def view(self, user: Any, scale: StatusScale) -> bool:
        if scale.engagement_id is None:
            return is_active_user(user)
        return relation_of(user, scale.engagement).sees

    def edit(self, user: Any, scale: StatusScale) -> bool:
        if scale.engagement_id is None:
            return False  # presets change through migrations (and the admin, later)
        return can_edit_register(user, scale.engagement)

    def audience_of(self, user: Any, scale: StatusScale) -> Audience:
        if scale.engagement_id is None:
            return Policy.audience_of(self, user, scale)
        return relation_of(user, scale.engagement).audience


class RegisterImportPolicy(Policy):
    """A pending import: its owner's, while they may change the engagement's register."""

    model = RegisterImport
    default_event_audience = Audience.STAFF | Audience.PROVIDER

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        return Q(owner_id=user.pk) & working_rule(user, "engagement__")

    def view(self, user: Any, pending: RegisterImport) -> bool:
        return (
            is_active_user(user)
            and pending.owner_id == user.pk
            and can_edit_register(user, pending.engagement)
        )


CATEGORIES = register(CategoryPolicy())
FINDINGS = register(FindingPolicy())
RECOMMENDATIONS = register(RecommendationPolicy())
MEASURES = register(ComplianceMeasurePolicy())
DEPENDENCIES = register(DependencyPolicy())
EXTERNAL_BLOCKERS = register(ExternalBlockerPolicy())
SCALES = register(StatusScalePolicy())
IMPLEMENTATION_REPORTS = register(ImplementationReportPolicy())
IMPLEMENTATION_EVIDENCE = register(ImplementationEvidencePolicy())
IMPORTS = register(RegisterImportPolicy())
