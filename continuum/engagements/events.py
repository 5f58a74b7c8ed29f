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
    "deliverable_submitted": _("Deliverable sent for internal review"),
    "deliverable_sent_to_agency": _("Deliverable sent to the agency to check the facts"),
    "deliverable_returned": _("Deliverable returned to drafting"),
    "deliverable_fact_checked": _("The agency confirmed the deliverable's facts"),
    "deliverable_approved": _("Deliverable approved as final"),
    "deliverable_published": _("Deliverable published"),
    "engagement_provider_set": _("Provider organization chosen"),
    "team_member_added": _("Team member added"),
    "team_member_removed": _("Team member left the team"),
    "team_exclusion_overridden": _("Expert assigned despite a matching exclusion"),
}


def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb.replace("_", " ").capitalize()))
