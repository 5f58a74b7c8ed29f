"""Reads of the national agency directory.

The directory is public information (names, ORIs, types, places): these selectors need no
viewer, and every caller, signed in or not, sees the same rows.
"""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Agency, State
from .text import search_normalize

#: Something that looks like the start of an ORI: two letters, then up to seven letters or digits.
_ORI_LIKE = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{0,7}")

#: A whole 9-character ORI: two letters, then seven letters or digits, at least one a digit.
_FULL_ORI = re.compile(r"[A-Za-z]{2}(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{7}")

#: Ranks of a match, best first.
RANK_ORI_EXACT = 0
RANK_ORI_PREFIX = 1
RANK_NAME_PREFIX = 2
RANK_OTHER = 3


def _prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that a btree index on the field serves it.

    `field >= prefix AND field < prefix-with-its-last-character-bumped` is an index range on
    SQLite and PostgreSQL alike (SQLite's LIKE cannot use a plain index when it is case
    insensitive); `startswith` keeps the match exact under any collation.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper, f"{field}__startswith": prefix})


def agency_search(
    *,
    query: str,
    state: State | str | None = None,
    agency_type: str | None = None,
) -> QuerySet[Agency]:
    """Directory agencies matching a name, city, county or ORI, best matches first.

    Every word of the query must start a word of the agency's search text (name, ORIs, city,
    county, state), compared after the same normalization (text.search_normalize), so "arl pol"
    finds Arlington Police Department but "arlington" does not find Darlington. Order: the exact ORI
    (9 or 7 characters), then ORIs starting with the query, then names starting with it, then
    the other matches; by name within each rank.

    Indexes: a whole 9-character ORI is looked up in its unique index. On PostgreSQL the word
    matches use the pg_trgm GIN index on search_text (migration 0002); on SQLite they scan
    search_text (about 18,700 short rows), narrowed first by the (state, name) or
    (agency_type, name) index when a filter is set. The state filter accepts a State or a USPS
    code. An empty query with no filter matches every agency.
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

    for word in text.split():
        # The word must start a word of the text ("arlington" finds Arlington, not Darlington).
        agencies = agencies.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        )

    ranks = [When(_prefix_range("search_text", text), then=Value(RANK_NAME_PREFIX))]
    if _ORI_LIKE.fullmatch(compact):
        ori = compact.upper()
        ranks = [
            When(Q(ori9=ori) | Q(ori7=ori), then=Value(RANK_ORI_EXACT)),
            When(_prefix_range("ori9", ori), then=Value(RANK_ORI_PREFIX)),
            *ranks,
        ]
    rank = Case(*ranks, default=Value(RANK_OTHER), output_field=IntegerField())
    return agencies.annotate(match_rank=rank).order_by("match_rank", "name", "pk")


def agency_public(*, pk: int) -> Agency | None:
    """One directory agency with its state, or None."""
    return Agency.objects.select_related("state").filter(pk=pk).first()


def states_for_choice() -> QuerySet[State]:
    """States, DC and territories, by name: the choices of the directory's state filter."""
    return State.objects.order_by("name")
