"""The experts' and team pages (issue 9 §1, §2, §10) have no WCAG 2.1 A/AA violation found by
axe and do not scroll sideways, at 375 px and at 1280 px: the expert's own profile (with a form
error), staff's expert list and an expert's page, the organization's workspace, the Find experts
page with the excluded experts shown, and the engagement page's Team section."""

import pytest

from continuum.accounts.tests.factories import (
    PASSWORD,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
)
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.engagements.choices import TeamRole
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.providers.tests.factories import (
    AvailabilityWindowFactory,
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
    PositionFactory,
)

from .conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@VIEWPORTS
def test_team_and_expert_pages(page, axe):
    organization = ProviderOrganizationFactory(name="Browser Association")
    engagement = EngagementFactory(provider=organization)
    expert = ExpertProfileFactory(user__full_name="Avery Expert", organization=organization)
    ExpertiseFactory(expert=expert)
    PositionFactory(expert=expert)
    AvailabilityWindowFactory(expert=expert)
    conflicted = ExpertProfileFactory(user__full_name="Casey Conflicted")
    ConflictDeclarationFactory(expert=conflicted, agency=engagement.agency)
    TeamMemberFactory(engagement=engagement, user=expert.user, role=TeamRole.LEAD_EXPERT)
    coordinator = ProviderCoordinatorFactory(organization=organization).user

    _sign_in(page, expert.user)
    page.goto("/experts/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your expert profile"
    axe(page)
    page.get_by_role("button", name="Add the dates").click()
    page.wait_for_load_state()
    assert page.locator(".usa-error-message").first.is_visible()
    axe(page)

    _sign_in(page, ProgramStaffFactory())
    page.goto("/experts/")
    assert page.get_by_role("link", name="Avery Expert").is_visible()
    axe(page)
    page.get_by_role("link", name="Avery Expert").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Record vetting").is_visible()
    axe(page)
    page.goto(f"/engagements/{engagement.public_id}/team/match/?excluded=1")
    assert page.get_by_role("heading", name="Excluded experts").is_visible()
    axe(page)
    page.goto(f"/engagements/{engagement.public_id}/")
    assert page.get_by_role("heading", name="Team").is_visible()
    axe(page)

    _sign_in(page, coordinator)
    page.goto("/experts/organization/")
    assert page.get_by_role("link", name="Avery Expert").is_visible()
    axe(page)
    page.goto(f"/engagements/{engagement.public_id}/team/match/")
    assert page.get_by_role("heading", name="Ranked experts").is_visible()
    axe(page)
