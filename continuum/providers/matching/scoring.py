"""Scoring: plain facts in, a `Match` out. No database: the tests give it tables."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext_noop as N_

from continuum.agencies.choices import AgencySize, AgencyType

from ..choices import AvailabilityKind, ExpertiseLevel, TravelWillingness, VettingStatus
from ..regions import same_division, same_region
from .facts import (
    EngagementFacts,
    Exclusion,
    ExclusionCode,
    ExpertFacts,
    Match,
    MatchResult,
    ScorePart,
)
from .tables import (
    AVAILABILITY,
    EXPERIENCE,
    LANGUAGE_NEUTRAL,
    PROXIMITY,
    WEIGHTS,
    Text,
    said,
)

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


def engagement_window(facts: EngagementFacts) -> tuple[datetime.date, datetime.date] | None:
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
    window = engagement_window(facts)
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
    window = engagement_window(facts)
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
