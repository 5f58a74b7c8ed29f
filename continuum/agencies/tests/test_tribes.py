"""The tribal list's import (BIA Tribal Leaders Directory), on small files written in tmp_path."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from continuum.accounts.tests.factories import AdministratorFactory
from continuum.agencies.choices import TribalComponent
from continuum.agencies.importers import ImportFileError, tribes_import
from continuum.agencies.models import Agency, State, Tribe

from .factories import StateFactory
from .test_importer import FBI_HEADER, GOOD_ROWS, write_csv, write_states

pytestmark = pytest.mark.django_db

HEADER = [
    "objectid",
    "tribe_full_name",
    "tribe",
    "tribe_alternate_name",
    "tribal_component",
    "organization",
    "bia_region",
    "bia_agency",
    "hq_city",
    "hq_state",
    "hq_zip",
    "website",
    "ancsa_region",
    "location_type",
    "latitude",
    "longitude",
]


def tribe_row(name, state="Oklahoma", component="Tribe", lat="35.9", long="-94.97", **extra):
    values = {
        "objectid": "1",
        "tribe_full_name": name,
        "tribe": name.split()[0] if name else "",
        "tribe_alternate_name": "",
        "tribal_component": component,
        "organization": "",
        "bia_region": "Eastern Oklahoma",
        "bia_agency": "Tahlequah Agency",
        "hq_city": "Tahlequah",
        "hq_state": state,
        "hq_zip": "74465",
        "website": "https://www.cherokee.org/",
        "ancsa_region": "",
        "location_type": "Tribal Headquarters",
        "latitude": lat,
        "longitude": long,
        **extra,
    }
    return [values[column] for column in HEADER]


GOOD = [
    tribe_row("Cherokee Nation"),
    tribe_row("Pribilof Islands Aleut Communities", state="", lat="", long=""),
    tribe_row(
        "Native Village of Afognak",
        state="Alaska",
        component="Affiliate (band, community, village, island, etc...)",
        website="www.afognak.org",
    ),
]
#: Each bad row and the words its rejection must contain.
BAD = [
    (tribe_row(""), "full name is missing"),
    (tribe_row("Nowhere Tribe", state="Atlantis"), "hq_state “Atlantis” is not a state"),
    (tribe_row("Cherokee Nation"), "duplicate name: it is already on line 2"),
    (tribe_row("Odd Tribe", component="Club"), "neither Tribe nor Affiliate"),
    (tribe_row("Lost Tribe", lat="north"), "latitude “north” is not a number"),
    (tribe_row("Half Tribe", long=""), "a latitude or a longitude but not both"),
    (tribe_row("Web Tribe", website="https://"), "is not a web address"),
    (tribe_row("T" * 201), "name is longer than 200 characters (it has 201)"),
    (tribe_row("Short Tribe")[:4], "it has 4 values where the header has 16"),
]


@pytest.fixture
def states():
    StateFactory(usps="OK", fips="40", name="Oklahoma", ori_prefix="OK")
    StateFactory(usps="AK", fips="02", name="Alaska", ori_prefix="AK")


def write_tribes(tmp_path: Path, rows) -> Path:
    return write_csv(tmp_path / "tribes.csv", HEADER, rows)


def test_every_row_is_imported_or_rejected_with_its_line_and_reason(tmp_path, states):
    result = tribes_import(path=write_tribes(tmp_path, GOOD + [row for row, _ in BAD]))

    assert (result.read, result.created, result.rejected) == (len(GOOD) + len(BAD), 3, len(BAD))
    for rejection, (_, words) in zip(result.rejections, BAD, strict=True):
        assert words in rejection.reason
    assert [rejection.line for rejection in result.rejections] == list(range(5, 5 + len(BAD)))
    assert str(result.rejections[1]) == (
        "tribes.csv line 6 (“Nowhere Tribe”): hq_state “Atlantis” is not a state of the states file"
    )
    cherokee = Tribe.objects.get(name="Cherokee Nation")
    assert cherokee.state.usps == "OK"
    assert cherokee.component == TribalComponent.TRIBE
    assert (cherokee.latitude, cherokee.longitude) == (Decimal("35.9"), Decimal("-94.97"))
    assert cherokee.source == "tribes.csv"
    pribilof = Tribe.objects.get(name="Pribilof Islands Aleut Communities")
    assert pribilof.state is None and pribilof.latitude is None
    afognak = Tribe.objects.get(name="Native Village of Afognak")
    assert afognak.component == TribalComponent.AFFILIATE
    assert afognak.website == "https://www.afognak.org"


def test_a_second_run_changes_nothing_and_a_changed_row_is_updated(tmp_path, states):
    path = write_tribes(tmp_path, GOOD)
    tribes_import(path=path)
    again = tribes_import(path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    before = Tribe.objects.get(name="Pribilof Islands Aleut Communities").updated_at
    changed = [tribe_row("Cherokee Nation", state="Alaska", hq_city="Anchorage"), *GOOD[1:]]
    result = tribes_import(path=write_tribes(tmp_path, changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    cherokee = Tribe.objects.get(name="Cherokee Nation")
    assert (cherokee.hq_city, cherokee.state.usps) == ("Anchorage", "AK")
    assert cherokee.updated_at > cherokee.created_at
    assert Tribe.objects.get(name="Pribilof Islands Aleut Communities").updated_at == before

    shorter = tribes_import(path=write_tribes(tmp_path, GOOD[:1]))
    assert (shorter.unchanged, shorter.not_in_file) == (0, 2)
    assert Tribe.objects.count() == 3  # left as they are


def test_dry_run_writes_nothing(tmp_path, states):
    result = tribes_import(path=write_tribes(tmp_path, GOOD), dry_run=True)
    assert result.created == 3
    assert not Tribe.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,state\nCherokee Nation,Oklahoma\n", "lacks the columns tribe_full_name"),
        ("", "is empty: it has no header row"),
    ],
)
def test_a_file_that_is_not_the_tribal_list_is_refused(tmp_path, content, message):
    path = tmp_path / "tribes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        tribes_import(path=path)


def test_the_command_imports_tribes_with_the_agencies_in_one_transaction(tmp_path):
    write_states(tmp_path)
    agencies = write_csv(tmp_path / "agencies.csv", FBI_HEADER, GOOD_ROWS)
    tribes = write_tribes(tmp_path, [*GOOD[:2], BAD[1][0]])
    out, err = io.StringIO(), io.StringIO()
    args = ["--states", str(tmp_path / "us_states_territories_fips.csv")]
    args += ["--agencies", str(agencies), "--tribes", str(tribes), "--no-progress"]
    call_command("import_agencies", *args, stdout=out, stderr=err)
    assert "Tribes: 3 read, 2 created, 0 updated, 0 unchanged, 1 rejected." in out.getvalue()
    assert "Rejected: tribes.csv line 4 (“Nowhere Tribe”)" in err.getvalue()

    # The rejects file lists the rejected rows of both files.
    rejects = tmp_path / "rejects.csv"
    bad_agency = write_csv(
        tmp_path / "bad.csv",
        FBI_HEADER,
        [*GOOD_ROWS, ["0", "", "City", "", "", "", "", "", "VA0999999", "", "", "VA", ""]],
    )
    args[3] = str(bad_agency)
    call_command(
        "import_agencies",
        *args,
        "--rejects",
        str(rejects),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["file"], row["reason"][:20]) for row in rows] == [
        ("bad.csv", "the agency name is m"),
        ("tribes.csv", "hq_state “Atlantis” i"[:20]),
    ]


def test_the_command_refuses_a_bad_tribal_file_and_writes_no_agency(tmp_path):
    write_states(tmp_path)
    agencies = write_csv(tmp_path / "agencies.csv", FBI_HEADER, GOOD_ROWS)
    broken = tmp_path / "broken.csv"
    broken.write_text("name\nX\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the columns tribe_full_name"):
        call_command(
            "import_agencies",
            "--states",
            str(tmp_path / "us_states_territories_fips.csv"),
            "--agencies",
            str(agencies),
            "--tribes",
            str(broken),
            stdout=io.StringIO(),
        )
    assert not Tribe.objects.exists()
    assert not Agency.objects.exists() and not State.objects.exists()


def test_tribes_are_in_the_admin(client, tmp_path, states):
    tribes_import(path=write_tribes(tmp_path, GOOD))
    client.force_login(AdministratorFactory())
    url = reverse("admin:agencies_tribe_changelist")
    page = client.get(url, {"q": "cherokee"}).content.decode()
    assert "Cherokee Nation" in page and "Native Village of Afognak" not in page
    filtered = client.get(url, {"component__exact": "affiliate"}).content.decode()
    assert "Native Village of Afognak" in filtered and "Cherokee Nation" not in filtered
    cherokee = Tribe.objects.get(name="Cherokee Nation")
    detail = client.get(reverse("admin:agencies_tribe_change", args=[cherokee.pk]))
    assert "Eastern Oklahoma" in detail.content.decode()
    # Read-only: the import keeps the list.
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:agencies_tribe_add")).status_code == 403
    assert (
        client.post(reverse("admin:agencies_tribe_delete", args=[cherokee.pk])).status_code == 403
    )
