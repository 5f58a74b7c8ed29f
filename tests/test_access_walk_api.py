"""The API in the access walk: every operation is in the access map by name (its operationId,
also its URL name), no API wildcard, and token holders of every role reach every operation.

The walk itself (`tests/test_access_walk.py`) calls each operation as every role with a browser
session or none, and expects 401.
"""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import re
import uuid

import pytest
from django.urls import reverse

from continuum.api.api import URL_NAMESPACE
from continuum.api.services import api_token_issue
from continuum.core.access import ACCESS_MAP, WHOLE_NAMESPACES, Access, rule_for

from .test_access_walk import (
    API_OPERATIONS,
    ROLES,
    URL_KWARGS,
    _submitted,
    shared_client,
    shared_world,
    world,
)

#: The public API (issue 10 §6): what the public portal publishes, without a token.
PUBLIC_API_PREFIX = "/api/v1/public/"


def _is_public(operation) -> bool:
    return operation.path.startswith(PUBLIC_API_PREFIX)


def test_every_api_operation_is_in_the_map_by_name():
    """Adding an API operation without naming it in ACCESS_MAP fails here (and in the walk).
    Operations under /api/v1/public/ ask for no token and are mapped PUBLIC; every other one
    asks for a token and is mapped API_OPERATION."""
    assert API_OPERATIONS, "the schema lists no operation"
    for name, operation in API_OPERATIONS.items():
        assert operation.name, f"{operation.method} {operation.path} has no operationId"
        if _is_public(operation):
            assert not operation.authenticated, f"{name} is public but asks for a token"
            assert ACCESS_MAP.get(name) is Access.PUBLIC, (
                f"{operation.method} {operation.path}: add {name!r}: Access.PUBLIC to ACCESS_MAP"
            )
        else:
            assert operation.authenticated, f"{name} does not ask for a token"
            assert ACCESS_MAP.get(name) is Access.API_OPERATION, (
                f"{operation.method} {operation.path}: add {name!r}: Access.API_OPERATION to "
                "ACCESS_MAP in continuum/core/access.py"
            )
        reverse(name, kwargs=_any_kwargs(operation.path))
    mapped = {name for name, rule in ACCESS_MAP.items() if rule is Access.API_OPERATION}
    private = {name for name, op in API_OPERATIONS.items() if not _is_public(op)}
    assert mapped == private, "ACCESS_MAP names API operations the schema lacks"
    public = {name for name, op in API_OPERATIONS.items() if _is_public(op)}
    assert public, "the public API lists no operation"
    assert all(ACCESS_MAP[name] is Access.PUBLIC for name in public)


def _any_kwargs(path: str) -> dict:
    """A value for each `{parameter}` of an operation's path: a UUID for public and report ids,
    a slug for slugs, else 1."""
    names = re.findall(r"{(\w+)}", path)
    values = {"public_id": uuid.uuid4(), "report_id": uuid.uuid4(), "slug": "any-slug"}
    return {name: values.get(name, 1) for name in names}


def test_only_sites_that_guard_themselves_are_mapped_whole():
    wildcards = {name for name in ACCESS_MAP if "*" in name}
    assert wildcards == {f"{namespace}:*" for namespace in WHOLE_NAMESPACES} == {"admin:*"}
    assert rule_for(f"{URL_NAMESPACE}:an_operation_nobody_mapped") is None


API_CASES = [(name, role) for name in API_OPERATIONS for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize(
    ("name", "role"), API_CASES, ids=[f"{name}-with-{role}-token" for name, role in API_CASES]
)
def test_api_operations_answer_token_holders_without_401_or_server_error(
    name, role, world, shared_client
):
    """With a token, every role reaches every operation: an answer, a 403/404/409/422 refusal,
    never a 401 or a 5xx (an empty JSON body is enough to reach the operation's own checks)."""
    operation = API_OPERATIONS[name]
    user = world.users[role]
    key = api_token_issue(actor=user, user=user, name="Walk").key
    if name in URL_KWARGS:  # operations on other objects than a request (an engagement, ...)
        kwargs = URL_KWARGS[name](world)
    else:
        kwargs = (
            {"public_id": _submitted(world).public_id} if "{public_id}" in operation.path else {}
        )
    shared_client.cookies.clear()
    response = shared_client.generic(
        operation.method,
        reverse(name, kwargs=kwargs),
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    got = f"{operation.method} {operation.path} with {role}'s token: {response.status_code}"
    assert response.status_code != 401, got
    assert response.status_code < 500, got
    if response.status_code >= 400:
        assert response.json()["detail"], got
