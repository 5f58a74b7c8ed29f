import pytest
from django.urls import reverse

from continuum.accounts.tests.factories import AdministratorFactory
from continuum.agencies.models import Agency

from .factories import AgencyFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


def test_agency_list_searches_and_filters(admin_client):
    AgencyFactory(name="Arlington County Police Department", ori9="VA0070200")
    AgencyFactory(name="Richmond Police Department")
    url = reverse("admin:agencies_agency_changelist")
    response = admin_client.get(url, {"q": "VA0070200"})
    assert response.status_code == 200
    assert "Arlington County Police Department" in response.content.decode()
    assert "Richmond Police Department" not in response.content.decode()
    sheriff = AgencyFactory(name="Harbor County Sheriff's Office", agency_type="sheriff")
    listed = admin_client.get(url, {"agency_type__exact": "sheriff"}).context["cl"].result_list
    assert list(listed) == [sheriff]
    StateFactory(usps="MD", fips="24", name="Maryland", ori_prefix="MD")
    response = admin_client.get(reverse("admin:agencies_state_changelist"), {"q": "VA"})
    assert [state.usps for state in response.context["cl"].result_list] == ["VA"]
    assert "Virginia" in response.content.decode()


def test_editing_an_agency_refreshes_its_search_text(admin_client):
    agency = AgencyFactory(name="Old Name Police Department", ori9="VA0070200")
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    page = admin_client.get(url).content.decode()
    assert "old name police department va0070200" in page  # shown, read-only
    assert 'name="search_text"' not in page
    data = {
        "name": "New Name Police Department",
        "ori9": "VA0070200",
        "ori7": "VA00702",
        "agency_type": "municipal",
        "jurisdiction_level": "local",
        "state": StateFactory().pk,
        "county": "ARLINGTON",
        "city": "",
        "fips_place": "",
        "latitude": "",
        "longitude": "",
        "population_served": "",
        "sworn_officers": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    agency = Agency.objects.get(pk=agency.pk)
    assert agency.search_text.startswith("new name police department va0070200")
