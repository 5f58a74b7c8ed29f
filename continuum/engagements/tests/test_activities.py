"""Activities: the log service, the totals on the page, and who sees them (never the agency)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from continuum.activity.models import Event
from continuum.core.policy import Audience
from continuum.engagements.models import Activity
from continuum.engagements.services.activities import activity_log

from .delivery_world import delivery_world
from .factories import ActivityFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _log(world, actor, **changes):
    values = {
        "kind": "site_visit",
        "occurred_on": datetime.date(2026, 12, 1),
        "hours": Decimal("6.5"),
        "delivery_mode": "in_person",
        "participants": 12,
        "travel_cost": Decimal("812.40"),
        "notes": "Toured the academy.",
    }
    values.update(changes)
    return activity_log(actor=actor, engagement=world.engagement, **values)


def test_the_team_logs_an_activity_seen_by_staff_and_provider_only():
    world = delivery_world()
    activity = _log(world, world.lead)
    assert activity.logged_by == world.lead and activity.hours == Decimal("6.5")
    event = Event.objects.get(verb="activity_logged")
    assert not event.audiences & Audience.AGENCY


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"occurred_on": datetime.date(2026, 12, 4)}, "occurred_on"),
        ({"hours": Decimal("-1")}, "hours"),
        ({"hours": "lots"}, "hours"),
        ({"kind": "party"}, "kind"),
        ({"delivery_mode": "carrier pigeon"}, "delivery_mode"),
        ({"travel_cost": Decimal("-5")}, "travel_cost"),
        ({"participants": -3}, "participants"),
    ],
)
def test_bad_input_is_refused_with_its_field(changes, field):
    world = delivery_world()
    with pytest.raises(ValidationError) as caught:
        _log(world, world.staff, **changes)
    assert field in caught.value.message_dict
    assert not Activity.objects.exists()


def test_the_agency_and_outsiders_cannot_log():
    world = delivery_world()
    for actor in (world.member, world.requester, *world.outsiders.values()):
        with pytest.raises(PermissionDenied):
            _log(world, actor)


def test_totals_on_the_page_and_the_agency_never_sees_activities(django_assert_max_num_queries):
    world = delivery_world()
    ActivityFactory(engagement=world.engagement, hours=Decimal("6.50"), travel_cost=Decimal("800"))
    ActivityFactory(
        engagement=world.engagement,
        hours=Decimal("2.00"),
        travel_cost=Decimal("0"),
        notes="Secret-ish working note",
    )
    url = world.engagement.get_absolute_url()
    text = as_user(world.coordinator).get(url).content.decode()
    assert "Hours so far: 8.50" in text and "Travel cost so far: $800.00" in text
    for user in (world.member, world.requester, world.executive):
        text = as_user(user).get(url).content.decode()
        assert "activities-heading" not in text and "Secret-ish working note" not in text


def test_log_page_and_its_404s():
    world = delivery_world()
    url = reverse("engagements:activity_log", args=[world.engagement.public_id])
    client = as_user(world.lead)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "", "occurred_on": "", "hours": "x"})
    assert response.status_code == 400
    assert "Choose the kind of activity." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "virtual_consultation",
            "occurred_on": "12/02/2026",
            "hours": "1.5",
            "delivery_mode": "virtual",
            "participants": "",
            "travel_cost": "",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().travel_cost == Decimal("0")
    for user in (*world.outsiders.values(), world.member):
        assert as_user(user).get(url).status_code == 404
        assert as_user(user).post(url, {"kind": "site_visit"}).status_code == 404
    assert Activity.objects.count() == 1
