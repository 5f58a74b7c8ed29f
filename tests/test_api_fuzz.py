"""Schemathesis over the whole OpenAPI schema, for each role: no input gets a server error.

Every operation of `/api/openapi.json` is called with cases schemathesis generates from the
schema (valid ones, and invalid ones: wrong types, missing fields, out-of-range numbers,
strange strings), through Django's WSGI application (no server), by:

- program staff with a token: every answer is below 500;
- an agency member with a token: every answer is below 500;
- an anonymous caller: every answer is exactly 401, with a JSON `detail`, whatever the input;
  except on the public API (/api/v1/public/..., no token), where every answer is below 500.

Path ids are drawn from real requests too (the member's draft and submitted request, another
agency's request), so generated bodies reach the services, not only the 404 of an unknown id.
Runs are deterministic (`derandomize`, no example database) and bounded (a few examples per
operation), so the whole fuzz takes well under a minute on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.api import api
from continuum.api.services import api_token_issue
from continuum.intake.tests.factories import AssistanceRequestFactory, submitted_request

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
#: Examples per operation and generation mode; anonymous callers need few (input never matters).
EXAMPLES = {"program_staff": 10, "agency_member": 10, "anonymous": 3}
BASE_URL = "http://testserver"


@contextmanager
def _one_connection_for_the_test():
    """Django's test client does the same: a request's end must not close the connection that
    holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def app():
    with _one_connection_for_the_test():
        yield WSGIHandler()


@pytest.fixture
def world(db):
    """Requests of agency A (a draft and a submitted one, both by its member) and of agency B."""
    agency_a = AgencyFactory(name="Fuzz City Police Department")
    member = AgencyMembershipFactory(agency=agency_a).user
    staff = ProgramStaffFactory()
    other = AgencyMembershipFactory(agency=AgencyFactory(name="Elsewhere Sheriff's Office")).user
    requests = [
        AssistanceRequestFactory(agency=agency_a, requester=member),
        submitted_request(agency=agency_a, requester=member),
        submitted_request(agency=other.agency_membership.agency, requester=other),
    ]
    return {
        "users": {"program_staff": staff, "agency_member": member, "anonymous": None},
        "public_ids": [str(ar.public_id) for ar in requests],
    }


def _headers(user) -> dict[str, str]:
    if user is None:
        return {}
    return {"Authorization": f"Bearer {api_token_issue(actor=user, user=user, name='Fuzz').key}"}


def _fuzz(operation, *, app, world, role: str, check) -> None:
    headers = _headers(world["users"][role])
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    known_ids = st.sampled_from(world["public_ids"])

    @settings(
        max_examples=EXAMPLES[role],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, public_id=known_ids, use_known_id=st.booleans())
    def run(case, public_id, use_known_id):
        if use_known_id and "public_id" in (case.path_parameters or {}):
            case.path_parameters["public_id"] = public_id
        response = case.call(app=app, base_url=BASE_URL, headers=headers)
        check(case, response)

    run()


def _describe(case, response) -> str:
    return (
        f"{case.method} {case.formatted_path} answered {response.status_code}: "
        f"{response.text[:300]}\n{case.as_curl_command(headers={'Host': 'testserver'})}"
    )


def _no_server_error(case, response) -> None:
    assert response.status_code < 500, _describe(case, response)
    if response.status_code >= 400:
        assert "detail" in json.loads(response.text), _describe(case, response)


def _only_401(case, response) -> None:
    assert response.status_code == 401, _describe(case, response)
    assert json.loads(response.text)["detail"], _describe(case, response)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("role", ["program_staff", "agency_member"])
def test_no_input_gets_a_server_error(operation, role, app, world):
    _fuzz(operation, app=app, world=world, role=role, check=_no_server_error)


def _is_public(operation) -> bool:
    """The public API (/api/v1/public/..., issue 10 §6) needs no token."""
    return operation.path.startswith("/api/v1/public/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation", [o for o in OPERATIONS if not _is_public(o)], ids=lambda operation: operation.label
)
def test_anonymous_callers_get_401_whatever_they_send(operation, app, world):
    assert operation.definition.raw.get("security", SCHEMA.raw_schema.get("security")) != []
    _fuzz(operation, app=app, world=world, role="anonymous", check=_only_401)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation", [o for o in OPERATIONS if _is_public(o)], ids=lambda operation: operation.label
)
def test_the_public_api_answers_anonymous_callers_without_a_server_error(operation, app, world):
    assert not operation.definition.raw.get("security")
    _fuzz(operation, app=app, world=world, role="anonymous", check=_no_server_error)


def test_the_fuzz_covers_every_operation_of_the_schema():
    schema = api.get_openapi_schema()
    listed = {(method.upper(), path) for path, item in schema["paths"].items() for method in item}
    assert {(operation.method.upper(), operation.path) for operation in OPERATIONS} == listed
    assert len(OPERATIONS) >= 16
