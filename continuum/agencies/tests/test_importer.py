"""The agency importer and its command, on small files the tests write into tmp_path."""

import csv
import gzip
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.importers import (
    AGENCIES_FILE,
    CROSSWALK_FILE,
    SHIPPED_DATA_DIR,
    STATES_FILE,
    TRIBES_FILE,
    ImportFileError,
    ImportSources,
    agencies_import,
    sources_resolve,
)
from continuum.agencies.models import Agency, State, Tribe

pytestmark = pytest.mark.django_db

FBI_HEADER = [
    "",
    "agency_name",
    "agency_type_name",
    "county_name",
    "division_name",
    "latitude",
    "longitude",
    "nibrs",
    "ori",
    "region_desc",
    "region_name",
    "state_abbr",
    "state_name",
]
STATES = [
    ("51", "VA", "Virginia", "state", "VA"),
    ("31", "NE", "Nebraska", "state", "NB"),
    ("66", "GU", "Guam", "territory", "GM"),
    ("40", "OK", "Oklahoma", "state", "OK"),
    ("53", "WA", "Washington", "state", "WA"),
    ("11", "DC", "District of Columbia", "federal_district", "DC"),
]
CROSSWALK_HEADER = [
    "ORI9",
    "ORI7",
    "NAME",
    "U_TPOP",
    "FIPS",
    "ADDRESS_CITY",
    "INTPTLAT",
    "INTPTLONG",
]


def fbi_row(ori, name, kind="City", county="", lat="38.88", long="-77.1", state=None):
    state = state if state is not None else ori[:2]
    return ["0", name, kind, county, "", lat, long, "0.0", ori, "", "", state, ""]


def write_csv(path: Path, header, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_states(tmp_path: Path, rows=STATES) -> Path:
    return write_csv(
        tmp_path / STATES_FILE,
        [
            "state_fips",
            "usps",
            "name",
            "statens",
            "kind",
            "census_region_code",
            "census_region",
            "census_division_code",
            "census_division",
            "ori_state_prefix",
        ],
        [
            (fips, usps, name, "", kind, "", "", "", "", prefix)
            for fips, usps, name, kind, prefix in rows
        ],
    )


def write_crosswalk(tmp_path: Path, rows) -> Path:
    path = tmp_path / CROSSWALK_FILE
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CROSSWALK_HEADER)
    writer.writerows(rows)
    path.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return path


def run(tmp_path, agencies: Path, crosswalk: Path | None = None, **options):
    return agencies_import(
        sources=ImportSources(
            states=tmp_path / STATES_FILE, agencies=agencies, crosswalk=crosswalk
        ),
        **options,
    )


GOOD_ROWS = [
    fbi_row("VA0070200", "Arlington Police Department", county="ARLINGTON"),
    fbi_row("VA0070000", "Arlington County Sheriff's Office", "County", "ARLINGTON"),
    fbi_row("VA0290100", "Fairfax County Police Department", "County", "FAIRFAX"),
    fbi_row("NB0280200", "Omaha Police Department", county="DOUGLAS", lat="41.25", long="-96"),
    fbi_row("GMTGM0000", "Guam", "Other", lat="", long=""),
    fbi_row("OK0111200", "Cherokee Nation", "Tribal"),
    fbi_row("WAWSP0000", "Washington State Patrol", "State Police"),
    fbi_row("VA0020500", "Department of Wildlife Resources", "Other State Agency"),
    fbi_row("VA0020100", "University of Virginia", "University or College", "ALBEMARLE"),
    fbi_row("VA002159E", "Amtrak Police", "Other"),
    fbi_row("DCMPD0000", "Metropolitan Police Department", "City"),
]

#: Each bad row and the words its rejection must contain.
BAD_ROWS = [
    (fbi_row("", "No ORI Police Department", state="VA"), "ORI is missing"),
    (fbi_row("VA007010", "Short ORI Police Department"), "is not 9 characters (it has 8)"),
    (fbi_row("VA-070100", "Dash Police Department"), "2 letters then 7 letters or digits"),
    (fbi_row("ZZ0010100", "Nowhere Police Department"), "unknown state prefix “ZZ”"),
    (fbi_row("VA0070300", "", county="ARLINGTON"), "agency name is missing"),
    (fbi_row("VA0070200", "Arlington Police Department again"), "duplicate ORI: VA0070200"),
    (fbi_row("VA0070400", "Bad Latitude Police", lat="north"), "latitude “north” is not a number"),
    (fbi_row("VA0070500", "Far North Police", lat="95.5"), "latitude 95.5 is outside -90 to 90"),
    (
        fbi_row("VA0070600", "Half Position Police", long=""),
        "a latitude or a longitude but not both",
    ),
    (fbi_row("VA0070700", "Space Police", "Orbital"), "unknown agency type “Orbital”"),
    (fbi_row("VA0070800", "Federal Bureau", "Federal"), "federal agency"),
    (fbi_row("VA0070900", "Mismatch Police", state="WA"), "does not match the ORI's prefix"),
    (fbi_row("VA0071000", "L" * 201), "longer than 200 characters (it has 201)"),
    (fbi_row("VA0071100", "Short Row Police")[:5], "it has 5 values where the header has 13"),
]


@pytest.fixture
def files(tmp_path):
    write_states(tmp_path)
    agencies = write_csv(
        tmp_path / "agencies.csv", FBI_HEADER, GOOD_ROWS + [row for row, _ in BAD_ROWS]
    )
    return tmp_path, agencies


def test_every_row_is_imported_or_rejected_with_its_line_and_reason(files):
    tmp_path, agencies = files
    result = run(tmp_path, agencies)

    assert result.read == len(GOOD_ROWS) + len(BAD_ROWS)
    assert result.created == len(GOOD_ROWS)
    assert result.read == result.imported + result.rejected
    assert Agency.objects.count() == len(GOOD_ROWS)
    by_line = {rejection.line: rejection for rejection in result.rejections}
    for offset, (_row, reason) in enumerate(BAD_ROWS):
        line = 2 + len(GOOD_ROWS) + offset  # the header is line 1
        assert line in by_line, f"no rejection for line {line} ({reason})"
        assert reason in by_line[line].reason
        assert by_line[line].file == "agencies.csv"
    assert len(result.rejections) == len(BAD_ROWS)
    duplicate = by_line[2 + len(GOOD_ROWS) + 5]
    assert duplicate.reason == "duplicate ORI: VA0070200 is already on line 2"
    # The first row of a duplicated ORI is kept, not the later one.
    assert Agency.objects.get(ori9="VA0070200").name == "Arlington Police Department"


def test_fbi_state_prefixes_map_to_usps_codes(files):
    tmp_path, agencies = files
    run(tmp_path, agencies)

    omaha = Agency.objects.get(ori9="NB0280200")
    guam = Agency.objects.get(ori9="GMTGM0000")
    assert omaha.state.usps == "NE"
    assert guam.state.usps == "GU"
    assert (guam.agency_type, guam.jurisdiction_level) == (
        AgencyType.TERRITORIAL,
        JurisdictionLevel.TERRITORIAL,
    )


@pytest.mark.parametrize(
    ("ori", "agency_type", "level"),
    [
        ("VA0070200", AgencyType.MUNICIPAL, JurisdictionLevel.LOCAL),
        ("VA0070000", AgencyType.SHERIFF, JurisdictionLevel.LOCAL),
        ("VA0290100", AgencyType.MUNICIPAL, JurisdictionLevel.LOCAL),  # county police
        ("OK0111200", AgencyType.TRIBAL, JurisdictionLevel.TRIBAL),
        ("WAWSP0000", AgencyType.STATE_POLICE, JurisdictionLevel.STATE),
        ("VA0020500", AgencyType.SPECIAL, JurisdictionLevel.STATE),
        ("VA0020100", AgencyType.UNIVERSITY, JurisdictionLevel.LOCAL),
        ("VA002159E", AgencyType.OTHER, JurisdictionLevel.LOCAL),
        ("DCMPD0000", AgencyType.MUNICIPAL, JurisdictionLevel.LOCAL),
    ],
)
def test_fbi_agency_types_map_to_ours(files, ori, agency_type, level):
    tmp_path, agencies = files
    run(tmp_path, agencies)
    agency = Agency.objects.get(ori9=ori)
    assert (agency.agency_type, agency.jurisdiction_level) == (agency_type, level)


def test_states_are_loaded_and_upserted(files):
    tmp_path, agencies = files
    result = run(tmp_path, agencies)
    assert result.states_created == len(STATES)
    assert State.objects.get(usps="NE").ori_prefix == "NB"
    assert State.objects.get(usps="GU").kind == "territory"

    renamed = [("51", "VA", "Commonwealth of Virginia", "state", "VA"), *STATES[1:]]
    write_states(tmp_path, renamed)
    again = run(tmp_path, agencies)
    assert (again.states_created, again.states_updated, again.states_unchanged) == (
        0,
        1,
        len(STATES) - 1,
    )
    assert State.objects.get(usps="VA").name == "Commonwealth of Virginia"
    # The state's name is part of the search text: its agencies were updated too.
    assert again.updated == sum(1 for row in GOOD_ROWS if row[8].startswith("VA"))


def test_a_second_run_changes_nothing(files):
    tmp_path, agencies = files
    first = run(tmp_path, agencies)
    stamps = dict(Agency.objects.values_list("ori9", "updated_at"))

    second = run(tmp_path, agencies)

    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert second.rejected == first.rejected
    assert dict(Agency.objects.values_list("ori9", "updated_at")) == stamps


def test_a_changed_row_is_updated_and_only_it(files):
    tmp_path, agencies = files
    run(tmp_path, agencies)
    before = Agency.objects.get(ori9="VA0070200")
    others = dict(Agency.objects.exclude(pk=before.pk).values_list("ori9", "updated_at"))
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][1] = "Arlington Town Police Department"
    rows[0][5] = "38.9"
    write_csv(agencies, FBI_HEADER, rows)

    result = run(tmp_path, agencies)

    assert (result.created, result.updated, result.unchanged) == (0, 1, len(GOOD_ROWS) - 1)
    agency = Agency.objects.get(ori9="VA0070200")
    assert agency.name == "Arlington Town Police Department"
    assert agency.latitude == Decimal("38.900000")
    assert agency.search_text.startswith("arlington town police department va0070200")
    assert (agency.pk, agency.created_at) == (before.pk, before.created_at)
    assert agency.updated_at > before.updated_at
    assert dict(Agency.objects.exclude(pk=before.pk).values_list("ori9", "updated_at")) == others


def test_agencies_missing_from_a_later_file_are_left_alone(files):
    tmp_path, agencies = files
    run(tmp_path, agencies)
    write_csv(agencies, FBI_HEADER, GOOD_ROWS[:2])
    result = run(tmp_path, agencies)
    assert result.not_in_file == len(GOOD_ROWS) - 2
    assert Agency.objects.count() == len(GOOD_ROWS)


def test_crosswalk_enriches_population_county_city_and_position(files):
    tmp_path, agencies = files
    crosswalk = write_crosswalk(
        tmp_path,
        [
            ["VA0070200", "VA00702", "ARLINGTON PD", "238643", "51013", "ARLINGTON", "1.5", "2.5"],
            ["GMTGM0000", "GMTGM00", "GUAM PD", "-1", "66010", "HAGATNA", "13.44", "144.79"],
            ["VA0070000", "-1", "SHERIFF", "888888888", "51013", "FL", "-1", "-1"],
            ["VA0290100", "VA02901", "FAIRFAX PD", "0", "-1", "FAIRFAX", "", ""],
            ["ZZ9999999", "ZZ99999", "NOT IN THE FBI FILE", "5", "99999", "NOWHERE", "1", "1"],
        ],
    )

    result = run(tmp_path, agencies, crosswalk)

    assert result.enriched == 4
    arlington = Agency.objects.get(ori9="VA0070200")
    assert arlington.population_served == 238643
    assert arlington.fips_place == "51013"
    assert arlington.city == "ARLINGTON"
    assert arlington.ori7 == "VA00702"
    # The FBI row has a position: the crosswalk's is not used.
    assert arlington.latitude == Decimal("38.880000")
    assert "arlington" in arlington.search_text
    guam = Agency.objects.get(ori9="GMTGM0000")
    assert guam.population_served is None  # -1 is "not applicable"
    assert (guam.latitude, guam.longitude) == (Decimal("13.44"), Decimal("144.79"))
    sheriff = Agency.objects.get(ori9="VA0070000")
    assert sheriff.population_served is None  # 888888888 is "not available"
    assert sheriff.city == ""  # "FL"-style placeholders are not cities
    assert sheriff.ori7 == "VA00700"  # no ORI7 in the crosswalk: the ORI9's first seven
    assert Agency.objects.get(ori9="VA0290100").population_served is None  # 0: none of its own
    assert Agency.objects.get(ori9="WAWSP0000").city == ""  # not in the crosswalk

    assert run(tmp_path, agencies, crosswalk).updated == 0


def test_json_input_in_the_fbi_api_format(tmp_path):
    write_states(tmp_path)
    records = [
        {
            "ori": "VA0070200",
            "agency_name": "Arlington Police Department",
            "agency_type_name": "City",
            "county_name": "ARLINGTON",
            "latitude": 38.88,
            "longitude": -77.1,
            "nibrs": True,
            "state_abbr": "VA",
        },
        {
            "ori": "NB0280200",
            "agency_name": "Omaha Police Department",
            "agency_type_name": "City",
            "county_name": None,
            "latitude": None,
            "longitude": None,
            "state_abbr": "NB",
        },
        {
            "ori": "VA12",
            "agency_name": "Bad",
            "agency_type_name": "City",
            "county_name": "",
            "latitude": None,
            "longitude": None,
            "state_abbr": "VA",
        },
        ["not", "an", "object"],
    ]
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps(records), encoding="utf-8")

    result = run(tmp_path, path)

    assert (result.read, result.created, result.rejected) == (4, 2, 2)
    assert Agency.objects.get(ori9="NB0280200").state.usps == "NE"
    assert Agency.objects.get(ori9="VA0070200").latitude == Decimal("38.88")
    assert [(r.line, r.unit) for r in result.rejections] == [(3, "record"), (4, "record")]
    assert "not an object" in result.rejections[1].reason
    assert str(result.rejections[0]).startswith("agencies.json record 3 (VA12")


# --- the command -------------------------------------------------------------------------------


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_agencies", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_a_summary_and_every_rejection(files):
    tmp_path, agencies = files
    rejects = tmp_path / "rejects.csv"
    no_tribes = tmp_path / "tribes.csv"  # the tribal list's header only: no tribe to reject
    no_tribes.write_text(
        "tribe_full_name,tribe,tribal_component,bia_region,hq_city,hq_state,latitude,longitude\n",
        encoding="utf-8",
    )
    out, err = call(
        "--states",
        str(tmp_path / STATES_FILE),
        "--agencies",
        str(agencies),
        "--tribes",
        str(no_tribes),
        "--rejects",
        str(rejects),
        "--no-progress",
    )
    total = len(GOOD_ROWS) + len(BAD_ROWS)
    assert (
        f"Agencies: {total} read, {len(GOOD_ROWS)} created, 0 updated, 0 unchanged, "
        f"{len(BAD_ROWS)} rejected." in out
    )
    assert err.count("Rejected: agencies.csv line ") == len(BAD_ROWS)
    assert "line 13 (“No ORI Police Department”): the ORI is missing" in err
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(BAD_ROWS)
    assert rows[0] == {
        "file": "agencies.csv",
        "line": "13",
        "ori": "",
        "agency_name": "No ORI Police Department",
        "reason": "the ORI is missing",
    }
    assert "\r" not in err and "it/s" not in err  # no progress bar when not on a terminal


def test_command_dry_run_writes_nothing(files):
    tmp_path, agencies = files
    out, _ = call("--states", str(tmp_path / STATES_FILE), "--agencies", str(agencies), "--dry-run")
    assert "Dry run, nothing written." in out
    assert "Tribes: 587 read, " in out  # the shipped tribal list, checked against these states
    assert Agency.objects.count() == 0
    assert State.objects.count() == 0
    assert Tribe.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,type,ori\nX,City,VA0070200\n", "lacks the columns agency_name, agency_type_name"),
        ("", "is empty: it has no header row"),
    ],
)
def test_command_refuses_a_file_with_the_wrong_columns(tmp_path, content, message):
    write_states(tmp_path)
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as raised:
        call("--states", str(tmp_path / STATES_FILE), "--agencies", str(agencies))
    assert "Nothing was imported" in str(raised.value)
    assert State.objects.count() == 0  # the states file was fine, but nothing was written


def test_command_refuses_missing_files_and_bad_states(tmp_path):
    write_states(tmp_path)
    with pytest.raises(CommandError, match="There is no file at .*nowhere.csv"):
        call("--states", str(tmp_path / STATES_FILE), "--agencies", str(tmp_path / "nowhere.csv"))
    bad_states = write_states(tmp_path, [("5", "VA", "Virginia", "state", "VA")])
    agencies = write_csv(tmp_path / "agencies.csv", FBI_HEADER, GOOD_ROWS[:1])
    with pytest.raises(CommandError, match="line 2: state_fips “5” is not 2 digits"):
        call("--states", str(bad_states), "--agencies", str(agencies))
    crosswalk = tmp_path / "crosswalk.csv.gz"
    crosswalk.write_bytes(b"not gzip at all")
    write_states(tmp_path)
    with pytest.raises(CommandError, match="crosswalk.csv.gz"):
        call(
            "--states",
            str(tmp_path / STATES_FILE),
            "--agencies",
            str(agencies),
            "--crosswalk",
            str(crosswalk),
        )
    not_utf8 = tmp_path / "latin1.csv"
    not_utf8.write_bytes(",".join(FBI_HEADER).encode() + b"\n0,Caf\xe9,City\n")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call("--states", str(tmp_path / STATES_FILE), "--agencies", str(not_utf8))
    with pytest.raises(CommandError, match="no such folder"):
        call(
            "--states",
            str(tmp_path / STATES_FILE),
            "--agencies",
            str(agencies),
            "--rejects",
            str(tmp_path / "missing" / "rejects.csv"),
        )
    assert Agency.objects.count() == 0


def test_sources_default_to_the_shipped_lists_and_the_installations_crosswalk(tmp_path):
    sources = sources_resolve(reference_dir=tmp_path / "absent")
    assert sources.states == SHIPPED_DATA_DIR / f"{STATES_FILE}.gz"
    assert sources.agencies == SHIPPED_DATA_DIR / f"{AGENCIES_FILE}.gz"
    assert sources.tribes == SHIPPED_DATA_DIR / f"{TRIBES_FILE}.gz"
    assert sources.crosswalk is None
    for path in (sources.states, sources.agencies, sources.tribes):
        assert path.is_file()
        assert path.with_name(path.name.replace(".csv.gz", ".SOURCE.md")).is_file()
    # The crosswalk may not be redistributed: it is never shipped, only found in the folder.
    assert not (SHIPPED_DATA_DIR / CROSSWALK_FILE).exists()
    crosswalk = write_crosswalk(tmp_path, [])
    assert sources_resolve(reference_dir=tmp_path).crosswalk == crosswalk
    given = tmp_path / "mine.json"
    sources = sources_resolve(
        reference_dir=None, states=tmp_path / "s.csv", agencies=given, tribes=tmp_path / "t.csv"
    )
    assert (sources.states, sources.agencies, sources.tribes, sources.crosswalk) == (
        tmp_path / "s.csv",
        given,
        tmp_path / "t.csv",
        None,
    )


def test_gzipped_files_are_read_and_labelled_without_gz(files):
    tmp_path, agencies = files
    packed = tmp_path / "agencies.csv.gz"
    packed.write_bytes(gzip.compress(agencies.read_bytes()))
    result = run(tmp_path, packed)
    assert result.created == len(GOOD_ROWS)
    assert str(result.rejections[0]).startswith("agencies.csv line ")
    assert set(Agency.objects.values_list("source", flat=True)) == {"agencies.csv"}
    # The same edition, unpacked: nothing changes.
    assert run(tmp_path, agencies).unchanged == len(GOOD_ROWS)


def test_gzipped_json_is_read(tmp_path):
    write_states(tmp_path)
    packed = tmp_path / "agencies.json.gz"
    records = [
        {
            "ori": "VA0070200",
            "agency_name": "Arlington Police Department",
            "agency_type_name": "City",
            "county_name": "ARLINGTON",
            "latitude": None,
            "longitude": None,
            "state_abbr": "VA",
        }
    ]
    packed.write_bytes(gzip.compress(json.dumps(records).encode()))
    result = run(tmp_path, packed)
    assert (result.created, result.rejected) == (1, 0)
    packed.write_bytes(b"not gzip")
    with pytest.raises(ImportFileError, match="not a complete gzip file"):
        run(tmp_path, packed)


def test_an_import_shows_on_the_public_directory_at_once(
    files, client, django_capture_on_commit_callbacks
):
    """The import invalidates the cached directory pages (ADR 0013) and the search index
    follows the new names (FTS5 on SQLite)."""
    tmp_path, agencies = files
    run(tmp_path, agencies)
    search = {"q": "arlington"}
    assert "Arlington Police Department" in client.get("/agencies/", search).content.decode()
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][1] = "Arlington Town Police Department"
    write_csv(agencies, FBI_HEADER, rows)
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, agencies)
    page = client.get("/agencies/", search).content.decode()
    assert "Arlington Town Police Department" in page
    found = client.get("/agencies/", {"q": "arlington town"}).content.decode()
    assert "Arlington Town Police Department" in found
