"""Reads of the national agency directory.

The directory is public information (names, ORIs, types, places): these selectors need no
viewer, and every caller, signed in or not, sees the same rows.
"""

from __future__ import annotations

import itertools
import re

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Length, Lower, StrIndex, Substr
from django.db.models.lookups import Exact, GreaterThan, LessThan

from .aliases import AGENCY_ACRONYMS, QUERY_ACRONYMS, WORD_ALIASES
from .fts import fts_agency_ids, fts_available, fts_match_expression
from .models import Agency, State
from .text import search_normalize

#: Something that looks like the start of an ORI: two letters, then up to seven letters or digits.
_ORI_LIKE = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{0,7}")

#: A whole 9-character ORI: two letters, then seven letters or digits, at least one a digit.
_FULL_ORI = re.compile(r"[A-Za-z]{2}(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{7}")

#: Ranks of a match, best first.
RANK_ORI_EXACT = 0
RANK_ACRONYM = 1
RANK_ORI_PREFIX = 2
RANK_NAME_EXACT = 3
RANK_NAME_PREFIX = 4
RANK_NAME_WORDS_IN_ORDER = 5
RANK_NAME_WORDS = 6
RANK_OTHER = 7

#: At most this many readings of a query with abbreviations ("st pd" reads nine ways).
MAX_READINGS = 8

#: Longer queries are ranked on their words as typed, without the name-word ranks: a name
#: has rarely more words, and each word multiplies the ranking's SQL (a 100-character query
#: of 40 short words took seconds to compile).
MAX_RANKED_WORDS = 8

#: Within a rank: larger agencies first where the population is known, then shorter names
#: (fewer words besides the query's: "Arlington Police Department" before "Arlington Heights
#: Police Department"), then by name.
RELEVANCE_ORDER = (
    "match_rank",
    F("population_served").desc(nulls_last=True),
    Length("name"),
    "name",
    "pk",
)


def _prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that a btree index on the field serves it.

    `field >= prefix AND field < prefix-with-its-last-character-bumped` is an index range on
    SQLite and PostgreSQL alike (SQLite's LIKE cannot use a plain index when it is case
    insensitive); `startswith` keeps the match exact under any collation.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper, f"{field}__startswith": prefix})


def _whole_words(phrase: str) -> Q:
    """The search text holds `phrase` as whole words."""
    return (
        Q(search_text=phrase)
        | Q(search_text__startswith=f"{phrase} ")
        | Q(search_text__contains=f" {phrase} ")
        | Q(search_text__endswith=f" {phrase}")
    )


def _word_match(word: str) -> Q:
    """A word of the query: it starts a word of the search text, or one of its expansions
    (aliases.WORD_ALIASES) is there as whole words."""
    match = Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
    for expansion in WORD_ALIASES.get(word, ()):
        match |= _whole_words(expansion)
    return match


def query_readings(text: str) -> list[str]:
    """The ways to read a normalized query, as typed first: each word as itself or as one of
    its expansions ("arlington pd" also reads "arlington police department")."""
    return [" ".join(units) for units in _reading_units(text)]


def _reading_units(text: str) -> list[list[str]]:
    """Each reading of the query as its units: a word, or an expansion taken whole."""
    choices = [(word, *WORD_ALIASES.get(word, ())) for word in text.split()]
    return [list(units) for units in itertools.islice(itertools.product(*choices), MAX_READINGS)]


def _name_holds(units: list[str], *, in_order: bool) -> Q:
    """Each unit starts a word of the agency's name (in the query's order, if asked).

    The name is the search text up to the 9-character ORI (the text is the name, the ORI,
    then places), so a word found only in the city, county or state does not count. A space
    put before the text lets " unit" find a unit at the very start too.
    """
    padded = Concat(Value(" "), "search_text")
    name_end = StrIndex(padded, Concat(Value(" "), Lower("ori9")))
    positions = [StrIndex(padded, Value(f" {unit}")) for unit in units]
    if in_order:
        conditions = [GreaterThan(positions[0], 0)]
        conditions += [LessThan(a, b) for a, b in itertools.pairwise([*positions, name_end])]
    else:
        conditions = [GreaterThan(position, 0) for position in positions]
        conditions += [LessThan(position, name_end) for position in positions]
    return Q(*conditions)


def search_rank(*, text: str, compact: str, acronym_oris: tuple[str, ...]) -> Case:
    """How well an agency matches the query: the one place the directory's relevance is
    decided (a full-text engine would replace this function and RELEVANCE_ORDER).

    Best first: the exact ORI (9 or 7 characters); an agency the query is an acronym of
    (NYPD); ORIs starting with the query; a name equal to a reading of the query; a name
    starting with one; a name holding every word in the query's order (not only in the city,
    county or state); a name holding every word; then every other match. A phrase inside a
    longer name is not preferred over the same words apart ("New York Police" is not better
    met by "West New York Police Department" than by the New York City Police Department):
    there, as within every rank, the larger agency comes first where populations are known
    (RELEVANCE_ORDER).
    """
    words = text.split()
    readings_units = _reading_units(text) if len(words) <= MAX_RANKED_WORDS else [words]
    readings = [" ".join(units) for units in readings_units]
    ranks: list[When] = []
    if _ORI_LIKE.fullmatch(compact):
        ori = compact.upper()
        ranks.append(When(Q(ori9=ori) | Q(ori7=ori), then=Value(RANK_ORI_EXACT)))
    if acronym_oris:
        ranks.append(When(ori9__in=acronym_oris, then=Value(RANK_ACRONYM)))
    if _ORI_LIKE.fullmatch(compact):
        ranks.append(When(_prefix_range("ori9", compact.upper()), then=Value(RANK_ORI_PREFIX)))
    # The search text is the normalized name, then the 9-character ORI, then places: the
    # name is exactly the reading when the ORI follows it.
    exact = Q()
    for reading in readings:
        after = Substr("search_text", len(reading) + 2, 9)
        exact |= _prefix_range("search_text", f"{reading} ") & Q(Exact(after, Lower("ori9")))
    ranks.append(When(exact, then=Value(RANK_NAME_EXACT)))
    prefix = Q()
    for reading in readings:
        prefix |= _prefix_range("search_text", reading)
    ranks.append(When(prefix, then=Value(RANK_NAME_PREFIX)))
    if len(words) > MAX_RANKED_WORDS:
        return Case(*ranks, default=Value(RANK_OTHER), output_field=IntegerField())
    in_order, anywhere = Q(), Q()
    for units in readings_units:
        in_order |= _name_holds(units, in_order=True)
    ranks.append(When(in_order, then=Value(RANK_NAME_WORDS_IN_ORDER)))
    if len(words) > 1:  # one word in the name is in order
        for units in readings_units:
            anywhere |= _name_holds(units, in_order=False)
        ranks.append(When(anywhere, then=Value(RANK_NAME_WORDS)))
    return Case(*ranks, default=Value(RANK_OTHER), output_field=IntegerField())


def agency_search(
    *,
    query: str,
    state: State | str | None = None,
    agency_type: str | None = None,
) -> QuerySet[Agency]:
    """Directory agencies matching a name, city, county, ORI or known abbreviation, most
    relevant first (see search_rank).

    Every word of the query must start a word of the agency's search text (name, ORIs, city,
    county, state), compared after the same normalization (text.search_normalize), so "arl pol"
    finds Arlington Police Department but "arlington" does not find Darlington. A word may
    also be read through its expansions ("pd" as "police department", aliases.WORD_ALIASES),
    and a whole query may be a known agency acronym (NYPD, aliases.AGENCY_ACRONYMS) or stand
    for other words (CHP, aliases.QUERY_ACRONYMS).

    Indexes: a whole 9-character ORI is looked up in its unique index, acronyms in it too. On
    PostgreSQL the word matches use the pg_trgm GIN index on search_text (migration 0002); on
    SQLite the FTS5 table of migration 0004 finds them (a prefix query per word, the same
    rule), and only those candidates are ranked. The state filter accepts a State or a
    USPS code. An empty query with no filter matches every agency.
    """
    agencies = Agency.objects.select_related("state")
    if isinstance(state, State):
        agencies = agencies.filter(state=state)
    elif state:
        agencies = agencies.filter(state__usps=state.upper())
    if agency_type:
        agencies = agencies.filter(agency_type=agency_type)

    text = search_normalize(query or "")
    if not text:
        return agencies.annotate(match_rank=Value(RANK_OTHER)).order_by("name", "pk")
    compact = (query or "").strip()
    if _FULL_ORI.fullmatch(compact):
        # A whole 9-character ORI: the word match could only find the agency of that ORI, so
        # ask the unique index for it (SQLite would otherwise scan the search text).
        return agencies.filter(ori9=compact.upper()).annotate(match_rank=Value(RANK_ORI_EXACT))

    acronym_oris = AGENCY_ACRONYMS.get(text, ())
    text = QUERY_ACRONYMS.get(text, text)
    text = " ".join(dict.fromkeys(text.split()))  # a repeated word adds nothing
    match = Q()
    if fts_available():
        # SQLite: the FTS5 index finds the same candidates as the word rule below.
        expression = fts_match_expression(text.split(), WORD_ALIASES)
        match = Q(pk__in=fts_agency_ids(expression))
    else:
        # PostgreSQL: the pg_trgm GIN index on search_text serves these LIKEs (migration 0002).
        for word in text.split():
            match &= _word_match(word)
    if acronym_oris:
        match |= Q(ori9__in=acronym_oris)
    rank = search_rank(text=text, compact=compact, acronym_oris=acronym_oris)
    return agencies.filter(match).annotate(match_rank=rank).order_by(*RELEVANCE_ORDER)


def agency_public(*, pk: int) -> Agency | None:
    """One directory agency with its state, or None."""
    return Agency.objects.select_related("state").filter(pk=pk).first()


def states_for_choice() -> QuerySet[State]:
    """States, DC and territories, by name: the choices of the directory's state filter."""
    return State.objects.order_by("name")
