"""The national agency directory's importer.

It reads the upstream files as they are published (plain or gzipped). Without arguments it
reads the public-domain lists shipped in ``continuum/agencies/reference_data/``:

- the states file (``us_states_territories_fips.csv``: state_fips, usps, name, kind,
  ori_state_prefix, ...), upserted into ``State``;
- the FBI agency list (the Crime Data API's agency list as CSV, with an unnamed index column, or
  as JSON: a list of objects with the same keys), upserted into ``Agency`` by 9-character ORI;
- the BIA Tribal Leaders Directory's tribes, upserted into ``Tribe`` by full name (tribes.py);
- optionally the BJS Law Enforcement Agency Identifiers Crosswalk (LEAIC, gzip or plain CSV),
  joined on ORI9 for population served, county FIPS code, city, the 7-character ORI, and a
  position where the FBI row has none. It may not be redistributed, so it is not shipped: it is
  read from the installation's reference folder (CONTINUUM_REFERENCE_DATA_DIR) when there.

Every data row of the agency file is either imported (created, updated or unchanged) or
rejected with its line and a reason; nothing is skipped silently. All reading and checking is
done before the first write; the writes run in one transaction with bulk queries (no query per
row), so a bad file leaves the database as it was. A second run with the same files creates and
updates nothing: every field is compared before a row is counted as changed.

Decisions:

- FBI "County" agencies are sheriffs' offices, except county police departments (the name says
  "police" and not "sheriff"), which are local police departments in BJS terms and are typed
  municipal. A "City" agency whose name says "sheriff" (Baltimore City) is a sheriff's office.
  The crosswalk's own agency type is not used: some ORIs were reassigned since 2012.
- "Other State Agency" is a special-jurisdiction agency at state level; "Other" (school
  districts, transit, airports) is "other" at local level; any agency of a territory is
  territorial, whatever its FBI type.
- Crosswalk population: -1, 888888888, 999999999 and 0 (no population of its own) are not a
  population; ``ADDRESS_CITY`` values of one or two characters are placeholders (state codes).
"""

from .agencies import (
    FBI_AGENCY_TYPES,
    ImportResult,
    Progress,
    agencies_import,
    agency_classify,
)
from .crosswalk import CrosswalkEntry, crosswalk_read
from .files import (
    AGENCIES_FILE,
    CROSSWALK_FILE,
    SHIPPED_DATA_DIR,
    STATES_FILE,
    TRIBES_FILE,
    ImportFileError,
    ImportSources,
    agency_records,
    shipped_file,
    sources_resolve,
)
from .rejections import Rejection, rejections_write_csv
from .states import states_read
from .tribes import TribeImportResult, tribes_import

__all__ = [
    "AGENCIES_FILE",
    "CROSSWALK_FILE",
    "SHIPPED_DATA_DIR",
    "FBI_AGENCY_TYPES",
    "STATES_FILE",
    "TRIBES_FILE",
    "TribeImportResult",
    "CrosswalkEntry",
    "ImportFileError",
    "ImportResult",
    "ImportSources",
    "Progress",
    "Rejection",
    "agencies_import",
    "agency_classify",
    "agency_records",
    "crosswalk_read",
    "rejections_write_csv",
    "shipped_file",
    "sources_resolve",
    "states_read",
    "tribes_import",
]
