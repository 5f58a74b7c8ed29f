"""The bias audit's pages (issue 11 §4) have no WCAG 2.1 A/AA violation found by axe and do not
scroll sideways, at 375 px and at 1280 px: the engagement's Bias audit section, the upload page
(with a refusal), the mapping page with its validation report, a run in progress (its htmx
polling and the no-JS refresh link) and a finished run."""

import pytest

from continuum.audits.models import AuditRun
from continuum.audits.tests.world import CODES, agency_csv, audit_world
from continuum.documents.models import Document

from .conftest import VIEWPORTS
from .test_team_pages import _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@VIEWPORTS
def test_upload_map_progress_and_done_pages(page, axe, tmp_path):
    world = audit_world()
    engagement = world.engagement
    _sign_in(page, world.lead)
    page.goto(f"/engagements/{engagement.public_id}/")
    assert page.get_by_role("heading", name="Bias audit").is_visible()
    axe(page)

    page.get_by_role("link", name="Upload a stop file").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Upload a stop file"
    axe(page)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    page.locator("#id_file").set_input_files(str(empty))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message").first.is_visible()
    axe(page)

    stops = tmp_path / "stops.csv"
    stops.write_bytes(agency_csv(rows=300))
    page.locator("#id_file").set_input_files(str(stops))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="What the check found").is_visible()
    axe(page)
    page.get_by_label("subject_race").select_option("RACE")
    page.get_by_role("button", name="Check the mapping").click()
    page.wait_for_load_state()
    assert page.get_by_text("Codes the mapping does not list").first.is_visible()
    axe(page)

    page.get_by_label("Codes (optional)").fill(CODES)
    page.get_by_role("button", name="Check the mapping").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Run the audit").click()  # runs at commit in tests
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="The audit is done").is_visible()
    assert page.get_by_role("heading", name="What the analyses found").is_visible()
    axe(page)

    queued = AuditRun.objects.create(
        engagement=engagement, document=Document.objects.get(kind="data")
    )
    page.goto(queued.get_absolute_url())
    assert page.get_by_role("link", name="Refresh to see the progress").is_visible()
    axe(page)
    AuditRun.objects.filter(pk=queued.pk).update(status="failed", error="The file is gone.")
    page.goto(queued.get_absolute_url())
    assert page.get_by_text("The audit did not finish").is_visible()
    axe(page)
