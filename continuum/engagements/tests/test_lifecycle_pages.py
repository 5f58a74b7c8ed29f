"""The status section, the confirm pages of the lifecycle steps, the plan page, their 404s, and
the cost in queries of the engagement page with every delivery section filled."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from continuum.engagements.models import Engagement

from .delivery_world import delivery_world
from .factories import ActivityFactory, DeliverableFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _step_url(world, action):
    return reverse("engagements:step", args=[world.engagement.public_id, action])


def test_status_section_buttons_by_side():
    world = delivery_world()
    page = world.engagement.get_absolute_url()
    staff = as_user(world.staff).get(page).content.decode()
    assert "Status: Planning" in staff
    assert _step_url(world, "start") in staff and _step_url(world, "terminate") in staff
    assert _step_url(world, "withdraw") not in staff
    assert reverse("engagements:plan", args=[world.engagement.public_id]) in staff
    agency = as_user(world.member).get(page).content.decode()
    assert _step_url(world, "withdraw") in agency and _step_url(world, "start") not in agency
    lead = as_user(world.lead).get(page).content.decode()
    assert _step_url(world, "withdraw") not in lead and _step_url(world, "terminate") not in lead


def test_start_shows_why_it_is_not_ready():
    world = delivery_world(accepted=False)
    text = as_user(world.staff).get(world.engagement.get_absolute_url()).content.decode()
    assert "Work cannot start yet:" in text
    assert "has not accepted the agreement yet" in text


def test_withdraw_confirm_page_in_plain_words_needs_a_reason():
    world = delivery_world()
    client = as_user(world.member)
    url = _step_url(world, "withdraw")
    text = client.get(url).content.decode()
    assert "Nothing of your record is lost" in text
    response = client.post(url, {"reason": ""})
    assert (
        response.status_code == 400 and "Say why the engagement ends." in response.content.decode()
    )
    assert Engagement.objects.get().status == "planning"
    response = client.post(url, {"reason": "Our new chief wants to pause."})
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert (
        engagement.status == "withdrawn"
        and engagement.end_reason == "Our new chief wants to pause."
    )
    text = client.get(engagement.get_absolute_url()).content.decode()
    assert "Our new chief wants to pause." in text


def test_staff_terminate_and_a_step_not_open_is_a_message_not_a_500():
    world = delivery_world()
    response = as_user(world.staff).post(_step_url(world, "terminate"), {"reason": "No contact."})
    assert response.status_code == 302
    assert Engagement.objects.get().status == "terminated"
    response = as_user(world.staff).post(_step_url(world, "start"), {})
    assert response.status_code == 302  # back to the page with a message
    assert Engagement.objects.get().status == "terminated"


def test_plan_page_for_staff_only():
    world = delivery_world()
    url = reverse("engagements:plan", args=[world.engagement.public_id])
    response = as_user(world.staff).post(
        url, {"scope": "Training plan.", "starts_on": "01/05/2027", "ends_on": "12/01/2026"}
    )
    assert response.status_code == 400
    assert "The end date comes before the start date." in response.content.decode()
    response = as_user(world.staff).post(
        url, {"scope": "Training plan.", "starts_on": "01/05/2027", "ends_on": "06/30/2027"}
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.scope == "Training plan." and engagement.ends_on == datetime.date(2027, 6, 30)
    for user in (world.lead, world.coordinator, world.member, *world.outsiders.values()):
        assert as_user(user).get(url).status_code == 404


def test_step_pages_are_404_for_outsiders_and_unknown_steps():
    world = delivery_world()
    for user in world.outsiders.values():
        for action in ("withdraw", "terminate", "start", "close"):
            assert as_user(user).get(_step_url(world, action)).status_code == 404
            assert as_user(user).post(_step_url(world, action), {"reason": "x"}).status_code == 404
    assert as_user(world.staff).get(_step_url(world, "explode")).status_code == 404
    assert Engagement.objects.get().status == "planning"


@pytest.mark.parametrize("who", ["staff", "lead", "member"])
def test_the_page_costs_a_bounded_number_of_queries(who, django_assert_max_num_queries):
    world = delivery_world()
    for _ in range(8):
        MilestoneFactory(engagement=world.engagement, owner=world.lead)
        ActivityFactory(engagement=world.engagement)
        DeliverableFactory(engagement=world.engagement, status="agency_fact_check")
    client = as_user(getattr(world, who))
    url = world.engagement.get_absolute_url()
    with django_assert_max_num_queries(80):
        first = client.get(url)
    assert first.status_code == 200
    # More rows do not cost more queries.
    for _ in range(8):
        MilestoneFactory(engagement=world.engagement, owner=world.lead)
        ActivityFactory(engagement=world.engagement)
        DeliverableFactory(engagement=world.engagement, status="agency_fact_check")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(8):
        MilestoneFactory(engagement=world.engagement, owner=world.lead)
        ActivityFactory(engagement=world.engagement)
        DeliverableFactory(engagement=world.engagement, status="agency_fact_check")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_every_delivery_page_has_one_h1_and_no_inline_style_or_script():
    """No browser here (axe runs in the browser suite): check what a strict CSP and one h1 need."""
    import re

    from continuum.engagements.services.evaluation import evaluation_send

    world = delivery_world()
    milestone = MilestoneFactory(engagement=world.engagement, owner=world.lead)
    ActivityFactory(engagement=world.engagement)
    deliverable = DeliverableFactory(engagement=world.engagement)
    key = world.engagement.public_id
    pages = {
        world.staff: [
            world.engagement.get_absolute_url(),
            _step_url(world, "terminate"),
            _step_url(world, "start"),
            reverse("engagements:plan", args=[key]),
        ],
        world.lead: [
            world.engagement.get_absolute_url(),
            reverse("engagements:milestone_add", args=[key]),
            reverse("engagements:activity_log", args=[key]),
            reverse("engagements:deliverable_add", args=[key]),
            reverse(
                "engagements:deliverable_step", args=[deliverable.public_id, "submit_for_review"]
            ),
        ],
        world.member: [world.engagement.get_absolute_url(), _step_url(world, "withdraw")],
    }
    assert milestone.pk
    for user, urls in pages.items():
        client = as_user(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert text.count("<h1") == 1, url
            assert not re.search(r"\sstyle=", text), url
            assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), url
    Engagement.objects.filter(pk=world.engagement.pk).update(status="closed")
    world.engagement.refresh_from_db()
    evaluation_send(actor=world.staff, engagement=world.engagement)
    text = as_user(world.member).get(reverse("engagements:evaluation", args=[key])).content.decode()
    assert text.count("<h1") == 1 and "Did the assistance meet your agency" in text
