"""Public-portal fixtures: a listed engagement with a register and published reports.

Built with the register's services (so the snapshot is the real one), the reporting factories
and `snapshot.build_snapshot`; nothing here goes through the reports pages' services.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from continuum.engagements.tests.delivery_world import World, delivery_world
from continuum.recommendations.models import ScaleValue
from continuum.recommendations.services.register import (
    category_add,
    finding_add,
    recommendation_add,
    recommendation_status_set,
    register_setup,
)
from continuum.reporting.choices import ReportState
from continuum.reporting.snapshot import build_snapshot, burndown_point

from .factories import ProgressReportFactory, PublicListingFactory

_numbers = itertools.count(1)


def register_build(world: World, *, recommendations: int = 4, text: str = "Do {id}.") -> list:
    """Objective 1 "Use of Force" with `recommendations` recommendations, two per finding; the
    progress scale (and monitor) set up."""
    engagement = world.engagement
    register_setup(actor=world.staff, engagement=engagement, scale_keys=["progress", "monitor"])
    category_add(
        actor=world.staff,
        engagement=engagement,
        number=1,
        name="Use of Force",
        first_finding=1,
        last_finding=500,
    )
    recs = []
    finding = None
    for index in range(recommendations):
        if index % 2 == 0:
            number = index // 2 + 1
            finding = finding_add(
                actor=world.staff,
                engagement=engagement,
                number=number,
                statement=f"Finding {number}.",
            )
        m = index % 2 + 1
        recs.append(
            recommendation_add(
                actor=world.lead,
                finding=finding,
                number=m,
                text=text.format(id=f"{finding.number}.{m}"),
            )
        )
    return recs


def status_set(world: World, rec, key: str) -> None:
    value = ScaleValue.objects.get(
        scale__engagement=world.engagement, scale__key="progress", key=key
    )
    recommendation_status_set(actor=world.staff, recommendation=rec, value=value)


def listed_world(
    *, recommendations: int = 4, slug: str | None = None, listed: bool = True, **listing
) -> World:
    """A delivery world whose engagement has a register and a public listing (listed or not)."""
    world = delivery_world()
    register_build(world, recommendations=recommendations)
    n = next(_numbers)
    PublicListingFactory(
        engagement=world.engagement,
        slug=slug or f"anytown-police-department-{n}",
        agency_ori=listing.pop("agency_ori", f"CA{n:07d}"),
        listed_at=timezone.now() if listed else None,
        started_on=listing.pop("started_on", datetime.date(2025, 3, 1)),
        **listing,
    )
    world.engagement.refresh_from_db()
    return world


def report_publish(
    world: World,
    *,
    as_of: datetime.date,
    previous=None,
    state: str = ReportState.PUBLISHED,
    **fields,
):
    """A progress report of the world's engagement built from its register now (published
    unless `state` says draft), following `previous` (a published report) if given."""
    engagement = world.engagement
    earlier = []
    if previous is not None:
        earlier = [
            *previous.snapshot["burndown"][:-1],
            burndown_point(previous.snapshot, previous.number),
        ]
    snapshot = build_snapshot(
        engagement,
        as_of=as_of,
        previous=previous.snapshot if previous is not None else None,
        earlier_points=earlier,
        caveats=fields.pop("caveats", ""),
        validator_notes=fields.pop("validator_notes", ""),
    )
    published = state == ReportState.PUBLISHED
    number = (
        engagement.progress_reports.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    return ProgressReportFactory(
        engagement=engagement,
        number=number,
        as_of=as_of,
        state=state,
        published_at=timezone.now() if published else None,
        published_by=world.staff if published else None,
        created_by=world.staff,
        snapshot=snapshot,
        **fields,
    )
