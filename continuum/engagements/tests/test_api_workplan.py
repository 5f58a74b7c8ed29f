"""The engagements API, the work: activities and milestones, for every kind of caller.

Program staff and the working side (the team, the provider organization's staff) list and log
activities and keep the workplan; the agency side reads the workplan but gets 403 for the rest;
anyone who may not see the engagement gets 404. Bad input answers 422 naming the field, and
nothing is written.
"""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.models import Activity, Milestone
from continuum.engagements.tests.factories import (
    ActivityFactory,
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)

from .test_api import NOT_SEES, SEES, WORKING, field_messages, world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)
AGENCY_SIDE = ("member_of_agency",)

ACTIVITY = {
    "kind": "site_visit",
    "occurred_on": "2026-12-01",
    "hours": 6.5,
    "delivery_mode": "in_person",
    "participants": 12,
    "travel_cost": "812.40",
    "notes": "Met the command staff.",
}
MILESTONE = {"title": "Draft the policy review", "due_on": "2027-01-15"}


def _url(engagement, tail=""):
    return f"/engagements/{engagement.public_id}/{tail}"


# --- activities --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", WORKING)
def test_the_working_side_lists_activities_with_totals(client, world, role):
    ActivityFactory(engagement=world.engagement, hours=Decimal("6.50"), travel_cost=Decimal("100"))
    ActivityFactory(
        engagement=world.engagement,
        hours=Decimal("2"),
        travel_cost=Decimal("0"),
        occurred_on=datetime.date(2026, 11, 25),
    )
    ActivityFactory(engagement=world.other)
    response = world.api(client, role).get(_url(world.engagement, "activities/"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["items"]) == 2
    assert Decimal(body["total_hours"]) == Decimal("8.50")
    assert Decimal(body["total_travel_cost"]) == Decimal("100")
    assert body["items"][0]["occurred_on"] == "2026-11-25"
    assert body["items"][0]["kind_label"] == "Site visit"


def test_the_agency_side_may_not_see_activities(client, world):
    ActivityFactory(engagement=world.engagement)
    response = world.api(client, "member_of_agency").get(_url(world.engagement, "activities/"))
    assert response.status_code == 403
    assert "items" not in response.json()
    assert "program staff" in response.json()["detail"]


@pytest.mark.parametrize("role", NOT_SEES)
@pytest.mark.parametrize("tail", ["activities/", "milestones/"])
def test_lists_of_an_engagement_others_may_not_see_answer_404(client, world, role, tail):
    response = world.api(client, role).get(_url(world.engagement, tail))
    assert response.status_code == 404


@pytest.mark.parametrize("role", WORKING)
def test_the_working_side_logs_an_activity(client, world, role):
    response = world.api(client, role).post(_url(world.engagement, "activities/"), ACTIVITY)
    assert response.status_code == 201, response.content
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert activity.engagement == world.engagement
    assert activity.hours == Decimal("6.50")
    assert activity.travel_cost == Decimal("812.40")
    assert activity.participants == 12
    assert activity.logged_by == world.users[role]
    assert body["logged_by"] == str(world.users[role])
    assert Event.objects.filter(verb="activity_logged").count() == 1


def test_the_agency_side_may_not_log_an_activity(client, world):
    response = world.api(client, "member_of_agency").post(
        _url(world.engagement, "activities/"), ACTIVITY
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", NOT_SEES)
def test_others_logging_an_activity_get_404_and_nothing_is_written(client, world, role):
    response = world.api(client, role).post(_url(world.engagement, "activities/"), ACTIVITY)
    assert response.status_code == 404
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours": -1}, "hours"),
        ({"hours": 1001}, "hours"),
        ({"hours": 1e300}, "hours"),
        ({"hours": "NaN"}, "hours"),
        ({"hours": "Infinity"}, "hours"),
        ({"hours": 1.234}, "hours"),
        ({"hours": "lots"}, "hours"),
        ({"travel_cost": -5}, "travel_cost"),
        ({"travel_cost": 10**12}, "travel_cost"),
        ({"participants": -1}, "participants"),
        ({"participants": 10**20}, "participants"),
        ({"kind": "party"}, "kind"),
        ({"delivery_mode": "telepathy"}, "delivery_mode"),
        ({"occurred_on": "2026-12-04"}, "occurred_on"),
        ({"occurred_on": "1899-12-31"}, "occurred_on"),
        ({"occurred_on": "2026-02-30"}, "occurred_on"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"notes": "x" * 4001}, "notes"),
        ({"notes": "bad \x00 text"}, "notes"),
        ({"peer_agency_ori": "ZZ9999999"}, "peer_agency_ori"),
        ({"kind": None}, "kind"),
    ],
)
def test_bad_activities_answer_422_naming_the_field(client, world, change, field):
    response = world.api(client, "expert_on_team").post(
        _url(world.engagement, "activities/"), ACTIVITY | change
    )
    assert response.status_code == 422, response.content
    assert field in field_messages(response), response.json()
    assert not Activity.objects.exists()


def test_a_missing_field_answers_422(client, world):
    body = {key: value for key, value in ACTIVITY.items() if key != "hours"}
    response = world.api(client, "staff").post(_url(world.engagement, "activities/"), body)
    assert response.status_code == 422
    assert "hours" in field_messages(response)


def test_a_body_that_is_not_json_answers_400(client, world):
    response = world.api(client, "staff").post(_url(world.engagement, "activities/"), raw="{no")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_peer_exchange_names_the_other_agency_by_ori(client, world):
    host = AgencyFactory(name="Host Police Department")
    ori = host.ori9 or host.ori7
    body = ACTIVITY | {"kind": "peer_exchange", "peer_agency_ori": ori.lower()}
    response = world.api(client, "staff").post(_url(world.engagement, "activities/"), body)
    assert response.status_code == 201, response.content
    assert response.json()["peer_agency"]["name"] == "Host Police Department"
    assert Activity.objects.get().peer_agency == host


def test_only_a_peer_exchange_names_a_peer_agency(client, world):
    host = AgencyFactory()
    body = ACTIVITY | {"peer_agency_ori": host.ori9 or host.ori7}
    response = world.api(client, "staff").post(_url(world.engagement, "activities/"), body)
    assert response.status_code == 422
    assert "peer_agency_ori" in field_messages(response)


def test_an_ended_engagement_takes_no_more_activities(client, world):
    ended = EngagementFactory(provider=world.engagement.provider, status=EngagementStatus.CLOSED)
    response = world.api(client, "provider_of_org").post(_url(ended, "activities/"), ACTIVITY)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Activity.objects.exists()


# --- milestones --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SEES)
def test_those_who_see_the_engagement_see_its_workplan(client, world, role):
    owner = world.users["expert_on_team"]
    MilestoneFactory(
        engagement=world.engagement, title="Late", due_on=datetime.date(2026, 12, 1), owner=owner
    )
    MilestoneFactory(
        engagement=world.engagement,
        title="Done",
        due_on=datetime.date(2026, 11, 1),
        completed_on=datetime.date(2026, 11, 2),
    )
    MilestoneFactory(engagement=world.engagement, title="Ahead", due_on=datetime.date(2027, 1, 1))
    MilestoneFactory(engagement=world.other, title="Elsewhere")
    response = world.api(client, role).get(_url(world.engagement, "milestones/"))
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(m["title"], m["overdue"]) for m in items] == [
        ("Done", False),
        ("Late", True),
        ("Ahead", False),
    ]
    assert items[1]["owner"] == "Erin Expert"
    assert items[1]["owner_id"] == owner.pk


@pytest.mark.parametrize("role", WORKING)
def test_the_working_side_adds_a_milestone(client, world, role):
    owner = world.users["expert_on_team"]
    body = MILESTONE | {"owner_id": owner.pk, "description": "First pass."}
    response = world.api(client, role).post(_url(world.engagement, "milestones/"), body)
    assert response.status_code == 201, response.content
    milestone = Milestone.objects.get(pk=response.json()["id"])
    assert (milestone.title, milestone.owner, milestone.due_on) == (
        "Draft the policy review",
        owner,
        datetime.date(2027, 1, 15),
    )
    assert response.json()["overdue"] is False
    assert Event.objects.filter(verb="milestone_added").count() == 1


def test_the_agency_side_may_not_add_a_milestone(client, world):
    response = world.api(client, "member_of_agency").post(
        _url(world.engagement, "milestones/"), MILESTONE | {"owner_id": 999_999}
    )
    assert response.status_code == 403
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("role", NOT_SEES)
def test_others_adding_a_milestone_get_404(client, world, role):
    response = world.api(client, role).post(_url(world.engagement, "milestones/"), MILESTONE)
    assert response.status_code == 404
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"title": "\ud800"}, None),  # not storable text: refused as the body (400) or the field
        ({"due_on": "not a date"}, "due_on"),
        ({"due_on": "1999-12-31"}, "due_on"),
        ({"due_on": "9999-12-31"}, "due_on"),
        ({"owner_id": 0}, "owner_id"),
        ({"owner_id": 2**63}, "owner_id"),
        ({"owner_id": 999_999_999}, "owner_id"),
        ({"description": "d" * 4001}, "description"),
    ],
)
def test_bad_milestones_answer_422_naming_the_field(client, world, change, field):
    response = world.api(client, "staff").post(
        _url(world.engagement, "milestones/"), MILESTONE | change
    )
    if field is None:
        assert response.status_code in (400, 422), response.content
    else:
        assert response.status_code == 422, response.content
        assert field in field_messages(response), response.json()
    assert not Milestone.objects.exists()


def test_the_owner_must_be_on_the_team(client, world):
    stranger = world.users["expert_not_on_team"]
    response = world.api(client, "staff").post(
        _url(world.engagement, "milestones/"), MILESTONE | {"owner_id": stranger.pk}
    )
    unknown = world.api(client, "staff").post(
        _url(world.engagement, "milestones/"), MILESTONE | {"owner_id": 999_999_999}
    )
    assert response.status_code == unknown.status_code == 422
    assert field_messages(response) == field_messages(unknown)  # no hint who exists
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("role", WORKING)
def test_the_working_side_completes_a_milestone(client, world, role):
    milestone = MilestoneFactory(engagement=world.engagement, due_on=datetime.date(2026, 12, 1))
    response = world.api(client, role).post(
        _url(world.engagement, f"milestones/{milestone.pk}/complete/"),
        {"completed_on": "2026-12-02"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["completed_on"] == "2026-12-02"
    assert response.json()["overdue"] is False
    milestone.refresh_from_db()
    assert milestone.completed_on == datetime.date(2026, 12, 2)


def test_completing_without_a_date_means_today(client, world):
    milestone = MilestoneFactory(engagement=world.engagement)
    api_ = world.api(client, "staff")
    url = _url(world.engagement, f"milestones/{milestone.pk}/complete/")
    response = api_.post(url, {})
    assert response.status_code == 200, response.content
    assert response.json()["completed_on"] == TODAY.isoformat()
    again = api_.post(url, {})
    assert again.status_code == 422  # already done
    assert again.json()["detail"]


def test_completing_with_no_body_at_all_means_today(client, world):
    milestone = MilestoneFactory(engagement=world.engagement)
    response = client.post(
        f"/api/v1{_url(world.engagement, f'milestones/{milestone.pk}/complete/')}",
        data=b"",
        content_type="application/json",
        headers=world.api(client, "staff").headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["completed_on"] == TODAY.isoformat()


@pytest.mark.parametrize("completed_on", ["2026-12-04", "1899-01-01", "someday", 20261202])
def test_a_bad_completion_date_answers_422(client, world, completed_on):
    milestone = MilestoneFactory(engagement=world.engagement)
    response = world.api(client, "staff").post(
        _url(world.engagement, f"milestones/{milestone.pk}/complete/"),
        {"completed_on": completed_on},
    )
    assert response.status_code == 422, response.content
    assert "completed_on" in field_messages(response)
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_the_agency_side_may_not_complete_a_milestone(client, world):
    milestone = MilestoneFactory(engagement=world.engagement)
    response = world.api(client, "member_of_agency").post(
        _url(world.engagement, f"milestones/{milestone.pk}/complete/"), {}
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.completed_on is None


@pytest.mark.parametrize("role", NOT_SEES)
def test_others_completing_a_milestone_get_404(client, world, role):
    milestone = MilestoneFactory(engagement=world.engagement)
    response = world.api(client, role).post(
        _url(world.engagement, f"milestones/{milestone.pk}/complete/"), {}
    )
    assert response.status_code == 404
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_a_milestone_of_another_engagement_answers_404(client, world):
    """The milestone must belong to the engagement in the path, even for program staff."""
    elsewhere = MilestoneFactory(engagement=world.other)
    response = world.api(client, "expert_on_team").post(
        _url(world.engagement, f"milestones/{elsewhere.pk}/complete/"), {}
    )
    assert response.status_code == 404
    staff = world.api(client, "staff").post(
        _url(world.engagement, f"milestones/{elsewhere.pk}/complete/"), {}
    )
    assert staff.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.completed_on is None


@pytest.mark.parametrize("milestone_id", ["0", "-3", "abc", str(2**63), "1.5"])
def test_milestone_ids_that_cannot_exist_answer_422_or_404(client, world, milestone_id):
    response = world.api(client, "staff").post(
        _url(world.engagement, f"milestones/{milestone_id}/complete/"), {}
    )
    assert response.status_code in (404, 422), response.content
    assert response.json()["detail"]


def test_a_milestone_id_that_does_not_exist_answers_404(client, world):
    response = world.api(client, "staff").post(
        _url(world.engagement, "milestones/999999999/complete/"), {}
    )
    assert response.status_code == 404


def test_a_team_member_who_left_no_longer_works_on_the_workplan(client, world):
    from django.utils import timezone

    leaver = TeamMemberFactory(engagement=world.engagement, role=TeamRole.EXPERT)
    leaver.left_at = timezone.now()
    leaver.save()
    response = world.api(client, "staff").post(
        _url(world.engagement, "milestones/"), MILESTONE | {"owner_id": leaver.user_id}
    )
    assert response.status_code == 422
    assert "owner_id" in field_messages(response)


# --- cost ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["activities/", "milestones/", ""])
def test_reads_of_one_engagement_cost_the_same_for_many_rows(
    client, world, tail, django_assert_max_num_queries
):
    api_ = world.api(client, "provider_of_org")
    url = _url(world.engagement, tail)
    api_.get(url)  # the token's last-used stamp is written on the first call
    with django_assert_max_num_queries(12) as few:
        assert api_.get(url).status_code == 200
    host = AgencyFactory()
    for _n in range(15):
        ActivityFactory(
            engagement=world.engagement,
            kind="peer_exchange",
            peer_agency=host,
            logged_by=world.users["expert_on_team"],
        )
        MilestoneFactory(engagement=world.engagement, owner=world.users["expert_on_team"])
        TeamMemberFactory(engagement=world.engagement, role=TeamRole.EXPERT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_.get(url).status_code == 200
