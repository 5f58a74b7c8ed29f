"""The FTS5 index on SQLite finds exactly what the word rule finds (issue 8 §4)."""

import pytest
from django.db.models import Q

from continuum.agencies import selectors
from continuum.agencies.aliases import WORD_ALIASES
from continuum.agencies.fts import fts_agency_ids, fts_available, fts_match_expression, fts_refresh
from continuum.agencies.models import Agency
from continuum.agencies.text import search_normalize

from .factories import AgencyFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not fts_available(), reason="FTS5 is SQLite's; PostgreSQL uses pg_trgm"),
]

NAMES = [
    "Arlington Police Department",
    "Arlington Heights Police Department",
    "Darlington Police Department",
    "St. Louis County Police Department",
    "Saint Paul Police Department",
    "New York City Police Department",
    "West New York Police Department",
    "Mt. Vernon Police Department",
    "O'Fallon Police Department",
    "Policía de Puerto Rico",
    "Los Angeles County Sheriff's Department",
]
QUERIES = [
    "arl",
    "arlington",
    "arlington pd",
    "st louis",
    "saint",
    "new york police",
    "mt vernon",
    "o fallon",
    "policia",
    "sheriff",
    "county sheriff dept",
    "darl",
    "x",
    "and",
    "or not",
]


def _word_rule(text: str) -> set[int]:
    match = Q()
    for word in text.split():
        match &= selectors._word_match(word)
    return set(Agency.objects.filter(match).values_list("pk", flat=True))


def _fts(text: str) -> set[int]:
    ids = fts_agency_ids(fts_match_expression(text.split(), WORD_ALIASES))
    return set(Agency.objects.filter(pk__in=ids).values_list("pk", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_fts_candidates_equal_the_word_rule(query):
    for name in NAMES:
        AgencyFactory(name=name)
    text = search_normalize(query)
    assert _fts(text) == _word_rule(text)


def test_the_index_follows_updates_deletes_and_a_rebuild():
    agency = AgencyFactory(name="Quillfeather Police Department")
    assert _fts("quillfeather") == {agency.pk}
    Agency.objects.filter(pk=agency.pk).update(search_text="wrenfield police department")
    assert _fts("quillfeather") == set() and _fts("wrenfield") == {agency.pk}
    fts_refresh()
    assert _fts("wrenfield") == {agency.pk}
    Agency.objects.filter(pk=agency.pk).delete()
    assert _fts("wrenfield") == set()
