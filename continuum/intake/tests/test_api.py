"""The API under /api/v1/: token authentication, drafts and submission, visibility (404 for
another agency's request), staff decisions, validation errors (422), and the OpenAPI schema."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory
from continuum.api.services import api_token_issue, api_token_revoke
from continuum.engagements.models import Engagement
from continuum.intake.choices import RequestStatus as S
from continuum.intake.models import AssistanceRequest

from .domain_fixtures import (
    administrator,
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)
from .factories import (
    AssistanceRequestFactory,
    RawSubmittedRequestFactory,
    program,
    service,
    submitted_request,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


class Api:
    """A client that calls the API with one person's token."""

    def __init__(self, client, user=None, key=None):
        self.client = client
        if key is None and user is not None:
            key = api_token_issue(actor=user, user=user, name="Tests").key
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def _send(self, method, path, body):
        return getattr(self.client, method)(
            BASE + path,
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path, body=None):
        return self._send("post", path, body)

    def patch(self, path, body=None):
        return self._send("patch", path, body)


def _messages(response) -> dict[str, list[str]]:
    """422 details by field name (the last part of `loc`)."""
    found: dict[str, list[str]] = {}
    for item in response.json()["detail"]:
        found.setdefault(str(item["loc"][-1]), []).append(item["msg"])
    return found


# --- authentication --------------------------------------------------------------------------


def test_missing_bad_and_revoked_tokens_answer_401(client, requester_a):
    assert Api(client).get("/requests/").status_code == 401
    assert Api(client, key="cnt_not-a-real-key").get("/requests/").status_code == 401
    issued = api_token_issue(actor=requester_a, user=requester_a, name="Sync")
    api = Api(client, key=issued.key)
    assert api.get("/requests/").status_code == 200
    api_token_revoke(actor=requester_a, token=issued.token)
    assert api.get("/requests/").status_code == 401


def test_a_turned_off_account_answers_401(client, requester_a):
    api = Api(client, requester_a)
    requester_a.is_active = False
    requester_a.save()
    assert api.get("/requests/").status_code == 401


def test_a_browser_session_is_not_enough(client, requester_a):
    client.force_login(requester_a)
    response = client.get(BASE + "/requests/")
    assert response.status_code == 401  # not a redirect to the sign-in page


def test_the_token_records_when_it_was_last_used(client, requester_a):
    issued = api_token_issue(actor=requester_a, user=requester_a, name="Sync")
    Api(client, key=issued.key).get("/requests/")
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


# --- create, update, submit ------------------------------------------------------------------

COMPLETE = {
    "requester_name": "Pat Rivera",
    "requester_title": "Lieutenant",
    "requester_email": "pat.rivera@example.gov",
    "requester_phone": "555-201-3344",
    "chief_name": "Chief Alex Morgan",
    "chief_title": "Chief of Police",
    "chief_email": "alex.morgan@example.gov",
    "attests_voluntary": True,
    "attests_chief_supports": True,
    "services": ["policy-review"],
    "concern_scope": "specific",
    "narrative": "We want our use-of-force policy reviewed against current practice.",
    "desired_timeframe": "soon",
    "has_critical_incident": False,
}


def test_create_update_and_submit(client, agency_a, requester_a, mailoutbox):
    api = Api(client, requester_a)
    created = api.post("/requests/", {"agency_ori": agency_a.ori9, "requester_name": "Pat"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["tracking_number"] is None
    assert body["agency"]["name"] == agency_a.name
    public_id = body["public_id"]

    updated = api.patch(f"/requests/{public_id}", COMPLETE)
    assert updated.status_code == 200, updated.content
    assert updated.json()["answers"]["services"] == ["policy-review"]
    assert updated.json()["answers"]["requester_name"] == "Pat Rivera"

    submitted = api.post(f"/requests/{public_id}/submit")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["tracking_number"].startswith("CRI-")
    assert "withdraw" in body["available_actions"]
    assert body["recommendation"] is None  # routing is for program staff
    ar = AssistanceRequest.objects.get(public_id=public_id)
    assert ar.requester == requester_a
    assert ar.recommended_program is not None


def test_a_second_submit_answers_409_with_the_tracking_number(client, agency_a, requester_a):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    response = Api(client, requester_a).post(f"/requests/{ar.public_id}/submit")
    assert response.status_code == 409
    assert ar.tracking_number in response.json()["detail"]
    assert AssistanceRequest.objects.filter(tracking_number=ar.tracking_number).count() == 1


def test_submitting_an_incomplete_draft_lists_what_is_missing(client, agency_a, requester_a):
    api = Api(client, requester_a)
    public_id = api.post("/requests/", {"agency_ori": agency_a.ori9}).json()["public_id"]
    response = api.post(f"/requests/{public_id}/submit")
    assert response.status_code == 422
    missing = _messages(response)
    assert missing["chief_name"] == ["Enter your chief executive's name."]
    assert "narrative" in missing
    assert AssistanceRequest.objects.get(public_id=public_id).status == S.DRAFT


def test_a_sent_request_cannot_be_changed(client, agency_a, requester_a):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    response = Api(client, requester_a).patch(f"/requests/{ar.public_id}", {"narrative": "x"})
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"narrative": "x" * 6001}, "narrative", "6,000"),
        ({"agency_ori": "ZZ9999999"}, "agency_ori", "No agency in the national directory"),
        ({"services": ["astrology"]}, "services", "not a service on offer"),
        ({"requester_email": "not-an-email"}, "requester_email", "email"),
        ({"unlisted_state": "ZZ"}, "unlisted_state", "not a state or territory"),
        ({"concern_scope": "cosmic"}, "concern_scope", "Input should be"),
        ({"incident_date": "2999-01-01"}, "incident_date", "future"),
    ],
)
def test_bad_input_answers_422_with_a_message_for_the_field(
    client, requester_a, body, field, words
):
    response = Api(client, requester_a).post("/requests/", body)
    assert response.status_code == 422, response.content
    messages = _messages(response)
    assert field in messages, messages
    assert any(words.lower() in message.lower() for message in messages[field]), messages
    assert not AssistanceRequest.objects.exists()  # no empty draft left behind


def test_a_malformed_body_answers_422_not_500(client, requester_a):
    api = Api(client, requester_a)
    response = client.post(
        BASE + "/requests/", data="{not json", content_type="application/json", headers=api.headers
    )
    assert response.status_code in (400, 422)


# --- reading: one's own requests only ----------------------------------------------------------


def test_list_shows_own_and_own_agencys_requests_only(
    client, agency_a, agency_b, requester_a, member_a, member_b
):
    mine = submitted_request(agency=agency_a, requester=requester_a)
    draft_of_mine = AssistanceRequestFactory(agency=agency_a, requester=requester_a)
    other_agency = submitted_request(agency=agency_b, requester=member_b)

    def listed(user):
        body = Api(client, user).get("/requests/").json()
        return {item["public_id"] for item in body["items"]}, body["count"]

    ids, count = listed(requester_a)
    assert ids == {str(mine.public_id), str(draft_of_mine.public_id)} and count == 2
    ids, count = listed(member_a)  # agency colleague: the sent request, not the draft
    assert ids == {str(mine.public_id)} and count == 1
    ids, count = listed(member_b)
    assert ids == {str(other_agency.public_id)} and count == 1


def test_another_agencys_request_answers_404_everywhere(
    client, agency_a, requester_a, member_b, outsider
):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    for user in (member_b, outsider):
        api = Api(client, user)
        assert api.get(f"/requests/{ar.public_id}").status_code == 404
        assert api.patch(f"/requests/{ar.public_id}", {"narrative": "x"}).status_code == 404
        assert api.post(f"/requests/{ar.public_id}/submit").status_code == 404
        assert api.post(f"/requests/{ar.public_id}/withdraw").status_code == 404
        decline = {"reason": "other", "note": "No."}
        assert api.post(f"/requests/{ar.public_id}/decline", decline).status_code == 404
        assert api.post(f"/requests/{ar.public_id}/notes", {"note": "x"}).status_code == 404
    unknown = Api(client, member_b).get(f"/requests/{uuid.uuid4()}")
    assert unknown.status_code == 404
    assert unknown.json() == Api(client, member_b).get(f"/requests/{ar.public_id}").json()


def test_someone_elses_draft_is_404_even_for_staff(client, agency_a, requester_a, staff):
    draft = AssistanceRequestFactory(agency=agency_a, requester=requester_a)
    assert Api(client, staff).get(f"/requests/{draft.public_id}").status_code == 404


def test_agency_users_never_see_internal_notes(client, agency_a, requester_a, member_a, staff):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    note = "Possible litigation; check with counsel first."
    assert (
        Api(client, staff).post(f"/requests/{ar.public_id}/notes", {"note": note}).status_code
        == 201
    )
    staff_view = Api(client, staff).get(f"/requests/{ar.public_id}").json()
    assert any(entry["note"] == note and entry["internal"] for entry in staff_view["timeline"])
    for user in (requester_a, member_a):
        response = Api(client, user).get(f"/requests/{ar.public_id}")
        assert note not in response.content.decode()
        timeline = response.json()["timeline"]
        assert timeline and not any(entry["internal"] for entry in timeline)


def test_agency_users_may_not_take_staff_actions_403(client, agency_a, requester_a):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    api = Api(client, requester_a)
    response = api.post(f"/requests/{ar.public_id}/decline", {"reason": "other", "note": "x"})
    assert response.status_code == 403
    assert api.post(f"/requests/{ar.public_id}/notes", {"note": "x"}).status_code == 403
    assert api.get("/triage/queue").status_code == 403
    ar.refresh_from_db()
    assert ar.status == S.SUBMITTED


def test_withdraw_and_answer_information(client, agency_a, requester_a, staff):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    api, staff_api = Api(client, requester_a), Api(client, staff)
    question = {"question": "How many sworn officers?"}
    assert (
        staff_api.post(f"/requests/{ar.public_id}/request-information", question).status_code == 200
    )
    answered = api.post(f"/requests/{ar.public_id}/answer", {"answer": "About 120."})
    assert answered.status_code == 200
    assert answered.json()["status"] == "in_review"
    withdrawn = api.post(f"/requests/{ar.public_id}/withdraw", {"reason": "Handled locally."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


# --- program staff: the queue and decisions ----------------------------------------------------


def test_staff_queue_filters_pages_and_counts(client, agency_a, agency_b, staff):
    for _ in range(3):
        RawSubmittedRequestFactory(agency=agency_a)
    maryland = RawSubmittedRequestFactory(agency=agency_b, reviewer=staff)
    api = Api(client, staff)
    body = api.get("/triage/queue", {"page_size": 2}).json()
    assert body["count"] == 4 and not body["count_capped"] and len(body["items"]) == 2
    assert body["previous_cursor"] is None and body["next_cursor"]
    assert body["counts"]["by_status"]["submitted"] == 4 and body["counts"]["capped"] == []
    second = api.get("/triage/queue", {"page_size": 2, "cursor": body["next_cursor"]}).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    seen = {item["public_id"] for item in body["items"] + second["items"]}
    assert len(seen) == 4
    back = api.get("/triage/queue", {"page_size": 2, "cursor": second["previous_cursor"]}).json()
    assert back["items"] == body["items"] and back["previous_cursor"] is None
    stale = api.get("/triage/queue", {"cursor": "not-a-cursor"})
    assert stale.status_code == 422
    assert stale.json()["detail"][0]["loc"] == ["query", "cursor"]
    other_sort = api.get("/triage/queue", {"ordering": "oldest", "cursor": body["next_cursor"]})
    assert other_sort.status_code == 422
    body = api.get("/triage/queue", {"state": "MD"}).json()
    assert [item["public_id"] for item in body["items"]] == [str(maryland.public_id)]
    body = api.get("/triage/queue", {"assignee": "me"}).json()
    assert body["count"] == 1
    bad = api.get("/triage/queue", {"program": "astrology"})
    assert bad.status_code == 422
    assert "Choose a program from the list." in bad.content.decode()
    assert api.get("/triage/queue", {"page_size": 1000}).status_code == 422


def test_staff_read_any_submitted_request_with_routing(client, agency_b, member_b, staff):
    ar = submitted_request(agency=agency_b, requester=member_b)
    body = Api(client, staff).get(f"/requests/{ar.public_id}").json()
    assert body["tracking_number"] == ar.tracking_number
    assert body["recommendation"]["program"] == ar.recommended_program.slug
    assert body["recommendation"]["routing_table_version"] == ar.routing_table.version
    assert set(body["available_actions"]) >= {"start_review", "accept", "decline", "refer"}


def test_staff_decisions(client, agency_a, requester_a, staff):
    api = Api(client, staff)
    reviewer = ProgramStaffFactory()

    first = submitted_request(agency=agency_a, requester=requester_a)
    path = f"/requests/{first.public_id}"
    assert api.post(path + "/start-review").json()["status"] == "in_review"
    assigned = api.post(path + "/assign", {"reviewer_id": reviewer.pk})
    assert assigned.json()["reviewer_id"] == reviewer.pk
    assert api.post(path + "/assign", {"reviewer_id": None}).json()["reviewer_id"] is None
    message = api.post(path + "/messages", {"body": "Can we talk on Monday?"})
    assert message.status_code == 201
    accepted = api.post(
        path + "/accept", {"program": "cri-tac", "services": ["policy-review"], "note": "Yes."}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["decision"]["program"] == "cri-tac"
    assert Engagement.objects.get(assistance_request=first).program == program("cri-tac")
    again = api.post(path + "/decline", {"reason": "other", "note": "Changed my mind."})
    assert again.status_code == 409

    second = submitted_request(agency=agency_a, requester=requester_a)
    declined = api.post(
        f"/requests/{second.public_id}/decline", {"reason": "no_capacity", "note": "Not now."}
    )
    assert declined.json()["status"] == "declined"
    assert declined.json()["decision"]["decline_reason"] == "no_capacity"

    third = submitted_request(agency=agency_a, requester=requester_a)
    referred = api.post(
        f"/requests/{third.public_id}/refer", {"target": "resources", "note": "See the toolkit."}
    )
    assert referred.json()["status"] == "referred"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("accept", {"program": "astrology", "services": ["policy-review"]}, "program"),
        ("accept", {"program": "cri-tac", "services": ["bias-audit"]}, "services"),
        ("accept", {"program": "cri-tac", "services": []}, "services"),
        ("accept", {"program": "cri-tac"}, "services"),
        ("decline", {"reason": "bored", "note": "x"}, "reason"),
        ("decline", {"reason": "other", "note": ""}, "note"),
        ("refer", {"target": "nowhere", "note": "x"}, "target"),
        ("assign", {"reviewer_id": 999999}, "reviewer_id"),
        ("notes", {"note": ""}, "note"),
        ("notes", {"note": "x" * 4001}, "note"),
        ("request-information", {"question": " "}, "question"),
    ],
)
def test_staff_bad_input_answers_422_with_the_field(
    client, agency_a, requester_a, staff, path, body, field
):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    response = Api(client, staff).post(f"/requests/{ar.public_id}/{path}", body)
    assert response.status_code == 422, response.content
    assert field in _messages(response)
    ar.refresh_from_db()
    assert ar.status == S.SUBMITTED


def test_assigning_someone_who_is_not_staff_is_422(client, agency_a, requester_a, staff, member_a):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    response = Api(client, staff).post(
        f"/requests/{ar.public_id}/assign", {"reviewer_id": member_a.pk}
    )
    assert response.status_code == 422
    assert _messages(response)["reviewer"] == ["Choose a reviewer from the program staff."]


# --- an agency member's request list ----------------------------------------------------------


def _member_list_queries(api) -> tuple[dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get("/requests/")  # the token's first use is written down once: not this list's cost
    with CaptureQueriesContext(connection) as captured:
        body = api.get("/requests/", {"page_size": 5}).json()
    return body, len(captured)


def test_a_members_request_list_costs_the_same_queries_and_counts_each_request_once(
    client, requester_a, member_a, agency_a, agency_b, monkeypatch
):
    # requester_a's own requests of agency A are both "own" and "the agency's": counted once.
    RawSubmittedRequestFactory.create_batch(2, requester=requester_a, agency=agency_a)
    api = Api(client, requester_a)
    few, few_queries = _member_list_queries(api)
    assert few["count"] == 2 and not few["count_capped"]
    RawSubmittedRequestFactory.create_batch(6, requester=requester_a, agency=agency_a)
    RawSubmittedRequestFactory.create_batch(3, requester=member_a, agency=agency_a)
    RawSubmittedRequestFactory(requester=requester_a, agency=agency_b)
    AssistanceRequestFactory(requester=requester_a, agency=agency_a)  # own draft
    AssistanceRequestFactory(requester=member_a, agency=agency_a)  # a colleague's: not listed
    RawSubmittedRequestFactory(requester=member_a, agency=agency_b)  # not listed
    many, many_queries = _member_list_queries(api)
    assert many_queries == few_queries
    assert many["count"] == 2 + 6 + 3 + 1 + 1 and not many["count_capped"]
    seen, cursor = [], many["next_cursor"]
    seen += [item["public_id"] for item in many["items"]]
    while cursor:
        body = api.get("/requests/", {"page_size": 5, "cursor": cursor}).json()
        seen += [item["public_id"] for item in body["items"]]
        cursor = body["next_cursor"]
    assert len(seen) == len(set(seen)) == many["count"]
    # Past the cap the count says so, whichever part reached it.
    from continuum.intake import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    capped = api.get("/requests/", {"page_size": 5}).json()
    assert capped["count"] == 4 and capped["count_capped"]
