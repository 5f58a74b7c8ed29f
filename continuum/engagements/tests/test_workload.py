"""The kept count of each expert's open engagements (`ExpertWorkload`, issue 8): the team and
lifecycle services keep it in the change's transaction, and it always equals the grouped count
of the team rows (live lead expert and expert rows of open engagements)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.core.workflow import TransitionError, TransitionForbidden
from continuum.engagements.choices import (
    ENDED_ENGAGEMENT_STATUSES,
    OPEN_ENGAGEMENT_STATUSES,
    EngagementStatus,
    TeamRole,
)
from continuum.engagements.models import ExpertWorkload, TeamMember
from continuum.engagements.portfolio import expert_workload
from continuum.engagements.services.lifecycle import engagement_transition
from continuum.engagements.services.team import team_member_add, team_member_remove
from continuum.engagements.services.workload import (
    expert_workload_recount,
    open_engagement_counts,
)
from continuum.engagements.tests.factories import EngagementFactory
from continuum.engagements.workflow import ENGAGEMENT_MACHINE
from continuum.providers.tests.factories import ExpertProfileFactory

from .delivery_world import delivery_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]


def kept() -> dict[int, int]:
    rows = dict(ExpertWorkload.objects.values_list("user_id", "open_engagements"))
    assert all(n >= 0 for n in rows.values())
    return {user: n for user, n in rows.items() if n}


def assert_kept_is_counted(step: str) -> None:
    assert kept() == open_engagement_counts(), step


def _add(world, user, role=TeamRole.EXPERT, engagement=None):
    return team_member_add(
        actor=world.staff,
        engagement=engagement or world.engagement,
        user=user,
        role=role,
        override_reason="Needed for this engagement.",  # kept only if matching excluded them
    )


def test_every_kind_of_change_keeps_the_count_equal_to_the_team_rows():
    world = delivery_world()
    other = delivery_world()
    first, second = ExpertProfileFactory().user, ExpertProfileFactory().user
    assert_kept_is_counted("the team rows the factories wrote")
    assert kept()[world.lead.pk] == 1

    def leave(world, user):
        member = world.engagement.team.get(user=user, left_at__isnull=True)
        return team_member_remove(actor=world.staff, team_member=member)

    steps = [
        ("an expert joins", lambda: _add(world, first)),
        ("the same expert joins a second engagement", lambda: _add(other, first)),
        (
            "a program manager joins (not an expert role)",
            lambda: _add(world, ProgramStaffFactory(), TeamRole.PROGRAM_MANAGER),
        ),
        ("a lead expert leaves", lambda: leave(other, other.lead)),
        ("another joins as lead expert", lambda: _add(other, second, TeamRole.LEAD_EXPERT)),
        ("an expert leaves", lambda: leave(world, first)),
        ("they join again", lambda: _add(world, first)),
    ]
    for step, change in steps:
        change()
        assert_kept_is_counted(step)
    assert kept()[first.pk] == 2 and kept()[second.pk] == 1 and other.lead.pk not in kept()

    for action in ("start", "begin_reporting", "close"):
        engagement_transition(actor=world.staff, engagement=world.engagement, action=action)
        assert_kept_is_counted(action)
    assert kept()[first.pk] == 1 and world.lead.pk not in kept()

    # An ended engagement's team no longer changes (and no longer counts).
    with pytest.raises(TransitionForbidden):
        leave(world, first)
    assert_kept_is_counted("a refused change to a closed engagement's team")

    engagement_transition(
        actor=other.member, engagement=other.engagement, action="withdraw", reason="Paused."
    )
    assert_kept_is_counted("withdrawn")
    assert first.pk not in kept()

    ended = delivery_world()
    _add(ended, first)
    engagement_transition(
        actor=ended.staff, engagement=ended.engagement, action="terminate", reason="No records."
    )
    assert_kept_is_counted("terminated")
    assert kept() == {}


def test_an_ended_engagement_never_opens_again():
    """The services count an engagement out when it ends and never back in: that holds because
    every transition into an ended state starts from an open one and none leaves an ended one."""
    assert set(EngagementStatus.values) == OPEN_ENGAGEMENT_STATUSES | ENDED_ENGAGEMENT_STATUSES
    assert not OPEN_ENGAGEMENT_STATUSES & ENDED_ENGAGEMENT_STATUSES
    for transition in ENGAGEMENT_MACHINE.transitions:
        assert transition.source in OPEN_ENGAGEMENT_STATUSES, transition
    ends = [t for t in ENGAGEMENT_MACHINE.transitions if t.target in ENDED_ENGAGEMENT_STATUSES]
    assert {t.action for t in ends} == {"close", "withdraw", "terminate"}


def test_a_refused_change_leaves_the_count_alone():
    world = delivery_world()
    expert = ExpertProfileFactory().user
    _add(world, expert)
    assert kept()[expert.pk] == 1
    with pytest.raises(ValidationError, match="already on the team"):
        _add(world, expert, TeamRole.LEAD_EXPERT)  # one expert role a person per engagement
    assert kept()[expert.pk] == 1
    engagement_transition(
        actor=world.staff, engagement=world.engagement, action="terminate", reason="Stop."
    )
    with pytest.raises(TransitionForbidden):
        _add(world, ExpertProfileFactory().user)
    with pytest.raises(TransitionError):
        engagement_transition(
            actor=world.staff, engagement=world.engagement, action="terminate", reason="Again."
        )
    assert_kept_is_counted("after the refusals")
    assert kept() == {}


def test_recount_and_the_migration_rebuild_it_from_the_team_rows():
    """Rows written without the services (the benchmark's bulk writer) are counted by
    `expert_workload_recount()`, which the migration that made the table does too."""
    experts = [ExpertProfileFactory().user for _ in range(3)]
    engagements = [
        EngagementFactory(status=status)
        for status in (EngagementStatus.ACTIVE, EngagementStatus.PLANNING, EngagementStatus.CLOSED)
    ]
    TeamMember.objects.bulk_create(
        [
            TeamMember(engagement=engagement, user=expert, role=TeamRole.EXPERT)
            for engagement in engagements
            for expert in experts[:2]
        ]
        + [TeamMember(engagement=engagements[0], user=experts[2], role=TeamRole.LEAD_EXPERT)]
    )
    assert kept() == {}
    assert expert_workload_recount() == 3
    assert kept() == {experts[0].pk: 2, experts[1].pk: 2, experts[2].pk: 1}
    ExpertWorkload.objects.all().delete()
    migration = importlib.import_module("continuum.engagements.migrations.0013_expert_workload")
    migration.fill(apps, None)
    assert (
        kept()
        == open_engagement_counts()
        == {
            experts[0].pk: 2,
            experts[1].pk: 2,
            experts[2].pk: 1,
        }
    )
    # The portfolio shows them, busiest first and by name among equals.
    shown = expert_workload(viewer=ProgramStaffFactory())
    assert [row.open_engagements for row in shown] == [2, 2, 1]
    names = [row.name for row in shown[:2]]
    assert names == sorted(names)
