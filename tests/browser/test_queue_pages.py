"""The triage queue's keyset pages (issue 8): the pager's states pass axe and work by keyboard,
on a phone (375x812) and on a desktop (1280x900)."""

import re

import pytest
from playwright.sync_api import expect

from continuum.accounts.tests.factories import PASSWORD, ProgramStaffFactory
from continuum.intake.tests.factories import RawSubmittedRequestFactory

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@VIEWPORTS
def test_next_previous_and_first_page_by_keyboard(page, axe):
    staff = ProgramStaffFactory(email="pager@example.gov")
    for _ in range(55):
        RawSubmittedRequestFactory()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/triage/"))  # staff land on the queue

    page.goto("/triage/?status=all")
    expect(page.get_by_role("link", name="Next page")).to_be_visible()
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    axe(page)

    page.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"cursor="))
    expect(page.get_by_role("link", name="Previous page")).to_be_visible()
    expect(page.get_by_role("link", name="First page")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)  # the last page
    expect(page.locator(".continuum-queue-table tbody tr")).to_have_count(5)
    axe(page)

    page.get_by_role("link", name="First page").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    expect(page.locator(".continuum-queue-table tbody tr")).to_have_count(25)
