"""Issue 7 §7: staff add an unlisted agency to the directory (service, event, request linked);
the public agency page without the importer's file name, with a "Request assistance" link."""

import pytest
from django.test import Client
from django.urls import reverse

from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory
from continuum.activity.models import Event
from continuum.agencies.models import Agency
from continuum.agencies.services import agency_add
from continuum.core.workflow import TransitionForbidden
from continuum.intake.tests.factories import submitted_request

from .factories import AgencyFactory, StateFactory

pytestmark = pytest.mark.django_db

ADD = reverse("agencies:agency_add")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fields(state, **extra):
    return {
        "name": "Tri-Lakes Police Department",
        "agency_type": "municipal",
        "jurisdiction_level": "local",
        "state": state.pk,
        "city": "Monument",
        **extra,
    }


def test_staff_add_an_agency_with_an_event_and_it_is_found_by_the_search():
    state = StateFactory()
    staff = ProgramStaffFactory()
    response = as_user(staff).post(ADD, _fields(state))
    agency = Agency.objects.get(name="Tri-Lakes Police Department")
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:agency", kwargs={"pk": agency.pk})
    assert agency.source == "" and agency.ori9 is None and agency.search_text
    event = Event.objects.get(verb="agency_added")
    assert event.actor == staff
    found = Client().get(reverse("agencies:directory"), {"q": "Tri-Lakes"}).content.decode()
    assert "Tri-Lakes Police Department" in found
    page = Client().get(reverse("agencies:agency", kwargs={"pk": agency.pk})).content.decode()
    assert "Added by program staff on" in page


def test_from_a_request_the_form_is_filled_and_the_request_then_names_the_agency():
    state = StateFactory()
    staff = ProgramStaffFactory()
    requester = AgencyMembershipFactory().user
    ar = submitted_request(
        requester=requester,
        agency=None,
        unlisted_agency_name="Tri-Lakes Police Department",
        unlisted_agency_type="municipal",
        unlisted_jurisdiction_level="local",
        unlisted_state=state,
    )
    client = as_user(staff)
    form = client.get(ADD, {"request": str(ar.public_id)}).content.decode()
    assert 'value="Tri-Lakes Police Department"' in form
    response = client.post(ADD, {**_fields(state), "request": str(ar.public_id)})
    assert response.status_code == 302
    ar.refresh_from_db()
    assert ar.agency.name == "Tri-Lakes Police Department"
    assert Event.objects.filter(verb="agency_added_to_directory", target_id=str(ar.pk)).exists()


def test_bad_input_and_duplicates_are_refused_with_messages():
    state = StateFactory()
    AgencyFactory(name="Tri-Lakes Police Department", state=state)
    client = as_user(ProgramStaffFactory())
    duplicate = client.post(ADD, _fields(state))
    assert duplicate.status_code == 400
    assert "already in the directory" in duplicate.content.decode()
    bad = client.post(ADD, {**_fields(state), "state": "99999999999999999999", "agency_type": "x"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Choose a state or territory from the list." in html
    assert "Choose a type of agency from the list." in html


def test_only_program_staff_add_agencies():
    member = AgencyMembershipFactory().user
    assert as_user(member).get(ADD).status_code == 404
    with pytest.raises(TransitionForbidden):
        agency_add(
            actor=member,
            name="X",
            agency_type="municipal",
            jurisdiction_level="local",
            state=StateFactory(),
        )


def test_the_public_page_hides_the_import_file_and_offers_to_request_assistance(client):
    agency = AgencyFactory(source="agencies-2024.json.gz (FBI, 2024 edition)")
    html = client.get(reverse("agencies:agency", kwargs={"pk": agency.pk})).content.decode()
    assert "agencies-2024.json.gz" not in html
    assert "Imported from" not in html and "Last updated" not in html
    assert "The FBI's list of law enforcement agencies" in html
    assert reverse("intake:request_start") in html and "Request assistance" in html
