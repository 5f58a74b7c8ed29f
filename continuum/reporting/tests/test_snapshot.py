"""A snapshot's figures come from its rows alone, with each scale's done and denominator rule."""

from __future__ import annotations

import copy
import datetime

import pytest

from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import ScaleValue
from continuum.recommendations.services.register import (
    blocker_add,
    recommendation_status_set,
    register_setup,
)
from continuum.recommendations.tests.test_register import register_of
from continuum.reporting.snapshot import build_snapshot, figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

AS_OF = datetime.date(2026, 11, 30)


def test_figures_follow_the_scales_rules_and_recompute_from_the_rows():
    world = delivery_world()
    recs = register_of(world, findings=2, per_finding=2)  # 1.1 1.2 2.1 2.2
    register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["monitor"])
    value = {v.key: v for v in ScaleValue.objects.filter(scale__engagement=world.engagement)}
    recommendation_status_set(actor=world.staff, recommendation=recs[0], value=value["complete"])
    recommendation_status_set(actor=world.staff, recommendation=recs[1], value=value["unable"])
    recommendation_status_set(actor=world.staff, recommendation=recs[2], value=value["full"])
    blocker_add(
        actor=world.lead,
        recommendation=recs[3],
        party_kind="union_bargaining",
        party_name="Police Officers Association",
        since=datetime.date(2026, 3, 1),
    )
    first = build_snapshot(world.engagement, as_of=AS_OF)
    progress = first["figures"]["progress"]["overall"]
    assert (progress["total"], progress["done"], progress["denominator"]) == (4, 1, 4)
    assert progress["share_done"] == 0.25
    monitor = first["figures"]["monitor"]["overall"]
    # "unable to assess" leaves the denominator; "full compliance" counts as done
    assert (monitor["done"], monitor["denominator"], monitor["share_done"]) == (1, 3, 0.3333)
    assert first["recommendations"][3]["external_blockers"] == [
        {"kind": "union_bargaining", "party": "Police Officers Association"}
    ]
    assert figures(copy.deepcopy(first)) == first["figures"]
    assert first["burndown"][-1]["done"] == 1 and first["changes"] == []

    recommendation_status_set(actor=world.staff, recommendation=recs[0], value=value["in_progress"])
    recommendation_status_set(actor=world.staff, recommendation=recs[3], value=value["complete"])
    second = build_snapshot(world.engagement, as_of=AS_OF, previous=first)
    moved = {(c["id"], c["scale"]): c["direction"] for c in second["changes"]}
    assert moved == {("1.1", "progress"): "down", ("2.2", "progress"): "up"}
