"""The whole national directory, as a fresh machine gets it: the lists shipped in the package.

These tests import all 18,702 agencies (a few seconds each on SQLite), so there are only two:
one without the BJS crosswalk (which is not shipped), one with it when the installation has it.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from continuum.agencies.importers import (
    CROSSWALK_FILE,
    agencies_import,
    sources_resolve,
    tribes_import,
)
from continuum.agencies.models import Agency, State, Tribe
from continuum.agencies.selectors import agency_search

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def crosswalk_path() -> Path | None:
    """The installation's crosswalk: the setting's folder, else ../shared/data as CI has it."""
    folders = [
        Path(settings.CONTINUUM["REFERENCE_DATA_DIR"]),
        ROOT.parent / "shared" / "data",
        Path("/work/shared/data"),
    ]
    return next((f / CROSSWALK_FILE for f in folders if (f / CROSSWALK_FILE).is_file()), None)


def first(query: str, **filters) -> str:
    return agency_search(query=query, **filters).first().ori9


def test_a_fresh_machine_imports_the_whole_directory_and_finds_nypd_and_lapd(tmp_path, settings):
    settings.CONTINUUM = {**settings.CONTINUUM, "REFERENCE_DATA_DIR": tmp_path / "absent"}
    out = io.StringIO()
    call_command("import_agencies", "--no-progress", stdout=out, stderr=io.StringIO())
    output = out.getvalue()
    assert "Agencies: 18702 read, 18702 created, 0 updated, 0 unchanged, 0 rejected." in output
    assert "Tribes: 587 read, 587 created, 0 updated, 0 unchanged, 0 rejected." in output
    assert "Crosswalk: none" in output
    assert (Agency.objects.count(), State.objects.count(), Tribe.objects.count()) == (
        18702,
        57,
        587,
    )
    assert Tribe.objects.filter(state__usps="AK").count() == 228
    assert not Agency.objects.filter(population_served__isnull=False).exists()

    # Acronyms and abbreviations, on the real list, with no population to help.
    assert first("NYPD") == "NY0303000"  # New York City Police Department
    assert first("nypd") == "NY0303000"
    assert first("LAPD") == "CA0194200"  # Los Angeles Police Department
    assert first("LASD") == "CA0190000"  # Los Angeles County Sheriff's Office
    assert first("SFPD") == "CA0380100"
    # "Miami Police Department" exactly (Florida's and Arizona's) before North Miami's.
    miami = [agency.ori9 for agency in agency_search(query="Miami PD")[:3]]
    assert set(miami[:2]) == {"FL0130600", "AZ0040500"}
    assert agency_search(query="Miami PD", state="FL").first().ori9 == "FL0130600"
    assert first("Cook County SO", state="IL") == "IL0160000"
    # "St. Louis Police Department" of Missouri and of Michigan, before East St. Louis's.
    saint_louis = [agency.ori9 for agency in agency_search(query="saint louis pd")[:3]]
    assert set(saint_louis[:2]) == {"MOSPD0000", "MI2972700"}
    assert first("Texas DPS") == "TX0000000"
    assert {agency.state.usps for agency in agency_search(query="CHP")} == {"CA"}
    assert agency_search(query="CHP").count() >= 50  # one row per county office
    assert first("Houston Police Department") == "TXHPD0000"  # exact name before South Houston

    out = io.StringIO()
    call_command("import_agencies", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "18702 read, 0 created, 0 updated, 18702 unchanged, 0 rejected." in out.getvalue()
    assert "Tribes: 587 read, 0 created, 0 updated, 587 unchanged" in out.getvalue()


@pytest.mark.skipif(
    crosswalk_path() is None, reason="the BJS crosswalk is not in this installation"
)
def test_with_the_crosswalk_new_york_police_puts_new_york_city_first():
    sources = sources_resolve(reference_dir=crosswalk_path().parent)
    result = agencies_import(sources=sources)
    tribes_import(path=sources.tribes)
    assert result.read == 18702
    assert result.imported + result.rejected == 18702
    assert result.enriched > 18000
    assert Agency.objects.filter(agency_type="tribal").count() == 208
    assert not Agency.objects.filter(ori9__startswith="NB").exclude(state__usps="NE").exists()

    results = list(agency_search(query="New York Police").values_list("ori9", flat=True))
    assert results[0] == "NY0303000"  # New York City Police Department
    assert "NJ0091200" in results[1:]  # West New York Police Department, after it
    # Larger agencies first within a rank; acronyms shared by several cities too.
    assert first("HPD") == "TXHPD0000"  # Houston before Honolulu
    assert first("police department", state="TX") == "TXHPD0000"
    assert first("arlington") == "TX2200100"  # Arlington, Texas: the largest Arlington

    again = agencies_import(sources=sources)
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.imported)
