import pytest

from continuum.agencies.choices import AgencyType
from continuum.agencies.selectors import agency_search
from continuum.agencies.text import search_normalize

from .factories import AgencyFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    virginia = StateFactory()
    washington = StateFactory(usps="WA", fips="53", name="Washington", ori_prefix="WA")
    agencies = {
        "arlington": AgencyFactory(
            ori9="VA0070200", name="Arlington County Police Department", county="ARLINGTON"
        ),
        "sheriff": AgencyFactory(
            ori9="VA0070000",
            name="Arlington County Sheriff's Office",
            agency_type=AgencyType.SHERIFF,
            county="ARLINGTON",
            city="",
        ),
        "fairfax": AgencyFactory(
            ori9="VA0290100", name="Fairfax County Police Department", county="FAIRFAX", city=""
        ),
        "mclean": AgencyFactory(
            ori9="VA0290200", name="Town Police", county="FAIRFAX", city="McLean"
        ),
        "seattle": AgencyFactory(
            ori9="WASPD0000",
            name="Seattle Police Department",
            state=washington,
            county="KING",
            city="SEATTLE",
        ),
        "patrol": AgencyFactory(
            ori9="WAWSP0000",
            name="Washington State Patrol",
            state=washington,
            agency_type=AgencyType.STATE_POLICE,
            county="",
            city="",
        ),
        "st_louis": AgencyFactory(
            ori9="VA0990100", name="St. Louis Park Police", county="", city="", state=virginia
        ),
    }
    return agencies


def names(queryset):
    return [agency.name for agency in queryset]


def test_exact_ori_comes_first(directory):
    AgencyFactory(ori9="VA0070201", name="Another Agency")
    results = list(agency_search(query="VA0070200"))
    assert results[0] == directory["arlington"]
    assert agency_search(query="va0070200").first() == directory["arlington"]


def test_ori7_and_ori_prefix(directory):
    assert agency_search(query="VA00702").first() == directory["arlington"]
    assert set(agency_search(query="VA029")) == {directory["fairfax"], directory["mclean"]}


def test_name_prefix_ranks_above_other_matches(directory):
    other = AgencyFactory(ori9="VA0500100", name="City of Arlington Heights Police", county="")
    results = list(agency_search(query="arlington"))
    assert results[:2] == [directory["arlington"], directory["sheriff"]]
    assert other in results
    assert results.index(other) >= 2


def test_city_county_and_state_name_match(directory):
    assert names(agency_search(query="mclean")) == ["Town Police"]
    assert set(agency_search(query="fairfax")) == {directory["fairfax"], directory["mclean"]}
    assert set(agency_search(query="seattle")) == {directory["seattle"]}
    assert directory["patrol"] in agency_search(query="washington")


def test_every_word_must_match_in_any_order(directory):
    assert list(agency_search(query="sheriff arlington")) == [directory["sheriff"]]
    assert list(agency_search(query="arlington seattle")) == []


def test_punctuation_and_case_do_not_matter(directory):
    assert list(agency_search(query="ST LOUIS")) == [directory["st_louis"]]
    assert list(agency_search(query="st.louis")) == [directory["st_louis"]]
    assert search_normalize("St.-Louis  Park") == "st louis park"
    assert search_normalize("Policía") == "policia"
    assert list(agency_search(query="sheriff's")) == [directory["sheriff"]]


def test_state_filter_accepts_a_state_or_its_code(directory):
    washington = directory["seattle"].state
    assert set(agency_search(query="police", state=washington)) == {directory["seattle"]}
    assert set(agency_search(query="", state="wa")) == {directory["seattle"], directory["patrol"]}


def test_agency_type_filter(directory):
    results = agency_search(query="arlington", agency_type=AgencyType.SHERIFF)
    assert list(results) == [directory["sheriff"]]
    assert list(agency_search(query="", agency_type=AgencyType.STATE_POLICE)) == [
        directory["patrol"]
    ]


def test_no_match_and_empty_query(directory):
    assert list(agency_search(query="zzzz")) == []
    assert agency_search(query="").count() == len(directory)
    assert agency_search(query="  ").count() == len(directory)


def test_words_match_at_the_start_of_words_only(directory):
    AgencyFactory(
        ori9="SC0160100", name="Darlington Police Department", county="DARLINGTON", city=""
    )
    assert "Darlington Police Department" not in names(agency_search(query="arlington"))
    assert names(agency_search(query="arl sher")) == ["Arlington County Sheriff's Office"]


def test_a_whole_ori_is_found_through_its_index(directory):
    queryset = agency_search(query=" waspd0000 ")
    assert "ori9" in str(queryset.query) and "LIKE" not in str(queryset.query).upper()
    assert list(queryset) == [directory["seattle"]]
    assert list(agency_search(query="WASPD0000", state="VA")) == []
    # Nine letters are a word, not an ORI.
    AgencyFactory(ori9="VA0100100", name="Dartmouth Police", county="", city="")
    assert names(agency_search(query="dartmouth")) == ["Dartmouth Police"]
