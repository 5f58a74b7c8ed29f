"""The staff pages and the queue's filter parsing refuse numbers a database cannot hold, and
ages beyond ten years of business days, with a message (never a 500 or an OverflowError)."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import pytest
from django.core.exceptions import ValidationError

from continuum.core.validation import DATABASE_ID_MAX
from continuum.intake.forms.triage import AcceptForm, AssignForm, BulkAssignForm
from continuum.intake.queue_filters import AGE_MAX, filters_q
from continuum.intake.selectors import queue_counts, triage_queue

from .domain_fixtures import agency_a, requester_a, staff
from .factories import submitted_request

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
TOO_LARGE = str(DATABASE_ID_MAX + 1)


@pytest.mark.parametrize("value", [HUGE, TOO_LARGE, "-5", "0"])
def test_assign_form_refuses_an_id_no_row_can_have(staff, value):
    form = AssignForm(data={"reviewer": value})
    assert not form.is_valid()
    assert form.errors["reviewer"] == [
        "That person cannot review requests. Choose someone from the list."
    ]


def test_assign_form_still_takes_a_reviewer_by_id(staff):
    form = AssignForm(data={"reviewer": str(staff.pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reviewer"] == staff


def test_bulk_assign_form_refuses_a_huge_reviewer_id(agency_a, staff):
    ar = submitted_request(agency=agency_a)
    form = BulkAssignForm(data={"requests": [str(ar.public_id)], "reviewer": HUGE})
    assert not form.is_valid()
    assert "reviewer" in form.errors


def test_accept_form_refuses_a_huge_program_id():
    form = AcceptForm(data={"program": HUGE, "services": [HUGE]})
    assert not form.is_valid()
    assert form.errors["program"] == ["That program does not exist. Choose one from the list."]
    assert "services" in form.errors


@pytest.mark.parametrize(
    ("filters", "key"),
    [
        ({"assignee": HUGE}, "assignee"),
        ({"assignee": TOO_LARGE}, "assignee"),
        ({"assignee": "٣"}, "assignee"),  # an Arabic-Indic digit: not an id here
        ({"program": HUGE}, "program"),
        ({"state": HUGE}, "state"),
        ({"age": HUGE}, "age"),
        ({"age": str(AGE_MAX + 1)}, "age"),
        ({"age": "-1"}, "age"),
        ({"older_than_days": "1" * 40}, "older_than_days"),
    ],
)
def test_filter_parsing_names_the_filter_at_fault(staff, filters, key):
    with pytest.raises(ValidationError) as caught:
        triage_queue(viewer=staff, filters=filters)
    assert list(caught.value.message_dict) == [key]
    with pytest.raises(ValidationError):
        queue_counts(viewer=staff, filters=filters)


def test_an_age_at_the_limit_is_a_filter(staff, agency_a):
    submitted_request(agency=agency_a)
    assert triage_queue(viewer=staff, filters={"age": str(AGE_MAX)}).count() == 0
    assert queue_counts(viewer=staff, filters={"age": "0"})["matching"] <= 1


@pytest.mark.parametrize(
    "query",
    [{"assignee": HUGE}, {"age": HUGE}, {"program": HUGE}, {"state": HUGE}, {"age": "4000"}],
)
def test_queue_page_answers_huge_filters_with_a_message(client, staff, query):
    client.force_login(staff)
    response = client.get("/triage/", query)
    assert response.status_code == 200
    assert "usa-alert" in response.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("assign", {"assign-reviewer": HUGE}, "reviewer"),
        ("accept", {"accept-program": HUGE, "accept-services": ["1"]}, "program"),
    ],
)
def test_request_page_actions_answer_huge_ids_with_a_message(
    client, agency_a, staff, action, data, field
):
    ar = submitted_request(agency=agency_a)
    client.force_login(staff)
    response = client.post(f"/triage/{ar.public_id}/{action}/", data)
    assert response.status_code == 422
    assert "does not exist" in response.content.decode() or "cannot review" in (
        response.content.decode()
    )
