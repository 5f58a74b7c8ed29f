import pytest

from continuum.agencies.choices import AgencyType
from continuum.agencies.selectors import MAX_READINGS, agency_search, query_readings
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
    assert set(results[:2]) == {directory["arlington"], directory["sheriff"]}
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


# --- relevance and abbreviations ---------------------------------------------------------------


def test_alias_tables_are_normalized_and_name_agencies_of_the_shipped_list():
    import csv
    import gzip

    from continuum.agencies.aliases import AGENCY_ACRONYMS, QUERY_ACRONYMS, WORD_ALIASES
    from continuum.agencies.importers import AGENCIES_FILE, shipped_file

    for word, expansions in WORD_ALIASES.items():
        assert search_normalize(word) == word and " " not in word
        for expansion in expansions:
            assert search_normalize(expansion) == expansion != word
    for acronym, text in QUERY_ACRONYMS.items():
        assert search_normalize(acronym) == acronym and search_normalize(text) == text
    with gzip.open(shipped_file(AGENCIES_FILE), "rt", encoding="utf-8") as handle:
        oris = {row["ori"] for row in csv.DictReader(handle)}
    for acronym, acronym_oris in AGENCY_ACRONYMS.items():
        assert search_normalize(acronym) == acronym and " " not in acronym
        assert acronym_oris and len(set(acronym_oris)) == len(acronym_oris)
        assert set(acronym_oris) <= oris, acronym
    assert not set(AGENCY_ACRONYMS) & set(QUERY_ACRONYMS)


@pytest.mark.parametrize(
    ("query", "readings"),
    [
        ("arlington", ["arlington"]),
        ("arlington pd", ["arlington pd", "arlington police department", "arlington police dept"]),
        ("st paul", ["st paul", "saint paul", "state paul"]),
        ("ft worth co", ["ft worth co", "ft worth county", "fort worth co", "fort worth county"]),
    ],
)
def test_query_readings(query, readings):
    assert query_readings(query) == readings


def test_readings_are_capped():
    assert len(query_readings("pd so sd st co pd so")) == MAX_READINGS


@pytest.fixture
def new_york():
    ny = StateFactory(usps="NY", fips="36", name="New York", ori_prefix="NY")
    nj = StateFactory(usps="NJ", fips="34", name="New Jersey", ori_prefix="NJ")
    return {
        "nypd": AgencyFactory(
            ori9="NY0303000",
            name="New York City Police Department",
            state=ny,
            county="NEW YORK",
            city="New York",
            population_served=8_000_000,
        ),
        "west": AgencyFactory(
            ori9="NJ0091200",
            name="West New York Police Department",
            state=nj,
            county="HUDSON",
            city="West New York",
            population_served=50_000,
        ),
        "troop": AgencyFactory(
            ori9="NY031SP00",
            name="State Police: New York County",
            state=ny,
            agency_type=AgencyType.STATE_POLICE,
            county="NEW YORK",
            city="",
            population_served=None,
        ),
        "albany": AgencyFactory(
            ori9="NY0010100",
            name="Albany Police Department",
            state=ny,
            county="ALBANY",
            city="Albany",
            population_served=98_000,
        ),
    }


def test_new_york_police_puts_the_city_before_west_new_york(new_york):
    assert names(agency_search(query="New York Police")) == [
        "New York City Police Department",  # the words in order in the name; the largest
        "West New York Police Department",
        "State Police: New York County",  # the words in its name, not in order
        "Albany Police Department",  # "new york" only in its state
    ]


def test_acronyms_come_first_even_when_no_word_matches(new_york):
    assert names(agency_search(query="NYPD")) == ["New York City Police Department"]
    assert names(agency_search(query=" nypd ")) == ["New York City Police Department"]
    assert list(agency_search(query="NYPD", state="NJ")) == []
    assert list(agency_search(query="LAPD")) == []  # not in this directory: nothing invented


def test_word_abbreviations_expand(new_york, directory):
    assert names(agency_search(query="albany pd")) == ["Albany Police Department"]
    assert names(agency_search(query="arlington co so")) == ["Arlington County Sheriff's Office"]
    assert names(agency_search(query="saint louis")) == ["St. Louis Park Police"]
    assert names(agency_search(query="wa sp")) == ["Washington State Patrol"]
    # An expansion matches whole words only: "pd" is not "police dep...".
    AgencyFactory(ori9="VA0990200", name="Police Depot", county="", city="")
    assert "Police Depot" not in names(agency_search(query="pd"))


def test_exact_name_then_name_prefix_then_larger_agencies(directory):
    big = AgencyFactory(
        ori9="VA0990300",
        name="Arlington County Police Department Reserve",
        county="",
        population_served=900_000,
    )
    small = AgencyFactory(
        ori9="VA0990400",
        name="Police Department of Arlington County",
        county="",
        population_served=10,
    )
    results = list(agency_search(query="Arlington County Police Department"))
    assert results[:2] == [directory["arlington"], big]  # exact, then the longer name
    assert results.index(small) > 1
    results = list(agency_search(query="arlington county"))
    # Names starting with the words, the largest first; then the others.
    assert results[0] == big
    assert set(results[1:3]) == {directory["arlington"], directory["sheriff"]}
    assert results[-1] == small


def test_the_queue_subquery_still_works_with_acronyms(new_york):
    from continuum.agencies.models import Agency

    ids = agency_search(query="NYPD").order_by().values("pk")
    assert list(Agency.objects.filter(pk__in=ids)) == [new_york["nypd"]]


def test_long_and_repeated_queries_keep_the_sql_small(directory):
    # The form allows 100 characters: the worst of them must not make a huge statement.
    worst = "st co pd so sd sp mt ft"
    queryset = agency_search(query=worst)
    assert len(str(queryset.query)) < 60_000
    assert list(queryset) == []
    many = " ".join(f"w{n}" for n in range(30))[:100]
    assert len(str(agency_search(query=many).query)) < 20_000
    repeated = agency_search(query="arlington " * 10)
    assert len(str(repeated.query)) < 1.2 * len(str(agency_search(query="arlington").query))
    assert set(repeated) == {directory["arlington"], directory["sheriff"]}
