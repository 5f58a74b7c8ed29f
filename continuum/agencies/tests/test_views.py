import re

import pytest
from django.urls import reverse

from continuum.agencies.choices import AgencyType
from continuum.agencies.models import Agency

from .factories import AgencyFactory, StateFactory

pytestmark = pytest.mark.django_db

URL = "/agencies/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def rows(response) -> int:
    return response.content.decode().count('<th scope="row" data-label="Agency">')


def test_urls():
    assert reverse("agencies:directory") == URL
    assert reverse("agencies:agency", kwargs={"pk": 7}) == "/agencies/7/"


def test_the_page_opens_with_an_introduction_and_no_results(client):
    AgencyFactory()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find your agency in the national directory" in html
    assert "<table" not in html
    assert 'name="q"' in html and 'name="state"' in html and 'name="agency_type"' in html
    assert 'hx-get="/agencies/"' in html and 'hx-push-url="true"' in html


def test_search_shows_the_matching_agencies_with_their_fields(client):
    AgencyFactory(
        ori9="VA0070200",
        name="Arlington County Police Department",
        county="ARLINGTON",
        city="ARLINGTON",
        population_served=238643,
    )
    AgencyFactory(name="Richmond Police Department", county="RICHMOND CITY", city="RICHMOND")
    response = client.get(URL, {"q": "arlington"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 agency found" in html
    assert rows(response) == 1
    for text in [
        "Arlington County Police Department",
        "VA0070200",
        "Municipal police",
        "Local",
        "Arlington",
        "Virginia",
        "238,643",
    ]:
        assert text in html
    assert "Richmond" not in html


def test_filters_by_state_and_type(client):
    washington = StateFactory(usps="WA", fips="53", name="Washington", ori_prefix="WA")
    AgencyFactory(
        ori9="WAWSP0000",
        name="Washington State Patrol",
        state=washington,
        agency_type=AgencyType.STATE_POLICE,
    )
    AgencyFactory(ori9="WASPD0000", name="Seattle Police Department", state=washington)
    AgencyFactory(name="Virginia State Police", agency_type=AgencyType.STATE_POLICE)

    response = client.get(URL, {"state": "WA", "agency_type": "state_police"})

    assert rows(response) == 1
    assert "Washington State Patrol" in response.content.decode()


def test_empty_state_says_what_to_try(client):
    AgencyFactory()
    response = client.get(URL, {"q": "zzzzzz", "state": "VA"})
    html = response.content.decode()
    assert "No agency found" in html
    assert "No agency in the directory matches “zzzzzz” in Virginia" in html
    assert "<table" not in html


def test_paging_25_per_page(client):
    AgencyFactory.create_batch(30)
    first = client.get(URL, {"q": "police"})
    assert rows(first) == 25
    assert "30 agencies found" in first.content.decode()
    assert "page 1 of 2" in first.content.decode()
    assert 'aria-label="Page 2"' in first.content.decode()
    second = client.get(URL, {"q": "police", "page": "2"})
    assert rows(second) == 5
    assert 'aria-current="page">2<' in second.content.decode()
    # Bad page numbers do not fail: text gives the first page, too high the last.
    assert rows(client.get(URL, {"q": "police", "page": "abc"})) == 25
    assert rows(client.get(URL, {"q": "police", "page": "999"})) == 5


def test_page_links_keep_the_search(client):
    AgencyFactory.create_batch(26)
    html = client.get(URL, {"q": "police", "state": "VA"}).content.decode()
    assert re.search(r'href="\?q=police&amp;state=VA&amp;page=2"', html)


@pytest.mark.parametrize("count", [3, 60])
def test_query_count_does_not_grow_with_the_results(client, django_assert_num_queries, count):
    AgencyFactory.create_batch(count)
    # The state choices, the count, and one page of agencies with their states.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "police"})
    assert rows(response) == min(count, 25)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 300}, "Enter 100 characters or fewer. Your search has 300."),
        ({"q": "a"}, "Enter at least 2 letters or numbers to search."),
        ({"q": "!!!"}, "Enter at least 2 letters or numbers to search."),
        ({"q": "police", "state": "ZZ"}, "Choose a state or territory from the list."),
        ({"q": "police", "agency_type": "spaceport"}, "Choose a type of agency from the list."),
    ],
)
def test_bad_input_gets_a_clear_message(client, params, message):
    AgencyFactory()
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Please fix the search" in html
    assert "<table" not in html
    htmx = client.get(URL, params, **HTMX)
    assert htmx.status_code == 200
    assert message in htmx.content.decode()


def test_htmx_gets_only_the_results_fragment(client):
    AgencyFactory(name="Arlington County Police Department")
    response = client.get(URL, {"q": "arlington"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert rows(response) == 1
    assert 'id="directory-status"' in html and 'hx-swap-oob="true"' in html
    assert "1 agency found." in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(URL, {"q": "police"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in response.content.decode()


def test_type_ahead_suggestions_fragment(client):
    AgencyFactory.create_batch(12)
    chosen = AgencyFactory(ori9="VA0070200", name="Arlington County Police Department")
    response = client.get(URL, {"q": "VA0070200", "fragment": "suggestions"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert f'name="agency" value="{chosen.pk}"' in html
    assert html.count('type="radio"') == 1
    many = client.get(URL, {"q": "police", "fragment": "suggestions"}, **HTMX).content.decode()
    assert many.count('type="radio"') == 10
    short = client.get(URL, {"q": "a", "fragment": "suggestions"}, **HTMX).content.decode()
    assert "Enter at least 2 letters" in short
    none = client.get(URL, {"q": "zzzz", "fragment": "suggestions"}, **HTMX).content.decode()
    assert "No agency in the directory matches" in none


def test_the_agency_page_shows_its_directory_fields(client):
    agency = AgencyFactory(
        ori9="VA0070200",
        name="Arlington County Police Department",
        county="ARLINGTON",
        city="ARLINGTON",
        population_served=238643,
        latitude="38.889954",
        longitude="-77.08372",
        fips_place="51013",
    )
    response = client.get(reverse("agencies:agency", kwargs={"pk": agency.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    expected = [
        "Arlington County Police Department",
        "VA0070200",
        "VA00702",
        "Municipal police",
        "Virginia (VA)",
        "238,643",
        "51013",
        "38.8900, -77.0837",
    ]
    for text in expected:
        assert text in html


def test_an_unknown_agency_is_404(client):
    assert Agency.objects.count() == 0
    assert client.get("/agencies/999/").status_code == 404
