"""Schemathesis over the engagements API with real engagements and milestones in the paths.

The site-wide fuzz (`tests/test_api_fuzz.py`) draws path ids from requests, so every
engagement operation stops at its 404 there. Here the ids are an engagement the caller works
on, one they only see (the agency side) and one they may not see, and their milestones, so the
generated bodies reach the services: whatever the input, no answer is a server error, and every
refusal says why in `detail`.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from continuum.accounts.tests.factories import (
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
)
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.api import api
from continuum.api.services import api_token_issue
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.intake.tests.factories import RawSubmittedRequestFactory
from tests.test_api_fuzz import _one_connection_for_the_test

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [
    result.ok()
    for result in SCHEMA.get_all_operations()
    if result.ok().path.startswith("/api/v1/engagements/")
]
EXAMPLES = 10
BASE_URL = "http://testserver"


@pytest.fixture
def app():
    with _one_connection_for_the_test():
        yield WSGIHandler()


@pytest.fixture
def world(db):
    agency = AgencyFactory(name="Fuzz City Police Department")
    expert = ExpertFactory()
    member = AgencyMembershipFactory(agency=agency).user
    mine = EngagementFactory(
        assistance_request=RawSubmittedRequestFactory(agency=agency),
        status=EngagementStatus.ACTIVE,
    )
    TeamMemberFactory(engagement=mine, user=expert, role=TeamRole.LEAD_EXPERT)
    closed = EngagementFactory(
        assistance_request=RawSubmittedRequestFactory(agency=agency),
        status=EngagementStatus.CLOSED,
    )
    TeamMemberFactory(engagement=closed, user=expert, role=TeamRole.EXPERT)
    elsewhere = EngagementFactory()
    engagements = [mine, closed, elsewhere]
    milestones = [MilestoneFactory(engagement=e) for e in engagements]
    return {
        "users": {"program_staff": ProgramStaffFactory(), "expert": expert, "agency": member},
        "public_ids": [str(e.public_id) for e in engagements],
        "milestone_ids": [m.pk for m in milestones],
    }


def _describe(case, response) -> str:
    return (
        f"{case.method} {case.formatted_path} answered {response.status_code}: "
        f"{response.text[:300]}\n{case.as_curl_command(headers={'Host': 'testserver'})}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("role", ["program_staff", "expert", "agency"])
def test_no_input_gets_a_server_error(operation, role, app, world):
    user = world["users"][role]
    headers = {"Authorization": f"Bearer {api_token_issue(actor=user, user=user, name='F').key}"}
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=cases,
        public_id=st.sampled_from(world["public_ids"]),
        milestone_id=st.sampled_from(world["milestone_ids"]),
        use_known_ids=st.booleans(),
    )
    def run(case, public_id, milestone_id, use_known_ids):
        parameters = case.path_parameters or {}
        if use_known_ids and "public_id" in parameters:
            parameters["public_id"] = public_id
            if "milestone_id" in parameters:
                parameters["milestone_id"] = milestone_id
        response = case.call(app=app, base_url=BASE_URL, headers=headers)
        assert response.status_code < 500, _describe(case, response)
        if response.status_code >= 400:
            assert json.loads(response.text)["detail"], _describe(case, response)

    run()


def test_the_fuzz_covers_every_engagement_operation():
    assert {operation.definition.raw["operationId"] for operation in OPERATIONS} == {
        "engagement_list",
        "engagement_read",
        "activity_list",
        "activity_create",
        "milestone_list",
        "milestone_create",
        "milestone_complete",
    }
