"""Bad input to the API gets an answer, never a 500 (issue 6, §4), each refused at its layer:
numbers too large for the database, huge ages, unpaired surrogates, NUL characters, implausible
dates and oversized bodies; and every error answers JSON `{"detail": ...}`."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest

from .domain_fixtures import agency_a, requester_a, staff
from .factories import submitted_request
from .test_api import BASE, Api, _messages

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _raw_post(client, api: Api, path: str, body: str):
    return client.post(BASE + path, data=body, content_type="application/json", headers=api.headers)


# --- numbers too large for the database --------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"assignee": HUGE}, "assignee"),
        ({"assignee": "-1"}, "assignee"),
        ({"assignee": "²"}, "assignee"),  # a digit to str.isdigit, not to int()
        ({"program": HUGE}, "program"),
        ({"state": HUGE}, "state"),
    ],
)
def test_queue_ids_too_large_or_not_numbers_answer_422_naming_the_filter(
    client, staff, params, field
):
    response = Api(client, staff).get("/triage/queue", params)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert [item["loc"] for item in detail] == [["query", field]]
    assert detail[0]["msg"]


def test_assigning_an_id_too_large_for_the_database_answers_422(client, agency_a, staff):
    ar = submitted_request(agency=agency_a)
    response = Api(client, staff).post(f"/requests/{ar.public_id}/assign", {"reviewer_id": 10**20})
    assert response.status_code == 422, response.content
    assert "ids are whole numbers" in _messages(response)["reviewer_id"][0]
    ar.refresh_from_db()
    assert ar.reviewer_id is None


# --- a huge age filter --------------------------------------------------------------------------


@pytest.mark.parametrize("age", [HUGE, "3651", "1000000", "9" * 5000])
def test_an_age_beyond_ten_years_of_business_days_answers_422_at_once(client, staff, age):
    response = Api(client, staff).get("/triage/queue", {"age": age})
    assert response.status_code == 422, response.content
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", "age"]
    assert "3,650" in item["msg"] or "whole number" in item["msg"]


def test_the_oldest_age_allowed_still_filters(client, agency_a, staff):
    submitted_request(agency=agency_a)
    response = Api(client, staff).get("/triage/queue", {"age": "3650"})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert Api(client, staff).get("/triage/queue", {"age": "0"}).json()["count"] <= 1


# --- unpaired surrogates and NUL characters -----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '{"narrative": "\\ud800"}',
        '{"narrative": "before \\udfff after"}',
        '{"services": ["\\ud83d"]}',
        '{"\\ud800": "a key"}',
    ],
)
def test_an_unpaired_surrogate_answers_400_with_a_message(client, requester_a, body):
    api = Api(client, requester_a)
    response = _raw_post(client, api, "/requests/", body)
    assert response.status_code == 400, response.content
    assert "surrogate" in response.json()["detail"]
    assert not AssistanceRequest.objects.exists()


def test_a_paired_surrogate_is_an_ordinary_character(client, requester_a):
    api = Api(client, requester_a)
    response = _raw_post(client, api, "/requests/", '{"narrative": "Thanks \\ud83d\\ude00"}')
    assert response.status_code == 201, response.content
    assert response.json()["answers"]["narrative"] == "Thanks \U0001f600"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("notes", {"note": "a\x00b"}, "note"),
        ("messages", {"body": "hello\x00"}, "body"),
        ("request-information", {"question": "\x00"}, "question"),
        ("decline", {"reason": "out_of_scope", "note": "no\x00"}, "note"),
        ("accept", {"program": "cri-tac", "services": ["x\x00"]}, "services"),
    ],
)
def test_nul_characters_are_refused_in_every_string_field(
    client, agency_a, staff, path, body, field
):
    ar = submitted_request(agency=agency_a)
    response = Api(client, staff).post(f"/requests/{ar.public_id}/{path}", body)
    assert response.status_code == 422, response.content
    messages = _messages(response)
    assert any(field in str(item["loc"]) for item in response.json()["detail"]), messages
    assert "NUL" in json.dumps(messages)
    ar.refresh_from_db()
    assert ar.status == RequestStatus.SUBMITTED


def test_nul_in_a_query_parameter_answers_422(client, staff):
    response = Api(client, staff).get("/triage/queue", {"q": "Riverton\x00"})
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


# --- implausible dates --------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1800-07-04", "1899-12-31"])
def test_incident_dates_before_1900_are_refused(client, requester_a, day):
    response = Api(client, requester_a).post("/requests/", {"incident_date": day})
    assert response.status_code == 422, response.content
    assert _messages(response)["incident_date"] == ["Enter a date in 1900 or later."]
    assert not AssistanceRequest.objects.exists()


def test_an_incident_date_tomorrow_is_refused_and_today_accepted(client, requester_a):
    api = Api(client, requester_a)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api.post("/requests/", {"incident_date": tomorrow})
    assert response.status_code == 422
    assert "future" in _messages(response)["incident_date"][0]
    today = timezone.localdate().isoformat()
    response = api.post("/requests/", {"incident_date": today})
    assert response.status_code == 201, response.content
    assert response.json()["answers"]["incident_date"] == today


# --- bodies: too large, not JSON, not UTF-8 -----------------------------------------------------


def test_a_body_over_the_limit_answers_413_with_json(client, requester_a):
    api = Api(client, requester_a)
    body = json.dumps({"narrative": "x" * 3_000_000})
    response = _raw_post(client, api, "/requests/", body)
    assert response.status_code == 413, response.content
    assert "too large" in response.json()["detail"]
    assert not AssistanceRequest.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_the_limit_is_the_setting(client, requester_a):
    api = Api(client, requester_a)
    assert _raw_post(client, api, "/requests/", json.dumps({"narrative": "x" * 900})).status_code
    response = _raw_post(client, api, "/requests/", json.dumps({"narrative": "x" * 1_200}))
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"narrative": "a"', "not valid JSON"),
        (b'{"narrative": "\xff\xfe"}', "not UTF-8"),
    ],
)
def test_a_body_that_cannot_be_read_answers_400_saying_why(client, requester_a, body, words):
    api = Api(client, requester_a)
    response = _raw_post(client, api, "/requests/", body)
    assert response.status_code == 400, response.content
    assert words in response.json()["detail"]


# --- every error is JSON -------------------------------------------------------------------------


def test_errors_answer_json_with_a_detail(client, agency_a, requester_a, staff):
    anonymous = Api(client)
    response = anonymous.get("/requests/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"

    member = Api(client, requester_a)
    response = member.get("/requests/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found")

    response = member.get("/triage/queue")
    assert response.status_code == 403
    assert "program staff" in response.json()["detail"]

    response = member.get("/requests/", {"page_size": "1000"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page_size"]
    assert "input" not in response.json()["detail"][0]  # what was sent is never echoed back


def test_a_bug_answers_500_with_json_and_is_logged(client, requester_a, monkeypatch, caplog):
    from continuum.intake.api import agency

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(agency, "request_list_page", broken)
    response = Api(client, requester_a).get("/requests/")
    assert response.status_code == 500
    assert "Something went wrong" in response.json()["detail"]
    assert "a bug" not in response.content.decode()
    assert any("a bug" in str(record.exc_info) for record in caplog.records)


@pytest.mark.parametrize("path", ["/api/", "/api/v1/nothing-here", "/api/v2/requests/"])
def test_an_address_with_no_operation_answers_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "no operation" in response.json()["detail"]


def test_a_method_an_address_does_not_take_answers_405_in_json(client, requester_a):
    response = client.delete(BASE + "/requests/", headers=Api(client, requester_a).headers)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert "DELETE" in response.json()["detail"]


def test_the_reference_for_people_stays_a_page(client):
    response = client.get("/api/docs/nothing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
