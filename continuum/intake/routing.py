"""Routing along the continuum: a recommended program and services, computed from rules that
are data (`RoutingTable` / `RoutingRule`, edited by administrators in the admin).

How one request meets one table
-------------------------------
1. **A rule matches** when every condition it fills holds (an empty condition matches anything):
   - *service*: the request asks for exactly that service (a kind of needs assessment is its own
     service; asking for one kind does not match a rule about another);
   - *not sure*: the requester said (yes) or did not say (no) that they are not sure;
   - *incident within N days*: the request reports a critical incident dated no more than N days
     before the request was submitted (or before today for a draft), and not in the future;
   - *concern scope*: the request's scope of concern is that one;
   - *population at least / at most N*: the agency (from the directory) serves at least / at
     most N people; an agency whose size is unknown (not in the directory, or no figure)
     matches neither, so size-based rules never guess;
   - *consultation*: the agency asked (yes) or did not ask (no) for an immediate, confidential
     consultation about a pressing need (the critical-incident step of the form).
2. **Rules come in three tiers**, and only the first tier with a match counts:
   - *specific* rules: those with a service, incident or concern-scope condition;
   - *"not sure" rules*: those whose only condition is "not sure" — they yield to anything the
     request actually asked for, so "not sure" alone leads to them, "not sure" plus a service
     does not;
   - *fallback* rules: no condition at all — used when nothing else matched.
3. **Within that tier, the deepest program on the continuum wins** (the highest
   `Program.order`: Organizational Assessment > Critical Response > CRI-TAC), because deeper help
   can include lighter help, not the reverse.
4. **Its services are the union** of the services of every matching rule (of that tier) that
   points to the winning program, in rule priority order, without repeats.
5. **Every matching rule's reason is listed** (of that tier, in priority order), including the
   reasons of rules that pointed to a lighter program, so staff see everything the request
   triggered.

Each recommendation carries the table it used; `request_submit` stores it on the request, and
decisions show it. See docs/adr/0005-routing-rules-as-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from .models import RoutingRule, RoutingTable

TIER_SPECIFIC = 1
TIER_NOT_SURE = 2
TIER_FALLBACK = 3


@dataclass
class Recommendation:
    program: object | None  # catalog.Program
    services: list = field(default_factory=list)  # catalog.Service, in rule order
    reasons: list[str] = field(default_factory=list)
    table: RoutingTable | None = None
    rules: list[RoutingRule] = field(default_factory=list)  # the rules that counted

    @property
    def service_slugs(self) -> list[str]:
        return [s.slug for s in self.services]


@dataclass(frozen=True)
class RequestFacts:
    """What routing looks at, read once from the request."""

    service_ids: frozenset[int]
    not_sure: bool
    incident_age_days: int | None
    concern_scope: str
    population: int | None = None
    wants_consultation: bool = False

    @classmethod
    def of(cls, ar) -> RequestFacts:
        service_ids = frozenset(ar.services.values_list("pk", flat=True)) if ar.pk else frozenset()
        incident_age = None
        if ar.has_critical_incident and ar.incident_date:
            reference = (
                timezone.localdate(ar.submitted_at) if ar.submitted_at else timezone.localdate()
            )
            incident_age = (reference - ar.incident_date).days
        return cls(
            service_ids=service_ids,
            not_sure=bool(ar.not_sure),
            incident_age_days=incident_age,
            concern_scope=ar.concern_scope or "",
            population=ar.agency.population_served if ar.agency_id else None,
            wants_consultation=bool(getattr(ar, "wants_immediate_consultation", False)),
        )


def rule_tier(rule: RoutingRule) -> int:
    if (
        rule.when_service_id is not None
        or rule.when_incident_within_days is not None
        or rule.when_concern_scope
        or rule.when_population_min is not None
        or rule.when_population_max is not None
        or rule.when_consultation is not None
    ):
        return TIER_SPECIFIC
    if rule.when_not_sure is not None:
        return TIER_NOT_SURE
    return TIER_FALLBACK


def rule_matches(rule: RoutingRule, facts: RequestFacts) -> bool:
    if rule.when_service_id is not None and rule.when_service_id not in facts.service_ids:
        return False
    if rule.when_not_sure is not None and rule.when_not_sure != facts.not_sure:
        return False
    if rule.when_incident_within_days is not None:
        age = facts.incident_age_days
        if age is None or age < 0 or age > rule.when_incident_within_days:
            return False
    if rule.when_population_min is not None and (
        facts.population is None or facts.population < rule.when_population_min
    ):
        return False
    if rule.when_population_max is not None and (
        facts.population is None or facts.population > rule.when_population_max
    ):
        return False
    if rule.when_consultation is not None and rule.when_consultation != facts.wants_consultation:
        return False
    return not (rule.when_concern_scope and rule.when_concern_scope != facts.concern_scope)


def active_table() -> RoutingTable | None:
    return RoutingTable.objects.filter(is_active=True).first()


def table_rules(table: RoutingTable) -> list[RoutingRule]:
    return list(
        table.rules.select_related("program", "when_service")
        .prefetch_related("services")
        .order_by("priority", "pk")
    )


def recommend_from_facts(facts: RequestFacts, rules: list[RoutingRule], table) -> Recommendation:
    matching = [r for r in rules if r.program.is_active and rule_matches(r, facts)]
    if not matching:
        return Recommendation(
            program=None,
            reasons=["No routing rule matched this request; program staff decide by hand."],
            table=table,
        )
    tier = min(rule_tier(r) for r in matching)
    counted = [r for r in matching if rule_tier(r) == tier]
    program = max((r.program for r in counted), key=lambda p: p.order)
    services: list = []
    seen: set[int] = set()
    for rule in counted:
        if rule.program_id != program.pk:
            continue
        for service in sorted(rule.services.all(), key=lambda s: (s.order, s.pk)):
            if service.pk not in seen:
                seen.add(service.pk)
                services.append(service)
    reasons = []
    for rule in counted:
        if rule.reason not in reasons:
            reasons.append(rule.reason)
    return Recommendation(
        program=program, services=services, reasons=reasons, table=table, rules=counted
    )


def recommend(ar, *, table: RoutingTable | None = None) -> Recommendation:
    """The recommendation of `table` (the active one by default) for this request."""
    table = table or active_table()
    if table is None:
        return Recommendation(
            program=None,
            reasons=["There is no active routing table; program staff decide by hand."],
        )
    return recommend_from_facts(RequestFacts.of(ar), table_rules(table), table)
