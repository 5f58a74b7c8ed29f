"""Where states are, for matching's proximity part: the U.S. Census Bureau's regions and
divisions, by USPS code (data, not logic: a change is a one-line diff).

Source: U.S. Census Bureau, "Census Regions and Divisions of the United States". The District
of Columbia is in the South Atlantic division. Territories (PR, GU, VI, AS, MP) belong to no
Census region: an expert there is "in region" only with the same territory.
"""

from __future__ import annotations

#: Census division -> (its region, the USPS codes of its states).
DIVISIONS: dict[str, tuple[str, frozenset[str]]] = {
    "New England": ("Northeast", frozenset({"CT", "ME", "MA", "NH", "RI", "VT"})),
    "Middle Atlantic": ("Northeast", frozenset({"NJ", "NY", "PA"})),
    "East North Central": ("Midwest", frozenset({"IL", "IN", "MI", "OH", "WI"})),
    "West North Central": ("Midwest", frozenset({"IA", "KS", "MN", "MO", "NE", "ND", "SD"})),
    "South Atlantic": (
        "South",
        frozenset({"DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV"}),
    ),
    "East South Central": ("South", frozenset({"AL", "KY", "MS", "TN"})),
    "West South Central": ("South", frozenset({"AR", "LA", "OK", "TX"})),
    "Mountain": ("West", frozenset({"AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY"})),
    "Pacific": ("West", frozenset({"AK", "CA", "HI", "OR", "WA"})),
}

#: USPS code -> Census division.
DIVISION_OF: dict[str, str] = {
    usps: division for division, (_region, states) in DIVISIONS.items() for usps in states
}
#: USPS code -> Census region.
REGION_OF: dict[str, str] = {
    usps: region for region, states in ((r, s) for r, s in DIVISIONS.values()) for usps in states
}


def same_division(a: str, b: str) -> bool:
    return bool(a) and DIVISION_OF.get(a) is not None and DIVISION_OF.get(a) == DIVISION_OF.get(b)


def same_region(a: str, b: str) -> bool:
    return bool(a) and REGION_OF.get(a) is not None and REGION_OF.get(a) == REGION_OF.get(b)
