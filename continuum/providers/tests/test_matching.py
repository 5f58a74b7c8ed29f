"""Matching: the ranking from known parts (pure), every exclusion rule, and the query budget."""

from __future__ import annotations

import datetime

import pytest

from continuum.agencies.choices import AgencySize, AgencyType
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import TopicFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.providers.choices import (
    AvailabilityKind,
    ExpertiseLevel,
    TravelWillingness,
    VettingStatus,
)
from continuum.providers.matching import (
    WEIGHTS,
    EngagementFacts,
    ExclusionCode,
    ExpertFacts,
    match_experts,
    rank,
)
from continuum.providers.tests.factories import (
    AvailabilityWindowFactory,
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
    PositionFactory,
)

D = datetime.date
SERVICE = ("service", 1)
TOPIC = ("topic", 2)


def facts(**changes) -> EngagementFacts:
    values = dict(
        engagement_id=1,
        agency_id=10,
        agency_type=AgencyType.MUNICIPAL,
        agency_size=AgencySize.MEDIUM,
        state_id=51,
        state_usps="VA",
        state_name="Virginia",
        same_state_conflict=False,
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 3, 31),
        needs={SERVICE: "Policy review", TOPIC: "Use of force"},
    )
    values.update(changes)
    return EngagementFacts(**values)


def expert(expert_id: int, name: str, **changes) -> ExpertFacts:
    values = dict(expert_id=expert_id, user_id=100 + expert_id, name=name)
    values.update(changes)
    return ExpertFacts(**values)


def test_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_ranking_order_from_known_parts():
    """A table of experts whose parts are known, and the order they must come in."""
    pool = [
        # Leading in both subjects, same state, same kind of agency, available, free: the best.
        expert(
            1,
            "Ada",
            home_state_usps="VA",
            expertise={SERVICE: 3, TOPIC: 3},
            positions=[(None, AgencyType.MUNICIPAL, AgencySize.MEDIUM, "Chief", 2000, 2010)],
            windows=[(AvailabilityKind.AVAILABLE, D(2026, 12, 1), D(2027, 6, 30))],
        ),
        # Same expertise, but far away (travels anywhere) and half busy.
        expert(
            2,
            "Bea",
            home_state_usps="CA",
            expertise={SERVICE: 3, TOPIC: 3},
            positions=[(None, AgencyType.MUNICIPAL, AgencySize.MEDIUM, "Chief", 2000, 2010)],
            open_engagements=1,
        ),
        # Neighboring state (same Census division), advanced in one subject only.
        expert(3, "Cal", home_state_usps="MD", expertise={SERVICE: 2}),
        # Nothing in common with the engagement: last.
        expert(4, "Dee", home_state_usps="AK", travel=TravelWillingness.IN_STATE),
    ]
    result = rank(facts(), pool)
    assert [m.name for m in result.ranked] == ["Ada", "Bea", "Cal", "Dee"]
    ada = result.ranked[0]
    assert ada.score == 95.0  # everything full but language, neutral at half
    assert {p.key: p.points for p in ada.parts} == {
        "expertise": 35.0,
        "experience": 20.0,
        "proximity": 15.0,
        "language": 5.0,
        "availability": 10.0,
        "workload": 10.0,
    }
    assert all(part.reason for match in result.ranked for part in match.parts)
    dee = result.ranked[-1]
    assert {p.key: p.points for p in dee.parts}["proximity"] == 0.0
    assert "does not travel this far" in next(p.reason for p in dee.parts if p.key == "proximity")


def test_language_is_neutral_when_nothing_says_one_is_needed():
    result = rank(facts(), [expert(1, "A", languages=("es",)), expert(2, "B")])
    points = {m.name: {p.key: p.points for p in m.parts}["language"] for m in result.ranked}
    assert points == {"A": 5.0, "B": 5.0}
    reason = next(p.reason for p in result.ranked[0].parts if p.key == "language")
    assert "No language need" in reason


def test_language_counts_when_needed():
    result = rank(
        facts(languages_needed=frozenset({"es"})),
        [expert(1, "A", languages=("es",)), expert(2, "B")],
    )
    assert [m.name for m in result.ranked] == ["A", "B"]


def test_ties_are_broken_by_name():
    result = rank(facts(), [expert(2, "Zoe"), expert(1, "amy")])
    assert [m.name for m in result.ranked] == ["amy", "Zoe"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"vetting_status": VettingStatus.IN_REVIEW}, ExclusionCode.UNVETTED),
        (
            {"positions": [(10, AgencyType.MUNICIPAL, AgencySize.MEDIUM, "Captain", 2001, None)]},
            ExclusionCode.CONFLICT_WORKED_THERE,
        ),
        ({"conflicts": [("agency", "Consulted for them")]}, ExclusionCode.CONFLICT_DECLARED_AGENCY),
        (
            {"conflicts": [("state", "Former state official")]},
            ExclusionCode.CONFLICT_DECLARED_STATE,
        ),
        ({"is_active": False}, ExclusionCode.NOT_TAKING),
        (
            {"windows": [(AvailabilityKind.UNAVAILABLE, D(2026, 12, 1), D(2027, 4, 30))]},
            ExclusionCode.UNAVAILABLE,
        ),
        (
            # Two windows that together cover the engagement's dates.
            {
                "windows": [
                    (AvailabilityKind.UNAVAILABLE, D(2026, 12, 1), D(2027, 2, 1)),
                    (AvailabilityKind.UNAVAILABLE, D(2027, 2, 2), D(2027, 4, 30)),
                ]
            },
            ExclusionCode.UNAVAILABLE,
        ),
        ({"open_engagements": 2, "capacity": 2}, ExclusionCode.AT_CAPACITY),
        ({"capacity": 0}, ExclusionCode.AT_CAPACITY),
    ],
)
def test_each_exclusion_rule(changes, code):
    result = rank(facts(), [expert(1, "A", **changes)])
    assert result.ranked == []
    [match] = result.excluded
    assert [e.code for e in match.exclusions] == [code]
    assert match.exclusions[0].reason


def test_same_state_rule_only_where_the_program_sets_it():
    same_state = expert(1, "A", home_state_id=51, home_state_usps="VA")
    assert rank(facts(), [same_state]).excluded == []
    result = rank(facts(same_state_conflict=True), [same_state])
    assert [e.code for e in result.excluded[0].exclusions] == [ExclusionCode.CONFLICT_SAME_STATE]


def test_partly_unavailable_is_scored_not_excluded():
    partly = expert(1, "A", windows=[(AvailabilityKind.UNAVAILABLE, D(2027, 2, 1), D(2027, 2, 7))])
    result = rank(facts(), [partly])
    part = next(p for p in result.ranked[0].parts if p.key == "availability")
    assert part.points == 2.0
    assert "Not available from February 1, 2027 to February 7, 2027" in part.reason


# --- against the database ------------------------------------------------------------------------


@pytest.fixture
def engagement(db):
    virginia = StateFactory()
    agency = AgencyFactory(
        state=virginia, agency_type=AgencyType.MUNICIPAL, population_served=50_000
    )
    engagement = EngagementFactory(assistance_request__agency=agency, agency=agency)
    engagement.topics.add(TopicFactory(name="Matching test topic"))
    return engagement


def test_match_experts_reads_the_database(engagement, django_assert_max_num_queries):
    topic = engagement.topics.get()
    maryland = StateFactory(usps="MD", fips="24", name="Maryland", ori_prefix="MD")
    best = ExpertProfileFactory(user__full_name="Best Match", home_state=maryland)
    ExpertiseFactory(expert=best, topic=topic, level=ExpertiseLevel.LEADING)
    PositionFactory(expert=best, agency_type=AgencyType.MUNICIPAL, agency_size=AgencySize.MEDIUM)
    other = ExpertProfileFactory(user__full_name="Other Expert", home_state=maryland)
    worked_there = ExpertProfileFactory(user__full_name="Worked There")
    PositionFactory(expert=worked_there, agency=engagement.agency, organization_name="")
    declared = ExpertProfileFactory(user__full_name="Declared")
    ConflictDeclarationFactory(expert=declared, agency=engagement.agency)
    state_conflict = ExpertProfileFactory(user__full_name="State Conflict")
    ConflictDeclarationFactory(expert=state_conflict, state=engagement.agency.state)
    ExpertProfileFactory(
        user__full_name="Unvetted", vetting_status=VettingStatus.NOT_STARTED, vetted_on=None
    )
    away = ExpertProfileFactory(user__full_name="Away")
    AvailabilityWindowFactory(expert=away, starts_on=D(2026, 10, 1), ends_on=D(2027, 5, 1))
    busy = ExpertProfileFactory(user__full_name="Busy", capacity=1)
    TeamMemberFactory(user=busy.user, role=TeamRole.EXPERT)  # another open engagement
    closed = EngagementFactory(status=EngagementStatus.CLOSED)
    TeamMemberFactory(engagement=closed, user=other.user, role=TeamRole.EXPERT)  # does not count
    ExpertProfileFactory(user__full_name="Turned Off", user__is_active=False)

    with django_assert_max_num_queries(9):
        result = match_experts(engagement)

    assert [m.name for m in result.ranked] == ["Best Match", "Other Expert"]
    assert result.ranked[1].open_engagements == 0
    codes = {m.name: [e.code for e in m.exclusions] for m in result.excluded}
    assert codes == {
        "Worked There": [ExclusionCode.CONFLICT_WORKED_THERE],
        "Declared": [ExclusionCode.CONFLICT_DECLARED_AGENCY],
        "State Conflict": [ExclusionCode.CONFLICT_DECLARED_STATE],
        "Unvetted": [ExclusionCode.UNVETTED],
        "Away": [ExclusionCode.UNAVAILABLE],
        "Busy": [ExclusionCode.AT_CAPACITY],
    }


def test_the_query_count_does_not_grow_with_the_pool(engagement, django_assert_max_num_queries):
    topic = engagement.topics.get()
    for index in range(30):
        profile = ExpertProfileFactory(user__full_name=f"Expert {index}")
        ExpertiseFactory(expert=profile, topic=topic)
        PositionFactory(expert=profile, agency_type=AgencyType.MUNICIPAL)
        AvailabilityWindowFactory(expert=profile, kind=AvailabilityKind.AVAILABLE)
    with django_assert_max_num_queries(9):
        result = match_experts(engagement)
    assert len(result.ranked) == 30


def test_same_state_rule_from_the_program(engagement):
    engagement.program.same_state_conflict = True
    engagement.program.save()
    ExpertProfileFactory(user__full_name="Neighbor", home_state=engagement.agency.state)
    result = match_experts(engagement)
    assert [e.code for e in result.excluded[0].exclusions] == [ExclusionCode.CONFLICT_SAME_STATE]
