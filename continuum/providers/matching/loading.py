"""Reading the facts for one engagement in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from continuum.agencies.choices import size_of

from ..models import AvailabilityWindow, ConflictDeclaration, Expertise, ExpertProfile, Position
from .facts import EngagementFacts, ExpertFacts
from .scoring import engagement_window

# --- loading the facts (a fixed number of queries) -----------------------------------------------


def engagement_facts(engagement, *, languages_needed: Iterable[str] = ()) -> EngagementFacts:
    """What matching needs of the engagement. Services and topics come from the prefetch cache
    when the engagement was read with `prefetch_related("services", "topics")`."""
    from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES

    agency = engagement.agency if engagement.agency_id else None
    state = agency.state if agency is not None else None
    needs: dict[tuple[str, int], str] = {}
    for service in engagement.services.all():
        needs[("service", service.pk)] = service.name
    for topic in engagement.topics.all():
        needs[("topic", topic.pk)] = topic.name
    return EngagementFacts(
        engagement_id=engagement.pk,
        agency_id=engagement.agency_id,
        agency_type=agency.agency_type if agency is not None else "",
        agency_size=size_of(agency.population_served) if agency is not None else "",
        state_id=state.pk if state is not None else None,
        state_usps=state.usps if state is not None else "",
        state_name=state.name if state is not None else "",
        same_state_conflict=bool(engagement.program.same_state_conflict),
        starts_on=engagement.starts_on,
        ends_on=engagement.ends_on,
        needs=needs,
        languages_needed=frozenset(languages_needed),
        engagement_open=engagement.status in OPEN_ENGAGEMENT_STATUSES,
    )


def load_experts(facts: EngagementFacts, *, expert_ids: Iterable[int] | None = None):
    """Every expert's facts for this engagement, in six queries whatever their number."""
    from continuum.engagements.choices import EXPERT_ROLES
    from continuum.engagements.models import ExpertWorkload, TeamMember

    profiles = ExpertProfile.objects.filter(user__is_active=True)
    if expert_ids is not None:
        profiles = profiles.filter(pk__in=list(expert_ids))
    experts: dict[int, ExpertFacts] = {}
    by_user: dict[int, ExpertFacts] = {}
    for row in profiles.order_by().values_list(
        "pk",
        "user_id",
        "user__full_name",
        "user__email",
        "organization__name",
        "home_state_id",
        "home_state__usps",
        "home_state__name",
        "languages",
        "travel",
        "capacity",
        "vetting_status",
        "is_active",
    ):
        (pk, user_id, full_name, email, org, state_id, usps, state_name) = row[:8]
        langs, travel, cap, vet, active = row[8:]
        facts_row = ExpertFacts(
            expert_id=pk,
            user_id=user_id,
            name=full_name or email,
            organization=org or "",
            home_state_id=state_id,
            home_state_usps=usps or "",
            home_state_name=state_name or "",
            languages=tuple(langs or ()),
            travel=travel,
            capacity=cap,
            vetting_status=vet,
            is_active=active,
        )
        experts[pk] = facts_row
        by_user[user_id] = facts_row
    if not experts:
        return []

    def scoped(queryset):
        return queryset.filter(expert_id__in=list(experts)) if expert_ids is not None else queryset

    service_ids = [pk for kind, pk in facts.needs if kind == "service"]
    topic_ids = [pk for kind, pk in facts.needs if kind == "topic"]
    if service_ids or topic_ids:
        rows = scoped(
            Expertise.objects.filter(Q(service_id__in=service_ids) | Q(topic_id__in=topic_ids))
        ).values_list("expert_id", "service_id", "topic_id", "level")
        for expert_id, service_id, topic_id, level in rows:
            if expert_id in experts:
                key = ("service", service_id) if service_id else ("topic", topic_id)
                experts[expert_id].expertise[key] = level

    relevant = Q(pk__in=[])
    if facts.agency_id is not None:
        relevant |= Q(agency_id=facts.agency_id)
    if facts.agency_type:
        relevant |= Q(agency_type=facts.agency_type)
    if facts.agency_size:
        relevant |= Q(agency_size=facts.agency_size)
    rows = scoped(Position.objects.filter(relevant)).values_list(
        "expert_id", "agency_id", "agency_type", "agency_size", "title", "start_year", "end_year"
    )
    for expert_id, *position in rows.order_by("start_year", "pk"):
        if expert_id in experts:
            experts[expert_id].positions.append(tuple(position))

    window = engagement_window(facts)
    if window is not None:
        rows = scoped(
            AvailabilityWindow.objects.filter(starts_on__lte=window[1], ends_on__gte=window[0])
        ).values_list("expert_id", "kind", "starts_on", "ends_on")
        for expert_id, kind, starts_on, ends_on in rows:
            if expert_id in experts:
                experts[expert_id].windows.append((kind, starts_on, ends_on))

    conflict = Q(pk__in=[])
    if facts.agency_id is not None:
        conflict |= Q(agency_id=facts.agency_id)
    if facts.state_id is not None:
        conflict |= Q(state_id=facts.state_id)
    rows = scoped(ConflictDeclaration.objects.filter(conflict)).values_list(
        "expert_id", "agency_id", "reason"
    )
    for expert_id, agency_id, reason in rows.order_by("pk"):
        if expert_id in experts:
            experts[expert_id].conflicts.append(("agency" if agency_id else "state", reason))

    # Workload: each expert's open engagements, the count the team and lifecycle services keep
    # (`ExpertWorkload`): one narrow row an expert, whatever the number of engagements.
    kept = ExpertWorkload.objects.filter(open_engagements__gt=0)
    if expert_ids is not None:
        kept = kept.filter(user_id__in=list(by_user))
    for user_id, count in kept.values_list("user_id", "open_engagements"):
        if user_id in by_user:
            by_user[user_id].open_engagements = count
    if facts.engagement_id is not None:
        on_team: dict[int, list[str]] = defaultdict(list)
        for user_id, role in (
            TeamMember.objects.filter(engagement_id=facts.engagement_id, left_at__isnull=True)
            .order_by("pk")
            .values_list("user_id", "role")
        ):
            on_team[user_id].append(role)
        for user_id, roles in on_team.items():
            if user_id in by_user:
                expert = by_user[user_id]
                expert.team_roles = tuple(roles)
                # This engagement is not part of its own experts' load elsewhere.
                if facts.engagement_open and EXPERT_ROLES.intersection(roles):
                    expert.open_engagements = max(expert.open_engagements - 1, 0)
    return list(experts.values())
