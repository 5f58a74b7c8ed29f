"""How engagement events read on a timeline: one plain label per verb.

Every service that records an event on an engagement (or on something in it) adds its verb here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "engagement_created": _("Engagement created from the accepted request"),
    "engagement_started": _("Work started"),
    "engagement_reporting": _("Moved to reporting"),
    "engagement_monitoring": _("Monitoring started"),
    "engagement_closed": _("Engagement closed"),
    "engagement_withdrawn": _("The agency withdrew from the engagement"),
    "engagement_terminated": _("The program ended the engagement"),
    "engagement_plan_updated": _("The plan (scope or dates) was updated"),
    "milestone_added": _("Milestone added to the workplan"),
    "milestone_completed": _("Milestone completed"),
    "milestone_reopened": _("Milestone reopened"),
    "activity_logged": _("Activity logged"),
    "deliverable_added": _("Deliverable added"),
    # bias audits (issue 11 part 4; team-only events on the run)
    "audit_queued": _("Bias audit queued"),
    "audit_started": _("Bias audit started"),
    "audit_done": _("Bias audit done: draft report added"),
    "audit_failed": _("Bias audit failed"),
    "evaluation_sent": _("Evaluation sent to the agency"),
    "evaluation_opened": _("Evaluation opened for the agency to answer on this page"),
    "evaluation_answered": _("The agency answered the evaluation"),
    "agreement_prepared": _("Agreement prepared for the chief executive"),
    "agreement_revised": _("Agreement terms revised before acceptance"),
    "agreement_accepted": _("The agency's chief executive accepted the agreement"),
    "follow_on_opened": _("Follow-on request opened into a deeper program"),
    "deliverable_submitted": _("Deliverable sent for internal review"),
    "deliverable_sent_to_agency": _("Deliverable sent to the agency to check the facts"),
    "deliverable_returned": _("Deliverable returned to drafting"),
    "deliverable_corrections_requested": _("The agency returned the deliverable with corrections"),
    "deliverable_fact_checked": _("The agency confirmed the deliverable's facts"),
    "deliverable_approved": _("Deliverable approved as final"),
    "deliverable_published": _("Deliverable published"),
    "meeting_scheduled": _("Meeting scheduled and invitations sent"),
    "meeting_updated": _("Meeting changed and updated invitations sent"),
    "meeting_cancelled": _("Meeting cancelled and attendees told"),
    "peer_exchange_recorded": _("Peer exchange visit recorded"),
    "peer_exchange_hosted": _("Hosted a peer exchange visit"),
    "engagement_provider_set": _("Provider organization chosen"),
    "team_member_added": _("Team member added"),
    "team_member_removed": _("Team member left the team"),
    "team_exclusion_overridden": _("Expert assigned despite a matching exclusion"),
    # the recommendations register (issue 10)
    "register_scales_added": _("Status scales added to the register"),
    "register_category_added": _("Objective added to the register"),
    "register_finding_added": _("Finding added to the register"),
    "register_recommendation_added": _("Recommendation added to the register"),
    "register_recommendation_updated": _("Recommendation changed"),
    "register_status_set": _("Recommendation status changed"),
    "register_measure_added": _("Compliance measure added"),
    "register_dependency_added": _("Dependency between recommendations added"),
    "register_blocker_added": _("Recommendation waits on a party outside the agency"),
    "register_blocker_cleared": _("Outside party no longer holds up a recommendation"),
    "register_imported": _("Findings and recommendations imported from a file"),
    "implementation_reported": _("Progress reported on a recommendation"),
    "implementation_accepted": _("Progress report accepted by a validator"),
    "implementation_returned": _("Progress report returned with comments"),
    "implementation_withdrawn": _("Progress report withdrawn"),
}


def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb.replace("_", " ").capitalize()))
