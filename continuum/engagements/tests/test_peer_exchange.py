"""Peer exchange: host agencies ranked by likeness with their reasons, and the exchange recorded
on both agencies' engagements in one transaction."""

# ruff: noqa: F401, F811

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from continuum.activity.models import Event
from continuum.agencies.choices import AgencyType
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import TopicFactory
from continuum.core.workflow import TransitionError
from continuum.engagements.choices import ActivityKind
from continuum.engagements.models import Activity
from continuum.engagements.services.peer_exchange import peer_candidates, peer_exchange_record
from continuum.engagements.tests.factories import EngagementFactory
from continuum.intake.tests.factories import service

from .test_meetings_world import NOW, make_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine(NOW, tick=False),
]


def _closed(agency, *, topics=(), services=("policy-review",), days_ago=30, status="closed"):
    engagement = EngagementFactory(
        agency=agency,
        assistance_request__agency=agency,
        services=[service(slug) for slug in services],
        status=status,
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
        if status == "closed"
        else None,
    )
    engagement.topics.set(topics)
    return engagement


@pytest.fixture
def scene(db):
    world = make_world(services=("peer-exchange", "policy-review"))
    force, community, other = (
        TopicFactory(name="Use of force (test)"),
        TopicFactory(name="Community engagement (test)"),
        TopicFactory(name="Recruitment (test)"),
    )
    world.engagement.topics.set([force, community])
    virginia = world.agency.state
    ohio = StateFactory(usps="OH", fips="39", name="Ohio", ori_prefix="OH")
    maryland = StateFactory(usps="MD", fips="24", name="Maryland", ori_prefix="MD")
    hosts = {
        # same state, type and size, both topics: the best match
        "twin": AgencyFactory(name="Fairview Police Department", state=virginia),
        # same Census region (the South), same type and size, one topic
        "neighbour": AgencyFactory(
            name="Easton Police Department", state=maryland, population_served=60_000
        ),
        # another region, another type, much larger, one topic
        "far": AgencyFactory(
            name="Lake County Sheriff's Office",
            state=ohio,
            agency_type=AgencyType.SHERIFF,
            population_served=600_000,
        ),
        # a closed engagement on nothing in common: not a candidate
        "unrelated": AgencyFactory(name="Unrelated Police Department", state=virginia),
        # shares topics but its engagement is still open: not a candidate
        "open": AgencyFactory(name="Open Police Department", state=virginia),
    }
    _closed(hosts["twin"], topics=[force, community], days_ago=60)
    twin_recent = _closed(hosts["twin"], topics=[force], services=("training",), days_ago=10)
    _closed(hosts["neighbour"], topics=[force], services=("training",))
    _closed(hosts["far"], topics=[force], services=("training",))
    _closed(hosts["unrelated"], topics=[other], services=("training",))
    _closed(hosts["open"], topics=[force, community], status="active")
    _closed(world.agency, topics=[force, community])  # the visiting agency itself
    return world, hosts, twin_recent


def test_candidates_are_ranked_by_likeness_with_a_reason_for_each_part(scene):
    world, hosts, _recent = scene
    candidates = peer_candidates(world.engagement)
    assert [c.agency for c in candidates] == [hosts["twin"], hosts["neighbour"], hosts["far"]]
    twin, neighbour, far = candidates
    assert twin.closed_engagements == 2
    assert twin.score == 3 + 2 + 3 + 2 + 0.5
    reasons = [part.reason for part in twin.parts]
    assert "Same type of agency: Municipal police." in reasons
    assert "Same size: Medium (25,000 to 99,999 people)." in reasons
    assert "Same state: Virginia." in reasons
    assert (
        "Completed work on the same topics: Community engagement (test), Use of force (test)."
        in reasons
    )
    assert "Received the same services: Policy review." in reasons
    assert neighbour.score == 3 + 2 + 1.5 + 1
    assert "Same Census region: the South (Maryland)." in [p.reason for p in neighbour.parts]
    assert far.score == 0 + 0 + 0 + 1
    far_reasons = [p.reason for p in far.parts]
    assert "A different type of agency: Sheriff's office." in far_reasons
    assert "A different size: Very large (500,000 people or more)." in far_reasons
    assert "Another region: Ohio." in far_reasons


def test_recording_writes_an_activity_and_an_event_on_both_engagements(scene):
    world, hosts, twin_recent = scene
    visit, hosting = peer_exchange_record(
        actor=world.lead,
        engagement=world.engagement,
        host_agency=hosts["twin"],
        occurred_on=datetime.date(2026, 11, 18),
        hours=Decimal("7.5"),
        delivery_mode="in_person",
        participants=9,
        notes="Saw their early-intervention dashboard.",
    )
    assert visit.engagement == world.engagement and visit.peer_agency == hosts["twin"]
    assert visit.kind == ActivityKind.PEER_EXCHANGE and visit.hours == Decimal("7.5")
    assert visit.notes == "Saw their early-intervention dashboard."
    # on the host's most recently closed engagement, naming the visiting agency
    assert hosting.engagement == twin_recent and hosting.peer_agency == world.agency
    assert hosting.kind == ActivityKind.PEER_EXCHANGE and hosting.participants == 9
    assert "early-intervention" not in hosting.notes  # the team's notes stay with the team
    mine = Event.objects.for_target(world.engagement).get(verb="peer_exchange_recorded")
    theirs = Event.objects.for_target(twin_recent).get(verb="peer_exchange_hosted")
    assert mine.actor == theirs.actor == world.lead
    assert "Fairview Police Department" in mine.note and "Riverton" in theirs.note


def test_a_refused_exchange_writes_nothing(scene):
    world, hosts, _recent = scene
    base = {
        "actor": world.lead,
        "engagement": world.engagement,
        "occurred_on": datetime.date(2026, 11, 18),
        "hours": Decimal("2"),
        "delivery_mode": "virtual",
        "participants": 3,
    }
    with pytest.raises(ValidationError, match="no completed engagement"):
        peer_exchange_record(**base, host_agency=AgencyFactory(name="Never Served PD"))
    with pytest.raises(ValidationError, match="another agency"):
        peer_exchange_record(**base, host_agency=world.agency)
    with pytest.raises(ValidationError):
        peer_exchange_record(**{**base, "hours": Decimal("-1")}, host_agency=hosts["twin"])
    with pytest.raises(TransitionError):
        peer_exchange_record(**{**base, "actor": world.member}, host_agency=hosts["twin"])
    assert not Activity.objects.exists()
    assert not Event.objects.filter(verb__startswith="peer_exchange").exists()


def test_the_page_ranks_and_records(client, scene):
    world, hosts, twin_recent = scene
    client.force_login(world.coordinator)
    url = reverse("engagements:peer_exchange", args=[world.engagement.public_id])
    body = client.get(url).content.decode()
    assert "Find a host agency for Riverton" in body
    assert body.index("Fairview Police Department") < body.index("Easton Police Department")
    assert "Unrelated Police Department" not in body and "Open Police Department" not in body
    assert "Same state: Virginia." in body
    bad = client.post(url, {"host_agency": hosts["unrelated"].pk, "hours": "x"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Choose a host agency from the list." in text and "Enter the hours as a number" in text
    assert not Activity.objects.exists()
    response = client.post(
        url,
        {
            "host_agency": hosts["neighbour"].pk,
            "occurred_on": "11/18/2026",
            "hours": "6",
            "delivery_mode": "in_person",
            "participants": "5",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.filter(peer_agency=hosts["neighbour"]).count() == 1
    assert Activity.objects.filter(peer_agency=world.agency).count() == 1
    section = client.get(world.engagement.get_absolute_url()).content.decode()
    assert "Peer exchange" in section and "With Easton Police Department" in section


def test_the_page_is_404_for_the_agency_side_outsiders_and_engagements_without_peer_exchange(
    client, scene
):
    world, _hosts, _recent = scene
    url = reverse("engagements:peer_exchange", args=[world.engagement.public_id])
    for who, user in {**world.outsiders(), "the agency's member": world.member}.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
        assert client.post(url, {}).status_code == 404, who
    plain = EngagementFactory(services=[service("policy-review")])  # no peer exchange
    client.force_login(world.staff)
    plain_url = reverse("engagements:peer_exchange", args=[plain.public_id])
    assert client.get(plain_url).status_code == 404
    # and the agency side does not get the section (activities are the team's)
    client.force_login(world.member)
    assert (
        "Find a host agency" not in client.get(world.engagement.get_absolute_url()).content.decode()
    )
