"""The workplan: milestone services, overdue shown to the team and staff, and its pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from continuum.activity.models import Event
from continuum.engagements.models import Milestone
from continuum.engagements.services.workplan import (
    milestone_add,
    milestone_complete,
    milestone_reopen,
)

from .delivery_world import delivery_world
from .factories import MilestoneFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_add_complete_reopen_each_an_event():
    world = delivery_world()
    milestone = milestone_add(
        actor=world.lead,
        engagement=world.engagement,
        title="Review the use-of-force policy",
        due_on=datetime.date(2026, 12, 20),
        owner=world.lead,
    )
    assert milestone.owner == world.lead and milestone.completed_on is None
    milestone_complete(actor=world.coordinator, milestone=milestone, completed_on=TODAY)
    assert Milestone.objects.get(pk=milestone.pk).completed_on == TODAY
    with pytest.raises(ValidationError, match="already completed"):
        milestone_complete(actor=world.staff, milestone=milestone, completed_on=TODAY)
    milestone_reopen(actor=world.staff, milestone=milestone)
    assert Milestone.objects.get(pk=milestone.pk).completed_on is None
    verbs = set(Event.objects.for_target(world.engagement).values_list("verb", flat=True))
    assert {"milestone_added", "milestone_completed", "milestone_reopened"} <= verbs


def test_bad_input_and_outsiders_are_refused():
    world = delivery_world()
    with pytest.raises(ValidationError, match="from the engagement's team"):
        milestone_add(
            actor=world.staff,
            engagement=world.engagement,
            title="Site visit",
            due_on=TODAY,
            owner=world.other_expert,
        )
    with pytest.raises(ValidationError):
        milestone_add(actor=world.staff, engagement=world.engagement, title="", due_on=TODAY)
    milestone = MilestoneFactory(engagement=world.engagement)
    with pytest.raises(ValidationError, match="future"):
        milestone_complete(
            actor=world.lead, milestone=milestone, completed_on=TODAY + datetime.timedelta(days=1)
        )
    for actor in (world.member, world.requester, *world.outsiders.values()):
        with pytest.raises(PermissionDenied):
            milestone_add(actor=actor, engagement=world.engagement, title="x", due_on=TODAY)
        with pytest.raises(PermissionDenied):
            milestone_complete(actor=actor, milestone=milestone, completed_on=TODAY)
    assert Milestone.objects.count() == 1


def test_overdue_shown_to_the_team_and_staff_not_the_agency():
    world = delivery_world()
    MilestoneFactory(engagement=world.engagement, title="Late step", due_on=TODAY.replace(day=1))
    MilestoneFactory(
        engagement=world.engagement,
        title="Done step",
        due_on=TODAY.replace(day=1),
        completed_on=TODAY.replace(day=1),
    )
    MilestoneFactory(engagement=world.engagement, title="Due today", due_on=TODAY)
    url = world.engagement.get_absolute_url()
    for user in (world.staff, world.lead, world.coordinator):
        text = as_user(user).get(url).content.decode()
        assert "1 milestone is overdue." in text and "Late step" in text
    agency_text = as_user(world.member).get(url).content.decode()
    assert "Late step" in agency_text and "overdue" not in agency_text.lower()


def test_pages_add_and_complete_and_bad_input_stays_on_the_page():
    world = delivery_world()
    client = as_user(world.lead)
    url = reverse("engagements:milestone_add", args=[world.engagement.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "", "due_on": "13/45/2026", "owner": "99999999999999999999"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Name the milestone." in text and "Enter the due date like this" in text
    assert not Milestone.objects.exists()
    response = client.post(
        url, {"title": "Kick-off", "due_on": "12/10/2026", "owner": world.lead.pk}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    response = client.post(
        reverse("engagements:milestone_complete", args=[world.engagement.public_id, milestone.pk])
    )
    assert response.status_code == 302
    assert Milestone.objects.get().completed_on == TODAY
    client.post(
        reverse("engagements:milestone_reopen", args=[world.engagement.public_id, milestone.pk])
    )
    assert Milestone.objects.get().completed_on is None


def test_each_page_is_404_for_who_may_not_work_on_it():
    world = delivery_world()
    milestone = MilestoneFactory(engagement=world.engagement)
    key = world.engagement.public_id
    urls = [
        ("get", reverse("engagements:milestone_add", args=[key])),
        ("post", reverse("engagements:milestone_complete", args=[key, milestone.pk])),
        ("post", reverse("engagements:milestone_reopen", args=[key, milestone.pk])),
    ]
    for user in (*world.outsiders.values(), world.member):
        for method, url in urls:
            assert getattr(as_user(user), method)(url).status_code == 404, (user, url)
    # A milestone of another engagement through this engagement's URL: 404 too.
    other = MilestoneFactory()
    url = reverse("engagements:milestone_complete", args=[key, other.pk])
    assert as_user(world.staff).post(url).status_code == 404
    assert Milestone.objects.get(pk=other.pk).completed_on is None
