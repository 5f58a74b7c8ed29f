"""The engagement's and the deliverable's transition tables.

Engagement: planning → active → reporting → (monitoring, Organizational Assessment only) →
closed; the agency may withdraw at any time while it is open (the assistance is voluntary), and
program staff may end it with a reason (terminated). Work starts only once the agency's chief
executive has accepted the agreement and the team has a lead expert.

Deliverable: drafting → internal review → agency fact-check → program approval → final →
published; each review step can send it back to drafting with a note.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from continuum.core.policy import is_program_staff
from continuum.core.workflow import StateMachine, Transition

from .choices import DeliverableStatus as D
from .choices import EngagementStatus as E
from .choices import TeamRole
from .models import Deliverable, Engagement
from .policy import ENGAGEMENTS, relation_of

manage = ENGAGEMENTS.predicate("manage")
withdraw = ENGAGEMENTS.predicate("withdraw")


def _ready_to_start(engagement: Engagement) -> str | None:
    agreement = getattr(engagement, "agreement", None)
    if agreement is None or not agreement.is_accepted:
        return _("The agency's chief executive has not accepted the agreement yet.")
    if not engagement.team.filter(role=TeamRole.LEAD_EXPERT, left_at__isnull=True).exists():
        return _("Assign a lead expert first.")
    if engagement.starts_on is None:
        return _("Set the start date first.")
    return None


def _monitored(engagement: Engagement) -> str | None:
    if not engagement.program.has_monitoring:
        return _("This program does not monitor its engagements after the report.")
    return None


def _not_monitored(engagement: Engagement) -> str | None:
    if engagement.program.has_monitoring:
        return _("This program monitors its engagements after the report: start monitoring.")
    return None


def _has_end_reason(engagement: Engagement) -> str | None:
    return None if engagement.end_reason.strip() else _("Say why the engagement ends.")


#: The states an engagement can end early from (withdrawn or terminated).
_OPEN_STATES = (E.PLANNING, E.ACTIVE, E.REPORTING, E.MONITORING)


def _early_end(action: str, target: str, permission, label: str, verb: str) -> list[Transition]:
    """The same early end from every open state, with its reason required."""
    return [
        Transition(
            state,
            action,
            target,
            permission=permission,
            guard=_has_end_reason,
            label=label,
            verb=verb,
        )
        for state in _OPEN_STATES
    ]


ENGAGEMENT_MACHINE = StateMachine(
    name="engagement",
    model=Engagement,
    field="status",
    transitions=[
        Transition(
            E.PLANNING,
            "start",
            E.ACTIVE,
            permission=manage,
            guard=_ready_to_start,
            label=_("Start the work"),
            verb="engagement_started",
        ),
        Transition(
            E.ACTIVE,
            "begin_reporting",
            E.REPORTING,
            permission=manage,
            label=_("Move to reporting"),
            verb="engagement_reporting",
        ),
        Transition(
            E.REPORTING,
            "begin_monitoring",
            E.MONITORING,
            permission=manage,
            guard=_monitored,
            label=_("Start monitoring"),
            verb="engagement_monitoring",
        ),
        Transition(
            E.REPORTING,
            "close",
            E.CLOSED,
            permission=manage,
            guard=_not_monitored,
            label=_("Close the engagement"),
            verb="engagement_closed",
        ),
        Transition(
            E.MONITORING,
            "close",
            E.CLOSED,
            permission=manage,
            label=_("Close the engagement"),
            verb="engagement_closed",
        ),
        *_early_end(
            "withdraw",
            E.WITHDRAWN,
            withdraw,
            _("Withdraw from the engagement"),
            "engagement_withdrawn",
        ),
        *_early_end(
            "terminate", E.TERMINATED, manage, _("End the engagement"), "engagement_terminated"
        ),
    ],
)


# --- deliverables -----------------------------------------------------------------------


def _works_on(user: Any, deliverable: Deliverable) -> bool:
    relation = relation_of(user, deliverable.engagement)
    return relation.staff or relation.working


def _agency_checks(user: Any, deliverable: Deliverable) -> bool:
    relation = relation_of(user, deliverable.engagement)
    return relation.staff or relation.agency


def _program_staff(user: Any, deliverable: Deliverable) -> bool:
    return is_program_staff(user)


def _has_document(deliverable: Deliverable) -> str | None:
    from continuum.documents.selectors import documents_of_exist

    if not documents_of_exist(deliverable):
        return _("Attach the draft document first.")
    return None


DELIVERABLE_MACHINE = StateMachine(
    name="deliverable",
    model=Deliverable,
    field="status",
    transitions=[
        Transition(
            D.DRAFTING,
            "submit_for_review",
            D.INTERNAL_REVIEW,
            permission=_works_on,
            guard=_has_document,
            label=_("Send for internal review"),
            verb="deliverable_submitted",
        ),
        Transition(
            D.INTERNAL_REVIEW,
            "send_to_agency",
            D.AGENCY_FACT_CHECK,
            permission=_works_on,
            label=_("Send to the agency to check the facts"),
            verb="deliverable_sent_to_agency",
        ),
        Transition(
            D.INTERNAL_REVIEW,
            "return",
            D.DRAFTING,
            permission=_works_on,
            label=_("Return to drafting"),
            verb="deliverable_returned",
        ),
        Transition(
            D.AGENCY_FACT_CHECK,
            "agency_confirm",
            D.PROGRAM_APPROVAL,
            permission=_agency_checks,
            label=_("Confirm the facts are right"),
            verb="deliverable_fact_checked",
        ),
        Transition(
            D.AGENCY_FACT_CHECK,
            "return",
            D.DRAFTING,
            permission=_agency_checks,
            label=_("Return with corrections"),
            verb="deliverable_corrections_requested",
        ),
        Transition(
            D.PROGRAM_APPROVAL,
            "approve",
            D.FINAL,
            permission=_program_staff,
            label=_("Approve as final"),
            verb="deliverable_approved",
        ),
        Transition(
            D.PROGRAM_APPROVAL,
            "return",
            D.DRAFTING,
            permission=_program_staff,
            label=_("Return to drafting"),
            verb="deliverable_returned",
        ),
        Transition(
            D.FINAL,
            "publish",
            D.PUBLISHED,
            permission=_program_staff,
            label=_("Publish"),
            verb="deliverable_published",
        ),
    ],
)
