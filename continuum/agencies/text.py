"""The directory's search text: one normalized string per agency that the search matches."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+")

#: Matches Agency.search_text's max_length.
SEARCH_TEXT_MAX_LENGTH = 600


def search_normalize(text: str) -> str:
    """Lower case, accents removed, and every run of punctuation or spaces made one space.

    The same function prepares the stored text and the visitor's query, so "St. Louis",
    "st louis" and "ST-LOUIS" all match, and "Policía" matches "policia".
    """
    plain = text.lower()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", plain).strip()


def agency_search_text(
    *, name: str, ori9: str | None, ori7: str, city: str, county: str, state_name: str, usps: str
) -> str:
    """The agency's search text. It starts with the name, so a name prefix is a text prefix."""
    parts = [name, ori9 or "", ori7, city, county, state_name, usps]
    return search_normalize(" ".join(part for part in parts if part))[:SEARCH_TEXT_MAX_LENGTH]
