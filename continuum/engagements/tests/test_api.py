"""The engagements API, reading: the list and one engagement, for every kind of caller.

Who may see what comes from the engagements policy: program staff see every engagement; an
expert only those they are on; provider staff their organization's; agency members their
agency's. Everything else answers 404, exactly like an engagement that does not exist, and a
call without a token answers 401.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.api import api
from continuum.api.services import api_token_issue
from continuum.catalog.models import Program
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.intake.tests.factories import RawSubmittedRequestFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1"
OPERATIONS = (
    "engagement_list",
    "engagement_read",
    "activity_list",
    "activity_create",
    "milestone_list",
    "milestone_create",
    "milestone_complete",
)


class Api:
    """A client that calls the API with one person's token (none: no Authorization header)."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            key = api_token_issue(actor=user, user=user, name="Tests").key
            self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path, body=None, raw=None):
        return self.client.post(
            BASE + path,
            data=raw if raw is not None else json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )


def field_messages(response) -> dict[str, list[str]]:
    """422 details by field name (the last part of `loc`)."""
    found: dict[str, list[str]] = {}
    for item in response.json()["detail"]:
        found.setdefault(str(item["loc"][-1]), []).append(item["msg"])
    return found


@dataclass
class World:
    users: dict[str, Any]
    engagement: Any  # agency A's, delivered by organization P, the expert on its team
    other: Any  # agency B's, delivered by organization Q

    def api(self, client, role: str) -> Api:
        return Api(client, self.users[role])


#: Roles that see `world.engagement`, and those that must get 404 for it.
SEES = ("staff", "expert_on_team", "provider_of_org", "member_of_agency")
NOT_SEES = ("outsider", "expert_not_on_team", "provider_of_other_org", "member_of_other_agency")
#: Roles that see the engagement's activities and keep its workplan (program staff and the
#: working side); the agency side sees the engagement but not its activities.
WORKING = ("staff", "expert_on_team", "provider_of_org")


@pytest.fixture
def world(db) -> World:
    agency_a = AgencyFactory(name="Alpha City Police Department")
    agency_b = AgencyFactory(name="Bravo County Sheriff's Office")
    org_p = ProviderOrganizationFactory(name="Peer Policing Association")
    org_q = ProviderOrganizationFactory(name="Quality Policing Institute")
    expert = ExpertFactory(full_name="Erin Expert")
    engagement = EngagementFactory(
        assistance_request=RawSubmittedRequestFactory(agency=agency_a),
        provider=org_p,
        status=EngagementStatus.ACTIVE,
    )
    TeamMemberFactory(engagement=engagement, user=expert, role=TeamRole.LEAD_EXPERT)
    other = EngagementFactory(
        assistance_request=RawSubmittedRequestFactory(agency=agency_b), provider=org_q
    )
    TeamMemberFactory(engagement=other, user=ExpertFactory(), role=TeamRole.EXPERT)
    users = {
        "staff": ProgramStaffFactory(),
        "expert_on_team": expert,
        "expert_not_on_team": ExpertFactory(),
        "provider_of_org": ProviderMembershipFactory(organization=org_p).user,
        "provider_of_other_org": ProviderMembershipFactory(organization=org_q).user,
        "member_of_agency": AgencyMembershipFactory(agency=agency_a).user,
        "member_of_other_agency": AgencyMembershipFactory(agency=agency_b).user,
        "outsider": UserFactory(),
    }
    return World(users=users, engagement=engagement, other=other)


# --- authentication and the schema -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/engagements/"),
        ("get", "/engagements/{id}/"),
        ("get", "/engagements/{id}/activities/"),
        ("post", "/engagements/{id}/activities/"),
        ("get", "/engagements/{id}/milestones/"),
        ("post", "/engagements/{id}/milestones/"),
        ("post", "/engagements/{id}/milestones/1/complete/"),
    ],
)
def test_no_token_answers_401(client, world, method, path):
    url = BASE + path.format(id=world.engagement.public_id)
    response = getattr(client, method)(url, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_bad_token_answers_401(client, world):
    response = client.get(BASE + "/engagements/", headers={"Authorization": "Bearer cnt_nope"})
    assert response.status_code == 401


def test_the_schema_names_every_operation_with_a_description():
    schema = api.get_openapi_schema()
    found = {
        operation["operationId"]: operation
        for item in schema["paths"].values()
        for operation in item.values()
    }
    for name in OPERATIONS:
        assert name in found, name
        assert found[name]["summary"], name
        assert found[name].get("description"), name
        assert "Engagements" in found[name]["tags"], name
    # The intake API's agency answer keeps its own shape (component names must not collide).
    assert "in_directory" in schema["components"]["schemas"]["AgencyOut"]["properties"]


# --- the list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b"),
    [
        ("staff", True, True),
        ("expert_on_team", True, False),
        ("expert_not_on_team", False, False),
        ("provider_of_org", True, False),
        ("provider_of_other_org", False, True),
        ("member_of_agency", True, False),
        ("member_of_other_agency", False, True),
        ("outsider", False, False),
    ],
)
def test_the_list_holds_only_what_the_caller_may_see(client, world, role, sees_a, sees_b):
    response = world.api(client, role).get("/engagements/")
    assert response.status_code == 200, response.content
    listed = {item["public_id"] for item in response.json()["items"]}
    assert (str(world.engagement.public_id) in listed) is sees_a
    assert (str(world.other.public_id) in listed) is sees_b


def test_a_list_item_says_what_the_engagement_is(client, world):
    response = world.api(client, "member_of_agency").get("/engagements/")
    (item,) = response.json()["items"]
    assert item["status"] == "active"
    assert item["status_label"] == "Active"
    assert item["program"]["slug"] == "cri-tac"
    assert item["agency"]["name"] == "Alpha City Police Department"
    assert item["provider"]["name"] == "Peer Policing Association"
    assert item["services"] and {"slug", "name"} <= set(item["services"][0])
    assert item["starts_on"] == "2026-11-02"
    assert response.json()["next"] is None


def test_the_list_filters_by_status_and_program(client, world):
    api_ = world.api(client, "staff")
    active = api_.get("/engagements/", {"status": "active"}).json()["items"]
    assert [item["public_id"] for item in active] == [str(world.engagement.public_id)]
    planning = api_.get("/engagements/", {"status": "planning"}).json()["items"]
    assert [item["public_id"] for item in planning] == [str(world.other.public_id)]
    assert len(api_.get("/engagements/", {"program": "cri-tac"}).json()["items"]) == 2
    assert api_.get("/engagements/", {"program": "no-such-program"}).json()["items"] == []


def test_the_list_pages_by_cursor_newest_first(client, world):
    more = [EngagementFactory() for _ in range(4)]
    api_ = world.api(client, "staff")
    seen = []
    after = None
    for _page in range(10):
        params = {"limit": 2} | ({"after": after} if after else {})
        body = api_.get("/engagements/", params).json()
        assert len(body["items"]) <= 2
        seen += [item["public_id"] for item in body["items"]]
        after = body["next"]
        if after is None:
            break
    everything = [world.engagement, world.other, *more]
    newest_first = sorted(everything, key=lambda e: (e.created_at, e.pk), reverse=True)
    assert seen == [str(e.public_id) for e in newest_first]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": 10**30}, "limit"),
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "x" * 1001}, "after"),
        ({"program": "p" * 51}, "program"),
    ],
)
def test_bad_list_parameters_answer_422_naming_the_parameter(client, world, params, field):
    response = world.api(client, "staff").get("/engagements/", params)
    assert response.status_code == 422, response.content
    assert field in field_messages(response)


def test_a_cursor_of_another_list_is_refused(client, world):
    from continuum.intake.tests.factories import submitted_request

    member = world.users["member_of_agency"]
    for _ in range(3):
        submitted_request(agency=world.engagement.agency, requester=member)
    requests_cursor = Api(client, member).get("/requests/", {"page_size": 1}).json()["next_cursor"]
    assert requests_cursor
    response = world.api(client, "staff").get("/engagements/", {"after": requests_cursor})
    assert response.status_code == 422
    assert "after" in field_messages(response)


def test_the_list_costs_the_same_number_of_queries_for_many_engagements(
    client, world, django_assert_max_num_queries
):
    api_ = world.api(client, "provider_of_org")
    api_.get("/engagements/")  # the token's last-used stamp is written on the first call
    org = world.engagement.provider
    with django_assert_max_num_queries(8) as few:
        assert len(api_.get("/engagements/").json()["items"]) == 1
    for _ in range(30):
        EngagementFactory(provider=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_.get("/engagements/", {"limit": 25}).json()["items"]) == 25


# --- one engagement ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", SEES)
def test_those_who_see_the_engagement_read_it(client, world, role):
    response = world.api(client, role).get(f"/engagements/{world.engagement.public_id}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["public_id"] == str(world.engagement.public_id)
    assert body["scope"] == world.engagement.scope
    assert body["team"] == [
        {
            "user_id": world.users["expert_on_team"].pk,
            "name": "Erin Expert",
            "role": "lead_expert",
            "role_label": "Lead expert",
        }
    ]
    assert body["ends_on"] == "2027-04-30"
    assert body["closed_at"] is None
    assert isinstance(body["topics"], list)


@pytest.mark.parametrize("role", NOT_SEES)
def test_others_get_404_as_for_an_engagement_that_does_not_exist(client, world, role):
    api_ = world.api(client, role)
    hidden = api_.get(f"/engagements/{world.engagement.public_id}/")
    missing = api_.get(f"/engagements/{uuid.uuid4()}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_the_team_leaves_out_people_who_left(client, world):
    from django.utils import timezone

    TeamMemberFactory(
        engagement=world.engagement,
        user=UserFactory(full_name="Gone Person"),
        role=TeamRole.EXPERT,
        left_at=timezone.now(),
    )
    body = world.api(client, "staff").get(f"/engagements/{world.engagement.public_id}/").json()
    assert [member["name"] for member in body["team"]] == ["Erin Expert"]


def test_an_id_that_is_not_a_uuid_answers_422(client, world):
    response = world.api(client, "staff").get("/engagements/12345/")
    assert response.status_code == 422
    assert "public_id" in field_messages(response)


def test_an_engagement_without_provider_says_so(client, world):
    engagement = EngagementFactory(program=Program.objects.get(slug="cri-tac"), provider=None)
    body = world.api(client, "staff").get(f"/engagements/{engagement.public_id}/").json()
    assert body["provider"] is None
    assert body["team"] == []


def test_the_reference_for_people_lists_the_engagement_operations(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Engagements" in page
    for path in ("/api/v1/engagements/", "/api/v1/engagements/{public_id}/milestones/"):
        assert path in page
