"""Who may see and do what with engagements and everything in them: declared once here.

Who sees an engagement:

- program staff (and administrators): every engagement;
- its team: anyone on it now, in any role (an expert sees only engagements they are on);
- provider staff: the engagements assigned to their organization;
- the agency side: the requester of the accepted request and the verified members of the
  engagement's agency.

What each of them holds (their audiences, used for events and documents):

- program staff: everything;
- the working side (lead expert, expert, provider coordinator on the team, or provider staff of
  the engagement's organization): the provider audience;
- the agency side (requester, verified members, the agency point of contact on the team): the
  agency audience. Team-only material (provider audience) never reaches them.

The things inside an engagement (team, milestones, activities, meetings, deliverables, the
agreement, the evaluation, follow-ons) are seen through their engagement, narrowed where said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from continuum.accounts.roles import agency_membership_of, provider_membership_of
from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .choices import (
    ENDED_ENGAGEMENT_STATUSES,
    OPEN_ENGAGEMENT_STATUSES,
    WORKING_ROLES,
    EngagementStatus,
    TeamRole,
)
from .models import (
    Activity,
    Agreement,
    CalendarFeed,
    Deliverable,
    Engagement,
    Evaluation,
    FollowOn,
    Meeting,
    Milestone,
    TeamMember,
)

AGENCY_SIDE = Audience.AGENCY | Audience.PUBLIC
WORKING_SIDE = Audience.PROVIDER | Audience.PUBLIC


@dataclass(frozen=True)
class Relation:
    """How one user stands to one engagement."""

    staff: bool = False
    team_roles: frozenset[str] = frozenset()
    provider_staff: bool = False
    provider_coordinator: bool = False
    agency_side: bool = False

    @property
    def sees(self) -> bool:
        return self.staff or bool(self.team_roles) or self.provider_staff or self.agency_side

    @property
    def working(self) -> bool:
        """On the side that delivers the assistance (sees team-only material)."""
        return self.provider_staff or bool(self.team_roles & WORKING_ROLES)

    @property
    def coordinates(self) -> bool:
        """May staff the engagement: its organization's coordinator, or on it as coordinator."""
        return self.provider_coordinator or TeamRole.PROVIDER_COORDINATOR in self.team_roles

    @property
    def agency(self) -> bool:
        return self.agency_side or TeamRole.AGENCY_CONTACT in self.team_roles

    @property
    def audience(self) -> Audience:
        if not self.sees:
            return Audience.NONE
        if self.staff:
            return Audience.everyone()
        audience = Audience.PUBLIC
        if self.working:
            audience |= WORKING_SIDE
        if self.agency:
            audience |= AGENCY_SIDE
        return audience


def team_engagement_ids(user: Any):
    """The ids of the engagements the user is on the team of now (a subquery)."""
    return TeamMember.objects.filter(user_id=user.pk, left_at__isnull=True).values("engagement_id")


def relation_of(user: Any, engagement: Engagement) -> Relation:
    """How `user` stands to `engagement` (nothing for an inactive or anonymous user)."""
    if not is_active_user(user):
        return Relation()
    if is_program_staff(user):
        return Relation(staff=True)
    roles = frozenset(
        TeamMember.objects.filter(
            engagement_id=engagement.pk, user_id=user.pk, left_at__isnull=True
        ).values_list("role", flat=True)
    )
    provider = provider_membership_of(user)
    provider_staff = (
        provider is not None
        and engagement.provider_id is not None
        and provider.organization_id == engagement.provider_id
    )
    membership = agency_membership_of(user)
    agency_side = engagement.assistance_request.requester_id == user.pk or (
        membership is not None
        and engagement.agency_id is not None
        and membership.agency_id == engagement.agency_id
    )
    return Relation(
        team_roles=roles,
        provider_staff=provider_staff,
        provider_coordinator=provider_staff and provider.role == provider.Role.COORDINATOR,
        agency_side=agency_side,
    )


def _agency_engagement_ids(user: Any) -> list[QuerySet]:
    """The id lists of the agency side's engagements: those of the user's own requests, and
    their agency's (each a subquery on its own index)."""
    ids = [
        Engagement.objects.filter(assistance_request__requester_id=user.pk).order_by().values("pk")
    ]
    membership = agency_membership_of(user)
    if membership is not None:
        ids.append(
            Engagement.objects.filter(agency_id=membership.agency_id).order_by().values("pk")
        )
    return ids


def _union(prefix: str, ids: list[QuerySet]) -> Q:
    """`<prefix>pk IN (one id list UNION another ...)`.

    A union of id lists, not one OR across columns: an OR of the requester (through the
    request) and the agency made SQLite walk whole tables for an agency member (issue 8); each
    part of the union searches its own index, so the cost follows the viewer's few engagements,
    not the table.
    """
    first, *rest = ids
    return Q(**{f"{prefix}pk__in": first.union(*rest) if rest else first})


def _agency_rule(user: Any, prefix: str = "") -> Q:
    return _union(prefix, _agency_engagement_ids(user))


def _working_team_ids(user: Any) -> QuerySet:
    return (
        TeamMember.objects.filter(user_id=user.pk, left_at__isnull=True, role__in=WORKING_ROLES)
        .order_by()
        .values("engagement_id")
    )


def _provider_ids(user: Any) -> list[QuerySet]:
    provider = provider_membership_of(user)
    if provider is None:
        return []
    return [Engagement.objects.filter(provider_id=provider.organization_id).order_by().values("pk")]


def _working_rule(user: Any, prefix: str = "") -> Q:
    """Engagements where the user works: working team roles, or their organization's."""
    return _union(prefix, [_working_team_ids(user), *_provider_ids(user)])


def engagement_rule(user: Any, prefix: str = "") -> Q:
    """The engagements `user` may see, as a condition on a model reaching them by `prefix`:
    one union of id lists (the team's, the organization's, the agency side's)."""
    if not is_active_user(user):
        return NOTHING
    if is_program_staff(user):
        return Q()
    team = team_engagement_ids(user).order_by()
    return _union(prefix, [team, *_provider_ids(user), *_agency_engagement_ids(user)])


def working_rule(user: Any, prefix: str = "") -> Q:
    """The engagements whose working-side material `user` may see (staff: all)."""
    if not is_active_user(user):
        return NOTHING
    if is_program_staff(user):
        return Q()
    return _working_rule(user, prefix)


class EngagementPolicy(Policy):
    model = Engagement
    rules = (
        "manage",
        "work",
        "staff_team",
        "accept_agreement",
        "withdraw",
        "terminate",
        "escalate",
    )
    default_event_audience = Audience.STAFF | Audience.PROVIDER | Audience.AGENCY

    def visible_to(self, user: Any) -> Q:
        return engagement_rule(user)

    def view(self, user: Any, engagement: Engagement) -> bool:
        return relation_of(user, engagement).sees

    def audience_of(self, user: Any, engagement: Engagement) -> Audience:
        return relation_of(user, engagement).audience

    # Program staff run the engagement: lifecycle, agreement terms, evaluation.
    def manage(self, user: Any, engagement: Engagement) -> bool:
        return is_program_staff(user)

    def terminate(self, user: Any, engagement: Engagement) -> bool:
        return is_program_staff(user) and engagement.status not in ENDED_ENGAGEMENT_STATUSES

    def escalate(self, user: Any, engagement: Engagement) -> bool:
        if not is_program_staff(user) or engagement.status in ENDED_ENGAGEMENT_STATUSES:
            return False
        from continuum.catalog.models import Program

        return Program.objects.active().filter(order__gt=engagement.program.order).exists()

    # The working side logs activities, keeps the workplan, drafts deliverables.
    def work(self, user: Any, engagement: Engagement) -> bool:
        relation = relation_of(user, engagement)
        return relation.staff or relation.working

    # Program staff or the provider's coordinator staff the team.
    def staff_team(self, user: Any, engagement: Engagement) -> bool:
        if engagement.status in ENDED_ENGAGEMENT_STATUSES:
            return False
        relation = relation_of(user, engagement)
        return relation.staff or relation.coordinates

    # The agency's chief executive (a verified member in the executive role) accepts the terms.
    def accept_agreement(self, user: Any, engagement: Engagement) -> bool:
        if not is_active_user(user) or engagement.agency_id is None:
            return False
        membership = agency_membership_of(user)
        return (
            membership is not None
            and membership.agency_id == engagement.agency_id
            and membership.role == membership.Role.EXECUTIVE
        )

    # The agency side may withdraw at any time while the engagement is open: it is voluntary.
    def withdraw(self, user: Any, engagement: Engagement) -> bool:
        return (
            engagement.status in OPEN_ENGAGEMENT_STATUSES and relation_of(user, engagement).agency
        )


ENGAGEMENTS = register(EngagementPolicy())


class _ThroughEngagement(Policy):
    """Rows seen through their engagement (`engagement` foreign key)."""

    default_event_audience = Audience.STAFF | Audience.PROVIDER | Audience.AGENCY

    def visible_to(self, user: Any) -> Q:
        return engagement_rule(user, "engagement__")

    def view(self, user: Any, obj: Any) -> bool:
        return relation_of(user, obj.engagement).sees

    def audience_of(self, user: Any, obj: Any) -> Audience:
        return relation_of(user, obj.engagement).audience


class _WorkingSideOnly(Policy):
    """Rows only program staff and the working side see (never the agency)."""

    default_event_audience = Audience.STAFF | Audience.PROVIDER

    def visible_to(self, user: Any) -> Q:
        return working_rule(user, "engagement__")

    def view(self, user: Any, obj: Any) -> bool:
        relation = relation_of(user, obj.engagement)
        return relation.staff or relation.working

    def audience_of(self, user: Any, obj: Any) -> Audience:
        if not self.view(user, obj):
            return Audience.NONE
        relation = relation_of(user, obj.engagement)
        if relation.staff:
            return Audience.everyone()  # program staff see every event, like everywhere else
        return relation.audience & ~AGENCY_SIDE | Audience.PUBLIC


class TeamMemberPolicy(_ThroughEngagement):
    model = TeamMember


class MilestonePolicy(_ThroughEngagement):
    model = Milestone


class MeetingPolicy(_ThroughEngagement):
    """The agency side sees meetings too (its people attend them)."""

    model = Meeting


class DeliverablePolicy(_ThroughEngagement):
    """Deliverables are seen by the agency once they reach its fact-check; before, by the team."""

    model = Deliverable
    AGENCY_STATES = ("agency_fact_check", "program_approval", "final", "published")
    # The internal review (and any return to drafting, whose note may criticize the draft) is
    # the team's: the agency, once it sees the deliverable, sees only the steps it takes part in.
    default_event_audience = Audience.STAFF | Audience.PROVIDER
    event_audiences = {
        verb: Audience.STAFF | Audience.PROVIDER | Audience.AGENCY
        for verb in (
            "deliverable_sent_to_agency",
            "deliverable_fact_checked",
            "deliverable_corrections_requested",
            "deliverable_approved",
            "deliverable_published",
        )
    }

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if is_program_staff(user):
            return Q()
        agency_contact = Q(
            engagement__pk__in=TeamMember.objects.filter(
                user_id=user.pk, left_at__isnull=True, role=TeamRole.AGENCY_CONTACT
            ).values("engagement_id")
        )
        return working_rule(user, "engagement__") | (
            Q(status__in=self.AGENCY_STATES) & (_agency_rule(user, "engagement__") | agency_contact)
        )

    def view(self, user: Any, deliverable: Deliverable) -> bool:
        relation = relation_of(user, deliverable.engagement)
        if relation.staff or relation.working:
            return True
        return relation.agency and deliverable.status in self.AGENCY_STATES

    def audience_of(self, user: Any, deliverable: Deliverable) -> Audience:
        if not self.view(user, deliverable):
            return Audience.NONE
        return relation_of(user, deliverable.engagement).audience


class ActivityPolicy(_WorkingSideOnly):
    """Activities carry hours and costs: program staff and the working side only."""

    model = Activity


class AgreementPolicy(_ThroughEngagement):
    model = Agreement


class EvaluationPolicy(Policy):
    """The agency's answers: program staff and the agency side."""

    model = Evaluation
    default_event_audience = Audience.STAFF | Audience.AGENCY

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if is_program_staff(user):
            return Q()
        return _agency_rule(user, "engagement__") | Q(
            engagement__pk__in=TeamMember.objects.filter(
                user_id=user.pk, left_at__isnull=True, role=TeamRole.AGENCY_CONTACT
            ).values("engagement_id")
        )

    def view(self, user: Any, evaluation: Evaluation) -> bool:
        relation = relation_of(user, evaluation.engagement)
        return relation.staff or relation.agency

    def audience_of(self, user: Any, evaluation: Evaluation) -> Audience:
        if not self.view(user, evaluation):
            return Audience.NONE
        relation = relation_of(user, evaluation.engagement)
        return Audience.everyone() if relation.staff else AGENCY_SIDE


class FollowOnPolicy(Policy):
    """Escalations are program staff's work."""

    model = FollowOn

    def visible_to(self, user: Any) -> Q:
        return Q() if is_program_staff(user) else NOTHING

    def view(self, user: Any, obj: FollowOn) -> bool:
        return is_program_staff(user)


class CalendarFeedPolicy(Policy):
    """A calendar feed is its owner's alone."""

    model = CalendarFeed

    def visible_to(self, user: Any) -> Q:
        return Q(user_id=user.pk) if is_active_user(user) else NOTHING

    def view(self, user: Any, feed: CalendarFeed) -> bool:
        return is_active_user(user) and feed.user_id == user.pk

    # audience_of: the default (the owner; every audience when the owner is program staff).


TEAM = register(TeamMemberPolicy())
MILESTONES = register(MilestonePolicy())
MEETINGS = register(MeetingPolicy())
DELIVERABLES = register(DeliverablePolicy())
ACTIVITIES = register(ActivityPolicy())
AGREEMENTS = register(AgreementPolicy())
EVALUATIONS = register(EvaluationPolicy())
FOLLOW_ONS = register(FollowOnPolicy())
CALENDAR_FEEDS = register(CalendarFeedPolicy())

__all__ = [
    "ACTIVITIES",
    "AGREEMENTS",
    "CALENDAR_FEEDS",
    "DELIVERABLES",
    "ENGAGEMENTS",
    "EVALUATIONS",
    "FOLLOW_ONS",
    "MEETINGS",
    "MILESTONES",
    "TEAM",
    "EngagementStatus",
    "Relation",
    "engagement_rule",
    "relation_of",
    "working_rule",
]
