"""The recommendations register's pages (issue 10, first slice): no WCAG 2.1 A/AA violation
found by axe and nothing scrolls sideways, at 375 px and at 1280 px, for the working side and
the agency side, with the San Francisco index imported, forms with errors, and an import's
preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from continuum.accounts.tests.factories import PASSWORD
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import Recommendation
from continuum.recommendations.services.imports import (
    register_import_confirm,
    register_import_start,
)
from continuum.recommendations.services.register import blocker_add, dependency_add

from .conftest import VIEWPORTS, assert_no_sideways_scroll
from .intake_steps import AxeLog, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SF_INDEX = Path("/work/wt/shared/data/sfpd_cri_2016_recommendations_index.csv")
SMALL = (
    b"objective_no,objective,finding_no,finding_text,rec_id,rec_text,priority_2019,bureau,note\n"
    b"1,Use of Force,1,Deadly force is reviewed late.,1.1,Review within 30 days.,Low,Chief,\n"
    b"1,Use of Force,3,Training is dated.,3.0,Update training.,High,Training,probably 3.1\n"
    b"2,Bias,20,Stops are not analyzed.,20.1,Analyze stops.,Medium,,\n"
)


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _checked(page: Page, log: AxeLog, state: str) -> None:
    log.check(page, state)
    assert_no_sideways_scroll(page)


@VIEWPORTS
def test_register_pages_for_the_working_and_the_agency_side(page, axe):
    log = AxeLog(axe)
    world = delivery_world()
    content = SF_INDEX.read_bytes() if SF_INDEX.exists() else SMALL
    pending = register_import_start(
        actor=world.staff, engagement=world.engagement, file_name="sf.csv", content=content
    )
    register_import_confirm(actor=world.staff, pending=pending)
    recs = list(Recommendation.objects.filter(engagement=world.engagement)[:2])
    dependency_add(actor=world.staff, blocker=recs[0], blocked=recs[1])
    blocker_add(
        actor=world.staff,
        recommendation=recs[1],
        party_kind="union_bargaining",
        party_name="Police Officers Association",
        # Its local date, as the service compares it: the UTC date is a day ahead in the evening.
        since=timezone.localdate(recs[1].created_at),
    )
    base = f"/engagements/{world.engagement.public_id}"
    register = f"{base}/register/"
    one = f"{register}recommendations/{recs[1].pk}/"

    _as(page, world.lead)
    visit(page, base + "/")
    _checked(page, log, "lead: engagement page with the register section")
    visit(page, register)
    _checked(page, log, "lead: the register")
    visit(page, one)
    _checked(page, log, "lead: one recommendation")
    press(page, "Add the measure")
    _checked(page, log, "lead: a measure left empty")
    visit(page, f"{register}findings/add/")
    press(page, "Add the finding")
    _checked(page, log, "lead: add a finding with errors")
    visit(page, f"{register}recommendations/add/")
    _checked(page, log, "lead: add a recommendation")
    visit(page, f"{one}edit/")
    _checked(page, log, "lead: edit a recommendation")
    visit(page, f"{register}import/")
    _checked(page, log, "lead: import upload")
    page.set_input_files(
        "input[type=file]", files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": SMALL}]
    )
    press(page, "Upload and preview")
    _checked(page, log, "lead: import preview with problems (already in the register)")

    _as(page, world.member)
    visit(page, register)
    _checked(page, log, "agency member: the register")
    visit(page, one)
    _checked(page, log, "agency member: one recommendation")
    log.assert_clean()
