"""The abbreviations the directory search understands: data, in one place, tested.

Keys and values are written as ``text.search_normalize`` leaves them (lower case, punctuation
made spaces: "Sheriff's Office" is "sheriff s office").

WORD_ALIASES: a word of the query may also be read as each of its expansions, which must then
appear as whole words in the agency's search text ("pd" finds "... Police Department"; "ft"
finds "Fort ..."). The word itself still matches as usual (as the start of a word), so "st"
finds "St. Louis" and "State Police" as well as "Saint Paul".

AGENCY_ACRONYMS: a whole query that is one of these names the agencies of the listed ORIs
(9 characters), best first: they come before every other match. ORIs, not names, because the
FBI list's names are not what people call the agency (DC's Metropolitan Police Department is
"Washington Police Department" there) and an ORI survives a renaming. An acronym shared by
several large agencies lists them all (the population, when known, orders them); an acronym
that is not in the directory simply adds nothing.

QUERY_ACRONYMS: a whole query that is one of these is searched as the words given, for the
agencies the FBI list splits into many rows (the California Highway Patrol is one row per
county office, "Highway Patrol: Kern County"): every word must match, as in any search.
"""

WORD_ALIASES: dict[str, tuple[str, ...]] = {
    "pd": ("police department", "police dept"),
    "so": ("sheriff s office", "sheriffs office"),
    "sd": ("sheriff s department", "sheriff s office", "school district"),
    "dps": ("department of public safety", "public safety"),
    "hp": ("highway patrol",),
    "sp": ("state police", "state patrol"),
    "co": ("county",),
    "cnty": ("county",),
    "dept": ("department",),
    "dpt": ("department",),
    "ofc": ("office",),
    "sheriffs": ("sheriff s",),
    "st": ("saint", "state"),
    "ste": ("sainte",),
    "saint": ("st",),
    "sainte": ("ste",),
    "mt": ("mount",),
    "mount": ("mt",),
    "ft": ("fort",),
    "fort": ("ft",),
    "twp": ("township",),
    "township": ("twp",),
    "univ": ("university",),
    "hwy": ("highway",),
    "metro": ("metropolitan",),
}

AGENCY_ACRONYMS: dict[str, tuple[str, ...]] = {
    "nypd": ("NY0303000",),  # New York City Police Department
    "lapd": ("CA0194200",),  # Los Angeles Police Department
    "lasd": ("CA0190000",),  # Los Angeles County Sheriff's Office
    "sfpd": ("CA0380100",),  # San Francisco Police Department
    "sdpd": ("CA0371100",),  # San Diego Police Department
    "sjpd": ("CA0431300",),  # San Jose Police Department
    "opd": ("CA0010900",),  # Oakland Police Department
    "lbpd": ("CA0194100",),  # Long Beach Police Department
    "lvmpd": ("NV0020100",),  # Las Vegas Metropolitan Police Department
    "hpd": ("TXHPD0000", "HI0020000"),  # Houston, Honolulu
    "dpd": ("TXDPD0000", "MI8234900", "CODPD0000"),  # Dallas, Detroit, Denver
    # DC's Metropolitan Police Department, Memphis, Milwaukee, Minneapolis
    "mpd": ("DCMPD0000", "TNMPD0000", "WIMPD0000", "MN0271100"),
    # Chicago, Columbus, Cleveland, Cincinnati
    "cpd": ("ILCPD0000", "OHCOP0000", "OHCLP0000", "OHCIP0000"),
    "bpd": ("MA0130100", "MDBPD0000"),  # Boston, Baltimore
    "ppd": ("PAPEP0000", "AZ0072300", "OR0260200"),  # Philadelphia, Phoenix, Portland
    "apd": ("TX2270100", "GAAPD0000", "NM0010100"),  # Austin, Atlanta, Albuquerque
    "spd": ("WASPD0000",),  # Seattle
    "sapd": ("TXSPD0000",),  # San Antonio
    "nopd": ("LANPD0000",),  # New Orleans
    "kcpd": ("MOKPD0000",),  # Kansas City, Missouri
    "cmpd": ("NC0600100",),  # Charlotte-Mecklenburg
    "mnpd": ("TN0190100",),  # Metropolitan Nashville
    "mdpd": ("FL0130000",),  # Miami-Dade
    "scpd": ("NY0510100",),  # Suffolk County, New York
    "ncpd": ("NY0290000",),  # Nassau County, New York
    "mcso": ("AZ0070000",),  # Maricopa County Sheriff's Office
    "hcso": ("TX1010000",),  # Harris County Sheriff's Office
    "ccso": ("IL0160000",),  # Cook County Sheriff's Office
    "wsp": ("WAWSP0000",),  # Washington State Patrol
    "txdps": ("TX0000000",),  # Texas Department of Public Safety
    "azdps": ("AZCCHPX00",),  # Arizona Department of Public Safety
    "fhp": ("FLFHP0000",),  # Florida Highway Patrol
    "isp": ("IL0849700",),  # Illinois State Police
    "msp": ("MI3300100",),  # Michigan State Police
}

QUERY_ACRONYMS: dict[str, str] = {
    "chp": "highway patrol california",
    "nysp": "state police new york",
    "njsp": "state police new jersey",
    "psp": "state police pennsylvania",
}
