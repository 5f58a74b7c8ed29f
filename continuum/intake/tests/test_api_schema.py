"""The API's OpenAPI schema and its reference page: every operation is there, named, by
audience, and documented for people."""

import pytest

from continuum.api.api import api, api_operations

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_public_and_lists_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/requests/",
        "/api/v1/requests/{public_id}",
        "/api/v1/requests/{public_id}/submit",
        "/api/v1/requests/{public_id}/accept",
        "/api/v1/requests/{public_id}/decline",
        "/api/v1/requests/{public_id}/refer",
        "/api/v1/requests/{public_id}/assign",
        "/api/v1/requests/{public_id}/notes",
        "/api/v1/requests/{public_id}/start-review",
        "/api/v1/requests/{public_id}/request-information",
        "/api/v1/triage/queue",
    ):
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/v1/requests/"])
    assert "patch" in paths["/api/v1/requests/{public_id}"]
    assert "ApiTokenAuth" in schema["components"]["securitySchemes"]


def test_reference_page_documents_every_operation_of_the_schema(client):
    schema = client.get("/api/openapi.json").json()
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    for path, item in schema["paths"].items():
        for method in item:
            assert f"<code>{method.upper()} {path}</code>" in page, (method, path)
    assert "Authorization: Bearer" in page
    assert "<script" not in page.split("</footer>")[0].split("<main")[1]
    assert client.get("/api/docs").status_code == 301  # the old address still leads there


def test_every_operation_has_an_explicit_name_that_is_also_its_url_name():
    names = [operation.name for operation in api_operations()]
    assert len(names) == len(set(names)), "operation ids must be unique"
    url_names = {pattern.name for pattern in api.urls[0]}
    for name in names:
        assert name in url_names, name
        assert not name.startswith("continuum_"), f"{name}: give it an explicit operation_id"


def test_operations_are_grouped_by_audience(client):
    schema = client.get("/api/openapi.json").json()
    tags = {
        item["operationId"]: item["tags"]
        for path in schema["paths"].values()
        for item in path.values()
    }
    assert tags["request_create"] == ["Requests"]
    assert tags["request_withdraw"] == ["Requests"]
    assert tags["triage_queue"] == ["Triage"]
    assert tags["request_accept"] == ["Triage"]


def test_the_schema_documents_error_answers(client):
    schema = client.get("/api/openapi.json").json()
    create = schema["paths"]["/api/v1/requests/"]["post"]
    assert {"400", "401", "413", "422"} <= set(create["responses"])
    assignee = schema["components"]["schemas"]["AssignIn"]["properties"]["reviewer_id"]
    assert {"minimum": 1, "maximum": 2**63 - 1}.items() <= assignee["anyOf"][0].items()
