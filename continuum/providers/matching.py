"""Matching: which experts fit an engagement, ranked, with the reasons (docs/matching.md).

For one engagement every expert gets a score out of 100 made of six parts, each with a one-line
plain reason: expertise, experience with similar agencies, proximity, language, availability in
the engagement's window, and current workload. Hard exclusions (conflict of interest, not
vetted, not available, at capacity) take an expert off the ranked list; they are kept, with
their codes and reasons, for "show excluded experts" and for the assignment's override.

How it is built, so that 5,000 experts answer in well under a second:

- `load_facts` reads everything in a FIXED number of queries (eight, whatever the number of
  experts): plain values, no model instances, only the rows that can matter to this
  engagement (expertise in its services and topics, positions at its agency or at agencies of
  its type or size, windows overlapping its dates, conflicts with its agency or state).
- `score_expert` is pure: plain data in, a `Match` out. Tests give it tables of facts.
- Every weight and fraction is in the tables below (`WEIGHTS`, `PROXIMITY`, `EXPERIENCE`,
  `AVAILABILITY`): changing the policy is a one-row diff.
"""

from __future__ import annotations

import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from continuum.agencies.choices import AgencySize, AgencyType, size_of

from .choices import AvailabilityKind, ExpertiseLevel, TravelWillingness, VettingStatus
from .models import AvailabilityWindow, ConflictDeclaration, Expertise, ExpertProfile, Position
from .regions import same_division, same_region

# --- the policy, as tables --------------------------------------------------------------------

#: The most points each part can give (they add up to 100).
WEIGHTS: dict[str, int] = {
    "expertise": 35,
    "experience": 20,
    "proximity": 15,
    "availability": 10,
    "workload": 10,
    "language": 10,
}
PART_LABELS = {
    "expertise": gettext_lazy("Expertise"),
    "experience": gettext_lazy("Similar agencies"),
    "proximity": gettext_lazy("Proximity"),
    "availability": gettext_lazy("Availability"),
    "workload": gettext_lazy("Workload"),
    "language": gettext_lazy("Language"),
}
#: Share of the proximity points, by where the expert lives and how far they travel.
PROXIMITY: dict[str, float] = {
    "same_state": 1.0,
    "same_division": 0.7,  # same Census division, willing to travel in the region or further
    "same_region": 0.5,  # same Census region, the same
    "national": 0.3,  # further away, willing to travel anywhere
    "remote_only": 0.1,  # further away, works remotely only
    "out_of_reach": 0.0,  # further away than they travel
    "unknown": 0.3,  # the expert's or the agency's state is not known
}
#: Share of the experience points, by what their positions have in common with the agency.
EXPERIENCE: dict[str, float] = {
    "type_and_size": 1.0,
    "type": 0.6,
    "size": 0.4,
    "none": 0.0,
    "unknown": 0.3,  # the agency is not in the directory: nothing to compare
}
#: Share of the availability points.
AVAILABILITY: dict[str, float] = {
    "covered": 1.0,  # an "available" window covers the engagement's dates
    "partly": 0.6,  # "available" windows cover part of them
    "unstated": 0.5,  # nothing said about those dates (or the engagement has no dates)
    "partly_unavailable": 0.2,  # "not available" for part of the dates
}
#: Share of the language points when the engagement needs no particular language (all equal).
LANGUAGE_NEUTRAL = 0.5


# --- plain words, put together only when shown ---------------------------------------------------


class Text:
    """A reason: a message (marked for translation) and its values, translated and filled in
    only when shown. Scoring 5,000 experts builds 35,000 reasons; the page shows a few dozen."""

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: dict[str, Any] | None = None):
        self.message = message
        self.params = params

    def __str__(self) -> str:
        text = _(self.message)
        if not self.params:
            return text
        return text % {name: _shown(value) for name, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Text({str(self)!r})"

    def __contains__(self, part: str) -> bool:
        return part in str(self)


def _shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return date_format(value, "F j, Y")
    if isinstance(value, Promise):
        return str(value)
    if callable(value):
        return value()
    return value


def said(message: str, params: dict[str, Any] | None = None) -> Text:
    return Text(message, params)


# --- exclusions ----------------------------------------------------------------------------------


class ExclusionCode:
    UNVETTED = "unvetted"
    CONFLICT_WORKED_THERE = "conflict_worked_there"
    CONFLICT_DECLARED_AGENCY = "conflict_declared_agency"
    CONFLICT_DECLARED_STATE = "conflict_declared_state"
    CONFLICT_SAME_STATE = "conflict_same_state"
    NOT_TAKING = "not_taking_engagements"
    UNAVAILABLE = "unavailable"
    AT_CAPACITY = "at_capacity"


@dataclass(frozen=True)
class Exclusion:
    code: str
    reason: Text
    #: The expert's own words (a declared conflict's reason): program staff only.
    detail: str = ""

    def as_record(self) -> dict[str, str]:
        """What a team member keeps of an exclusion a program manager overrode."""
        return {"code": self.code, "reason": str(self.reason)}


@dataclass(slots=True)
class ScorePart:
    key: str
    points: float
    max_points: int
    reason: Text

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.key])


# --- the facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementFacts:
    engagement_id: int | None
    agency_id: int | None
    agency_type: str
    agency_size: str
    state_id: int | None
    state_usps: str
    state_name: str
    same_state_conflict: bool
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    #: ("service" | "topic", id) -> name, for what the engagement is about.
    needs: dict[tuple[str, int], str]
    languages_needed: frozenset[str] = frozenset()


@dataclass(slots=True)
class ExpertFacts:
    expert_id: int
    user_id: int
    name: str
    organization: str = ""
    home_state_id: int | None = None
    home_state_usps: str = ""
    home_state_name: str = ""
    languages: tuple[str, ...] = ()
    travel: str = TravelWillingness.NATIONAL
    capacity: int = 2
    vetting_status: str = VettingStatus.VETTED
    is_active: bool = True
    #: ("service" | "topic", id) -> level, only for the engagement's needs.
    expertise: dict[tuple[str, int], int] = field(default_factory=dict)
    #: (agency_id, agency_type, agency_size, title, start_year, end_year) of relevant positions.
    positions: list[tuple] = field(default_factory=list)
    #: (kind, starts_on, ends_on) of windows overlapping the engagement's dates.
    windows: list[tuple] = field(default_factory=list)
    #: ("agency" | "state", reason) of conflicts declared with the agency or its state.
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    open_engagements: int = 0
    team_roles: tuple[str, ...] = ()


@dataclass(slots=True)
class Match:
    expert_id: int
    user_id: int
    name: str
    organization: str
    home_state_usps: str
    parts: list[ScorePart]
    exclusions: list[Exclusion]
    open_engagements: int
    capacity: int
    team_roles: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        return round(sum(part.points for part in self.parts), 1)

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)

    @property
    def on_team(self) -> bool:
        return bool(self.team_roles)


@dataclass
class MatchResult:
    ranked: list[Match]
    excluded: list[Match]
    facts: EngagementFacts

    @property
    def by_expert(self) -> dict[int, Match]:
        return {m.expert_id: m for m in [*self.ranked, *self.excluded]}


# --- pure scoring --------------------------------------------------------------------------------


def _merged(intervals: Iterable[tuple[datetime.date, datetime.date]]) -> list[tuple]:
    """Date intervals merged where they overlap or touch (day after day)."""
    merged: list[list] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(pair) for pair in merged]


def _covers(intervals, start, end) -> bool:
    return any(s <= start and e >= end for s, e in _merged(intervals))


def _window(facts: EngagementFacts) -> tuple[datetime.date, datetime.date] | None:
    if facts.starts_on is None:
        return None
    return facts.starts_on, facts.ends_on or facts.starts_on


def exclusions_of(facts: EngagementFacts, expert: ExpertFacts) -> list[Exclusion]:
    found: list[Exclusion] = []
    if expert.vetting_status != VettingStatus.VETTED:
        label = VettingStatus(expert.vetting_status).label
        found.append(
            Exclusion(
                ExclusionCode.UNVETTED,
                said(N_("Not vetted by the program (vetting: %(status)s)."), {"status": label}),
            )
        )
    if facts.agency_id is not None:
        for agency_id, _type, _size, title, start, end in expert.positions:
            if agency_id == facts.agency_id:
                years = f"{start}–{end}" if end else f"{start}–"
                found.append(
                    Exclusion(
                        ExclusionCode.CONFLICT_WORKED_THERE,
                        said(
                            N_(
                                "Conflict of interest: worked at this agency "
                                "(%(title)s, %(years)s)."
                            ),
                            {"title": title, "years": years},
                        ),
                    )
                )
                break
    for kind, reason in expert.conflicts:
        if kind == "agency":
            found.append(
                Exclusion(
                    ExclusionCode.CONFLICT_DECLARED_AGENCY,
                    said(N_("Conflict of interest: declared a conflict with this agency.")),
                    reason,
                )
            )
        else:
            found.append(
                Exclusion(
                    ExclusionCode.CONFLICT_DECLARED_STATE,
                    said(
                        N_(
                            "Conflict of interest: declared a conflict with every agency "
                            "in %(state)s."
                        ),
                        {"state": facts.state_name},
                    ),
                    reason,
                )
            )
    if (
        facts.same_state_conflict
        and facts.state_id is not None
        and expert.home_state_id == facts.state_id
    ):
        found.append(
            Exclusion(
                ExclusionCode.CONFLICT_SAME_STATE,
                said(
                    N_(
                        "Conflict of interest: lives in %(state)s, and this program does not send "
                        "experts to agencies of their home state."
                    ),
                    {"state": facts.state_name},
                ),
            )
        )
    if not expert.is_active:
        found.append(Exclusion(ExclusionCode.NOT_TAKING, said(N_("Not taking engagements now."))))
    window = _window(facts)
    if window is not None:
        unavailable = [
            (s, e) for kind, s, e in expert.windows if kind == AvailabilityKind.UNAVAILABLE
        ]
        if _covers(unavailable, *window):
            found.append(
                Exclusion(
                    ExclusionCode.UNAVAILABLE,
                    said(
                        N_("Not available for the engagement's dates (%(start)s to %(end)s)."),
                        {"start": window[0], "end": window[1]},
                    ),
                )
            )
    if expert.open_engagements >= expert.capacity:
        found.append(
            Exclusion(
                ExclusionCode.AT_CAPACITY,
                said(
                    N_("At capacity: on %(open)s open engagements and takes at most %(capacity)s."),
                    {"open": expert.open_engagements, "capacity": expert.capacity},
                ),
            )
        )
    return found


def _part(key: str, share: float, reason: Text) -> ScorePart:
    weight = WEIGHTS[key]
    return ScorePart(key, round(weight * max(0.0, min(1.0, share)), 1), weight, reason)


def _expertise(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    if not facts.needs:
        return _part("expertise", 0.5, said(N_("The engagement names no services or topics yet.")))
    by_level: dict[int, list[str]] = defaultdict(list)
    total = 0
    for need, name in facts.needs.items():
        level = expert.expertise.get(need, 0)
        total += level
        if level:
            by_level[level].append(name)
    if not by_level:
        return _part(
            "expertise", 0.0, said(N_("No listed expertise in this engagement's subjects."))
        )

    def detail() -> str:
        return "; ".join(
            f"{str(ExpertiseLevel(level).label).lower()}: {', '.join(sorted(by_level[level]))}"
            for level in sorted(by_level, reverse=True)
        )

    covered = sum(len(names) for names in by_level.values())
    reason = said(
        N_("%(covered)s of %(needed)s subjects (%(detail)s)."),
        {"covered": covered, "needed": len(facts.needs), "detail": detail},
    )
    return _part("expertise", total / (ExpertiseLevel.LEADING * len(facts.needs)), reason)


def _experience(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    if not facts.agency_type and not facts.agency_size:
        return _part(
            "experience", EXPERIENCE["unknown"], said(N_("The agency is not in the directory."))
        )
    both = type_only = size_only = False
    for _agency, agency_type, agency_size, *_rest in expert.positions:
        same_type = bool(facts.agency_type) and agency_type == facts.agency_type
        same_size = bool(facts.agency_size) and agency_size == facts.agency_size
        both |= same_type and same_size
        type_only |= same_type
        size_only |= same_size

    def type_label() -> str:
        return str(AgencyType(facts.agency_type).label).lower()

    def size_label() -> str:
        return str(AgencySize(facts.agency_size).label).split(" (")[0].lower()

    if both:
        return _part(
            "experience",
            EXPERIENCE["type_and_size"],
            said(
                N_("Worked in a %(size)s %(type)s agency, like this one."),
                {"size": size_label, "type": type_label},
            ),
        )
    if type_only:
        return _part(
            "experience",
            EXPERIENCE["type"],
            said(N_("Worked in a %(type)s agency of another size."), {"type": type_label}),
        )
    if size_only:
        return _part(
            "experience",
            EXPERIENCE["size"],
            said(N_("Worked in a %(size)s agency of another type."), {"size": size_label}),
        )
    return _part(
        "experience", EXPERIENCE["none"], said(N_("No position in an agency of this type or size."))
    )


def _proximity(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    here, home = facts.state_usps, expert.home_state_usps
    named = expert.home_state_name or home
    if not here or not home:
        return _part(
            "proximity", PROXIMITY["unknown"], said(N_("Home state or agency state unknown."))
        )
    if home == here:
        return _part(
            "proximity", PROXIMITY["same_state"], said(N_("Lives in %(state)s."), {"state": named})
        )
    travel = expert.travel
    travels_region = travel in (TravelWillingness.REGIONAL, TravelWillingness.NATIONAL)
    if travels_region and same_division(home, here):
        return _part(
            "proximity",
            PROXIMITY["same_division"],
            said(N_("Lives in %(home)s, a neighboring state."), {"home": named}),
        )
    if travels_region and same_region(home, here):
        return _part(
            "proximity",
            PROXIMITY["same_region"],
            said(N_("Lives in %(home)s, in the same region."), {"home": named}),
        )
    if travel == TravelWillingness.NATIONAL:
        return _part(
            "proximity",
            PROXIMITY["national"],
            said(N_("Lives in %(home)s; travels anywhere in the country."), {"home": named}),
        )
    if travel == TravelWillingness.NONE:
        return _part(
            "proximity",
            PROXIMITY["remote_only"],
            said(N_("Lives in %(home)s and works remotely only."), {"home": named}),
        )
    return _part(
        "proximity",
        PROXIMITY["out_of_reach"],
        said(N_("Lives in %(home)s and does not travel this far."), {"home": named}),
    )


def _language(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    if not facts.languages_needed:
        return _part(
            "language",
            LANGUAGE_NEUTRAL,
            said(N_("No language need is recorded for this engagement: the same for everyone.")),
        )
    have = facts.languages_needed & set(expert.languages)
    if not have:
        return _part(
            "language", 0.0, said(N_("Does not list the languages this engagement needs."))
        )
    share = len(have) / len(facts.languages_needed)
    return _part(
        "language",
        share,
        said(
            N_("Works in %(have)s of the %(needed)s languages needed."),
            {"have": len(have), "needed": len(facts.languages_needed)},
        ),
    )


def _availability(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    window = _window(facts)
    if window is None:
        return _part(
            "availability", AVAILABILITY["unstated"], said(N_("The engagement has no dates yet."))
        )
    unavailable = [(s, e) for kind, s, e in expert.windows if kind == AvailabilityKind.UNAVAILABLE]
    available = [(s, e) for kind, s, e in expert.windows if kind == AvailabilityKind.AVAILABLE]
    if unavailable:
        start, end = min(s for s, _e in unavailable), max(e for _s, e in unavailable)
        return _part(
            "availability",
            AVAILABILITY["partly_unavailable"],
            said(
                N_("Not available from %(start)s to %(end)s, during the engagement."),
                {"start": max(start, window[0]), "end": min(end, window[1])},
            ),
        )
    if available and _covers(available, *window):
        return _part(
            "availability",
            AVAILABILITY["covered"],
            said(N_("Available for the engagement's dates.")),
        )
    if available:
        return _part(
            "availability",
            AVAILABILITY["partly"],
            said(N_("Available for part of the engagement.")),
        )
    return _part(
        "availability",
        AVAILABILITY["unstated"],
        said(N_("Has not said whether they are available.")),
    )


def _workload(facts: EngagementFacts, expert: ExpertFacts) -> ScorePart:
    capacity, current = expert.capacity, expert.open_engagements
    share = 1 - current / capacity if capacity else 0.0
    return _part(
        "workload",
        share,
        said(
            N_("On %(open)s open engagements; takes up to %(capacity)s at once."),
            {"open": current, "capacity": capacity},
        ),
    )


PARTS = (_expertise, _experience, _proximity, _language, _availability, _workload)


def score_expert(facts: EngagementFacts, expert: ExpertFacts) -> Match:
    """One expert's parts and exclusions for one engagement (pure: no database)."""
    return Match(
        expert_id=expert.expert_id,
        user_id=expert.user_id,
        name=expert.name,
        organization=expert.organization,
        home_state_usps=expert.home_state_usps,
        parts=[part(facts, expert) for part in PARTS],
        exclusions=exclusions_of(facts, expert),
        open_engagements=expert.open_engagements,
        capacity=expert.capacity,
        team_roles=expert.team_roles,
    )


def rank(facts: EngagementFacts, experts: Iterable[ExpertFacts]) -> MatchResult:
    """Score every expert; the ranked list (best first) and the excluded ones apart."""
    ranked, excluded = [], []
    for expert in experts:
        match = score_expert(facts, expert)
        (excluded if match.excluded else ranked).append(match)
    ranked.sort(key=lambda m: (-m.score, m.name.casefold(), m.expert_id))
    excluded.sort(key=lambda m: (-m.score, m.name.casefold(), m.expert_id))
    return MatchResult(ranked=ranked, excluded=excluded, facts=facts)


# --- loading the facts (a fixed number of queries) -----------------------------------------------


def engagement_facts(engagement, *, languages_needed: Iterable[str] = ()) -> EngagementFacts:
    """What matching needs of the engagement. Services and topics come from the prefetch cache
    when the engagement was read with `prefetch_related("services", "topics")`."""
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
    )


def load_experts(facts: EngagementFacts, *, expert_ids: Iterable[int] | None = None):
    """Every expert's facts for this engagement, in six queries whatever their number."""
    from continuum.engagements.choices import EXPERT_ROLES, OPEN_ENGAGEMENT_STATUSES
    from continuum.engagements.models import TeamMember

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

    window = _window(facts)
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

    members = TeamMember.objects.filter(left_at__isnull=True, role__in=list(EXPERT_ROLES))
    if expert_ids is not None:
        members = members.filter(user_id__in=list(by_user))
    load = (
        members.filter(engagement__status__in=list(OPEN_ENGAGEMENT_STATUSES))
        .exclude(engagement_id=facts.engagement_id)
        .order_by()
        .values_list("user_id")
        .annotate(open=Count("pk"))
    )
    for user_id, count in load:
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
                by_user[user_id].team_roles = tuple(roles)
    return list(experts.values())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while matching builds its many small objects (none of
    them in cycles): with 5,000 experts the collector otherwise re-walks the growing result
    dozens of times and doubles the time. Reference counting still frees everything; the
    collector is turned back on (if it was on) even when matching fails."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def match_experts(
    engagement: Any,
    *,
    expert_ids: Iterable[int] | None = None,
    languages_needed: Iterable[str] = (),
) -> MatchResult:
    """The experts for `engagement`, ranked, with the excluded ones apart (docs/matching.md).

    `expert_ids` narrows the pool (the assignment checks one expert). Answers in a fixed number
    of queries: the engagement's services and topics (unless prefetched) and six more.
    """
    facts = engagement_facts(engagement, languages_needed=languages_needed)
    with _collector_paused():
        return rank(facts, load_experts(facts, expert_ids=expert_ids))


def exclusions_for(engagement: Any, expert: ExpertProfile) -> list[Exclusion]:
    """The hard exclusions of one expert for one engagement (empty when none)."""
    result = match_experts(engagement, expert_ids=[expert.pk])
    match = result.by_expert.get(expert.pk)
    if match is None:  # an expert whose account is turned off
        return [Exclusion(ExclusionCode.NOT_TAKING, said(N_("Not taking engagements now.")))]
    return match.exclusions
