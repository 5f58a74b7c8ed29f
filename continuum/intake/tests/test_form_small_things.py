"""Issue 7 §7 on the request form: "not sure" first; the unlisted agency's details fold away
once an agency is picked (server side, so it holds without JavaScript); character counts."""

import re

import pytest
from django.urls import reverse

from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake.forms.needs import NeedsStepForm
from continuum.intake.models import AssistanceRequest

pytestmark = pytest.mark.django_db


def _start(client) -> AssistanceRequest:
    response = client.post(reverse("intake:request_start"))
    assert response.status_code == 302
    return AssistanceRequest.objects.latest("created_at")


def _agency_step(client, draft) -> str:
    url = reverse("intake:request_step", args=[draft.public_id, "agency"])
    return client.get(url).content.decode()


def _details_tag(html: str) -> str:
    return re.search(r"<details[^>]*data-unlisted-details[^>]*>", html).group(0)


def test_not_sure_comes_before_the_list_of_services():
    rendered = NeedsStepForm.field_order
    assert rendered.index("not_sure") < rendered.index("services")


def test_unlisted_details_are_closed_once_an_agency_is_picked_and_open_when_ticked(client):
    draft = _start(client)
    assert " open" not in _details_tag(_agency_step(client, draft))
    draft.agency = AgencyFactory()
    draft.save(update_fields=["agency"])
    assert " open" not in _details_tag(_agency_step(client, draft))
    # Ticking "not listed" with no agency and sending opens them, with the errors inside.
    url = reverse("intake:request_step", args=[draft.public_id, "agency"])
    draft.agency = None
    draft.save(update_fields=["agency"])
    html = client.post(url, {"agency_not_listed": "on", "action": "continue"}).content.decode()
    assert " open" in _details_tag(html)
    assert "Enter the name of your agency." in html


def test_long_text_areas_count_their_characters(client):
    draft = _start(client)
    draft.agency = AgencyFactory()
    draft.save(update_fields=["agency"])
    html = client.get(reverse("intake:request_step", args=[draft.public_id, "needs"])).content
    html = html.decode()
    assert "usa-character-count__field" in html
    assert "You can enter up to" in html
