"""The request form answers impossible input with a field error, never a 500, and saves none of
it: ids a database cannot hold, and incident dates nobody could mean."""

import pytest

from continuum.intake.models import AssistanceRequest

from .request_form_helpers import incident_answers, needs_answers, start_draft, step_url

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize("field", ["services", "topics", "goals"])
@pytest.mark.parametrize("forged", [HUGE, "-1", "1e9", "١٢"])
def test_an_impossible_choice_id_is_a_field_error(client, field, forged):
    draft = start_draft(client)
    response = client.post(step_url(draft, "needs"), {**needs_answers(), field: [forged]})
    assert "from the list" in " ".join(_errors(response, field))
    assert AssistanceRequest.objects.get(pk=draft.pk).narrative == ""


@pytest.mark.parametrize("forged", [HUGE, "-5"])
def test_an_impossible_state_id_is_a_field_error(client, forged):
    draft = start_draft(client)
    response = client.post(
        step_url(draft, "agency"),
        {
            "agency_not_listed": "on",
            "unlisted_agency_name": "Lakeview Police Department",
            "unlisted_agency_type": "municipal",
            "unlisted_jurisdiction_level": "local",
            "unlisted_state": forged,
            "action": "continue",
        },
    )
    assert _errors(response, "unlisted_state")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1/1/0001", "Enter a date in 1900 or later."),
        ("12/31/1800", "Enter a date in 1900 or later."),
        ("1/1/2999", "The date of the incident cannot be in the future."),
    ],
)
def test_an_incident_date_nobody_could_mean_is_refused(client, date, message):
    draft = start_draft(client)
    client.post(step_url(draft, "needs"), needs_answers(incident=True))
    response = client.post(
        step_url(draft, "incident"), {**incident_answers(), "incident_date": date}
    )
    assert _errors(response, "incident_date")[0].startswith(message)
    assert AssistanceRequest.objects.get(pk=draft.pk).incident_date is None
