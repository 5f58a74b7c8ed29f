"""The browser tests' own set-up: every test starts from the data the migrations seed."""

import pytest
from django.db import connections

from continuum.catalog.models import Program

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_starts_from_the_migrated_catalog(page, run):
    """Tables are emptied after each test; the seed must be back for the next one."""
    assert hasattr(connections["default"], "_test_serialized_contents")
    programs = list(Program.objects.active().order_by("order"))
    assert len(programs) >= 3

    page.goto("/programs/")  # the live server sees the same rows
    listed = page.locator("main").inner_text()
    for program in programs:
        assert program.name in listed
