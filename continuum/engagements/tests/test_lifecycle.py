"""The engagement's lifecycle services: every transition, its guard, reasons, emails."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.catalog.models import Program
from continuum.core.workflow import TransitionError, TransitionForbidden, TransitionNotAllowed
from continuum.engagements.models import Engagement, Evaluation
from continuum.engagements.services.lifecycle import engagement_plan_update, engagement_transition

from .delivery_world import delivery_world

pytestmark = pytest.mark.django_db


def _walk(world, *actions):
    for action in actions:
        engagement_transition(actor=world.staff, engagement=world.engagement, action=action)


def test_planning_to_closed_for_a_program_without_monitoring():
    world = delivery_world()
    _walk(world, "start", "begin_reporting")
    assert world.engagement.status == "reporting"
    with pytest.raises(TransitionNotAllowed, match="does not monitor"):
        _walk(world, "begin_monitoring")
    _walk(world, "close")
    engagement = Engagement.objects.get(pk=world.engagement.pk)
    assert engagement.status == "closed" and engagement.closed_at is not None
    verbs = list(Event.objects.for_target(engagement).order_by("pk").values_list("verb", flat=True))
    assert verbs[:3] == ["engagement_started", "engagement_reporting", "engagement_closed"]
    # Closing sends the evaluation and tells the agency side.
    assert Evaluation.objects.filter(engagement=engagement).exists()
    keys = set(OutboundMessage.objects.values_list("template_key", flat=True))
    assert {"engagements.closed", "engagements.evaluation_invite"} <= keys


def test_organizational_assessment_is_monitored_before_it_closes():
    world = delivery_world(program=Program.objects.get(slug="organizational-assessment"))
    _walk(world, "start", "begin_reporting")
    with pytest.raises(TransitionNotAllowed, match="start monitoring"):
        _walk(world, "close")
    _walk(world, "begin_monitoring", "close")
    assert world.engagement.status == "closed"


@pytest.mark.parametrize(
    "fix, message",
    [
        ("agreement", "has not accepted the agreement"),
        ("lead", "Assign a lead expert"),
        ("start", "Set the start date"),
    ],
)
def test_start_guard_says_what_is_missing(fix, message):
    world = delivery_world(accepted=fix != "agreement")
    if fix == "lead":
        world.engagement.team.all().delete()
    if fix == "start":
        Engagement.objects.filter(pk=world.engagement.pk).update(starts_on=None, ends_on=None)
        world.engagement.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match=message):
        _walk(world, "start")
    world.engagement.refresh_from_db()
    assert world.engagement.status == "planning"


def test_withdraw_needs_a_reason_and_keeps_it():
    world = delivery_world()
    with pytest.raises(ValidationError, match="Say why"):
        engagement_transition(
            actor=world.member, engagement=world.engagement, action="withdraw", reason="  "
        )
    engagement_transition(
        actor=world.member,
        engagement=world.engagement,
        action="withdraw",
        reason="New leadership wants to pause the work.",
    )
    engagement = Engagement.objects.get(pk=world.engagement.pk)
    assert engagement.status == "withdrawn"
    assert engagement.end_reason == "New leadership wants to pause the work."
    message = OutboundMessage.objects.get(template_key="engagements.withdrawn")
    assert world.requester.email in message.recipients
    assert "nothing of your record is lost" in message.body


def test_only_the_agency_side_withdraws_and_only_staff_terminate():
    world = delivery_world()
    for actor in (world.lead, world.coordinator, world.outsider):
        with pytest.raises(TransitionForbidden):
            engagement_transition(
                actor=actor, engagement=world.engagement, action="withdraw", reason="x"
            )
    for actor in (world.member, world.lead):
        with pytest.raises(TransitionForbidden):
            engagement_transition(
                actor=actor, engagement=world.engagement, action="terminate", reason="x"
            )
    world.engagement.refresh_from_db()
    assert world.engagement.status == "planning" and world.engagement.end_reason == ""


def test_terminate_with_a_reason_then_nothing_more():
    world = delivery_world()
    with pytest.raises(ValidationError):
        engagement_transition(actor=world.staff, engagement=world.engagement, action="terminate")
    engagement_transition(
        actor=world.staff,
        engagement=world.engagement,
        action="terminate",
        reason="The agency stopped answering.",
    )
    assert world.engagement.status == "terminated"
    with pytest.raises(TransitionError):
        engagement_transition(
            actor=world.member, engagement=world.engagement, action="withdraw", reason="late"
        )


def test_the_working_side_cannot_move_the_lifecycle():
    world = delivery_world()
    with pytest.raises(TransitionForbidden):
        engagement_transition(actor=world.lead, engagement=world.engagement, action="start")


def test_plan_update_by_staff_only_with_dates_in_order():
    world = delivery_world()
    with pytest.raises(PermissionDenied):
        engagement_plan_update(
            actor=world.lead,
            engagement=world.engagement,
            scope="x",
            starts_on=None,
            ends_on=None,
        )
    with pytest.raises(ValidationError, match="end date comes before"):
        engagement_plan_update(
            actor=world.staff,
            engagement=world.engagement,
            scope="Policy review",
            starts_on=datetime.date(2027, 1, 5),
            ends_on=datetime.date(2026, 12, 1),
        )
    engagement_plan_update(
        actor=world.staff,
        engagement=world.engagement,
        scope="Policy review and training plan.",
        starts_on=datetime.date(2027, 1, 5),
        ends_on=datetime.date(2027, 6, 30),
    )
    engagement = Engagement.objects.get(pk=world.engagement.pk)
    assert engagement.scope == "Policy review and training plan."
    assert engagement.starts_on == datetime.date(2027, 1, 5)
    event = Event.objects.for_target(engagement).get(verb="engagement_plan_updated")
    assert event.data["changed"] == ["ends_on", "scope", "starts_on"]
