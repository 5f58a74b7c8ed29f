"""Choices of the engagements app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    REPORTING = "reporting", _("Reporting")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the agency")
    TERMINATED = "terminated", _("Ended by the program")


#: Engagements still being worked (they count toward an expert's workload).
OPEN_ENGAGEMENT_STATUSES = frozenset(
    {
        EngagementStatus.PLANNING,
        EngagementStatus.ACTIVE,
        EngagementStatus.REPORTING,
        EngagementStatus.MONITORING,
    }
)
ENDED_ENGAGEMENT_STATUSES = frozenset(
    {EngagementStatus.CLOSED, EngagementStatus.WITHDRAWN, EngagementStatus.TERMINATED}
)


class TeamRole(models.TextChoices):
    LEAD_EXPERT = "lead_expert", _("Lead expert")
    EXPERT = "expert", _("Expert")
    PROVIDER_COORDINATOR = "provider_coordinator", _("Provider coordinator")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    AGENCY_CONTACT = "agency_contact", _("Agency point of contact")


#: Team roles that do the assistance work (they see team-only material).
WORKING_ROLES = frozenset({TeamRole.LEAD_EXPERT, TeamRole.EXPERT, TeamRole.PROVIDER_COORDINATOR})
#: Team roles filled by experts (matching and assignment).
EXPERT_ROLES = frozenset({TeamRole.LEAD_EXPERT, TeamRole.EXPERT})


class ActivityKind(models.TextChoices):
    SITE_VISIT = "site_visit", _("Site visit")
    VIRTUAL_CONSULTATION = "virtual_consultation", _("Virtual consultation")
    TRAINING = "training", _("Training delivered")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange visit")
    FACILITATED_DISCUSSION = "facilitated_discussion", _("Facilitated discussion")
    DOCUMENT_REVIEW = "document_review", _("Document review")
    DATA_ANALYSIS = "data_analysis", _("Data analysis")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    OFFLINE = "offline", _("Desk work (no meeting)")


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    SITE_VISIT = "site_visit", _("Site visit")


class DeliverableStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    INTERNAL_REVIEW = "internal_review", _("Internal review")
    AGENCY_FACT_CHECK = "agency_fact_check", _("Agency fact-check")
    PROGRAM_APPROVAL = "program_approval", _("Program approval")
    FINAL = "final", _("Final")
    PUBLISHED = "published", _("Published")


class DeliverableKind(models.TextChoices):
    REPORT = "report", _("Report")
    ASSESSMENT = "assessment", _("Assessment")
    AFTER_ACTION_REVIEW = "after_action_review", _("After-action review")
    POLICY_RECOMMENDATIONS = "policy_recommendations", _("Policy recommendations")
    TRAINING_MATERIALS = "training_materials", _("Training materials")
    STRATEGIC_PLAN = "strategic_plan", _("Strategic plan")
    PROGRESS_REPORT = "progress_report", _("Progress report")
    OTHER = "other", _("Other")


class Effectiveness(models.TextChoices):
    """The evaluation's main question: did the assistance meet the agency's goals?"""

    EFFECTIVE = "effective", _("Yes, it met our goals")
    PARTLY = "partly", _("Partly")
    NOT_EFFECTIVE = "not_effective", _("No, it did not meet our goals")


class Satisfaction(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("Very dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")
