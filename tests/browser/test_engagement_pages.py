"""Issue 9's pages the acceptance journey does not visit: no WCAG 2.1 A/AA violation found by axe
and nothing scrolls sideways, at 375 px and at 1280 px, in each state a person meets (lists with
filters and empty, forms with an error, the calendar with its new feed link shown once).
And the journey's main actions can be done with the keyboard alone."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import PASSWORD
from continuum.catalog.models import Service
from continuum.engagements.choices import EngagementStatus
from continuum.engagements.models import Activity, Engagement
from continuum.engagements.services.agreement import agreement_prepare
from continuum.engagements.services.calendar import DAY_LIMIT, DAY_PAGE
from continuum.engagements.services.meetings import EASTERN
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.engagements.tests.factories import (
    EngagementFactory,
    MeetingFactory,
    MilestoneFactory,
    TeamMemberFactory,
)
from continuum.providers.tests.factories import (
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
)

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, expect_errors, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _world():
    """An active engagement with a peer exchange among its services, a meeting and a milestone
    coming up, and every kind of person around it (see `delivery_world`)."""
    peer_exchange = Service.objects.filter(slug__contains="peer-exchange").first()
    assert peer_exchange is not None, "the catalog seeds a peer-exchange service"
    world = delivery_world(services=[peer_exchange])
    Engagement.objects.filter(pk=world.engagement.pk).update(status=EngagementStatus.ACTIVE)
    # A host agency for the peer exchange: another agency's completed engagement alike.
    EngagementFactory(
        services=[peer_exchange], status=EngagementStatus.CLOSED, closed_at=timezone.now()
    )
    ExpertProfileFactory(user=world.lead, organization=world.engagement.provider)
    conflicted = ExpertProfileFactory(user__full_name="Jordan Conflicted")
    ConflictDeclarationFactory(expert=conflicted, agency=world.engagement.agency)
    soon = timezone.localdate() + timezone.timedelta(days=3)
    MilestoneFactory(engagement=world.engagement, title="Policy draft reviewed", due_on=soon)
    MeetingFactory(
        engagement=world.engagement,
        starts_at=timezone.now() + timezone.timedelta(days=2),
        ends_at=timezone.now() + timezone.timedelta(days=2, hours=1),
    )
    return world


def _crowded_day(user, count: int) -> datetime.date:
    """`count` meetings on the 15th of this month (Eastern Time) of another engagement of
    `user`'s: more than the month shows a day, and more than the day's first page."""
    engagement = EngagementFactory(status=EngagementStatus.ACTIVE)
    TeamMemberFactory(engagement=engagement, user=user)
    day = timezone.now().astimezone(EASTERN).date().replace(day=15)
    start = datetime.datetime.combine(day, datetime.time(8), tzinfo=EASTERN)
    for index in range(count):
        MeetingFactory(
            engagement=engagement,
            title=f"Crowded {index:02d}",
            starts_at=start + datetime.timedelta(minutes=10 * index),
            ends_at=start + datetime.timedelta(minutes=10 * index + 5),
        )
    return day


@VIEWPORTS
def test_engagement_pages_for_each_role(page, axe):
    log = AxeLog(axe)
    world = _world()
    engagement = world.engagement
    base = f"/engagements/{engagement.public_id}"

    # --- program staff ----------------------------------------------------------------------
    _as(page, world.staff)
    visit(page, "/engagements/")
    log.check(page, "staff: my engagements")
    visit(page, "/engagements/portfolio/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    log.check(page, "staff: portfolio")
    visit(page, "/engagements/portfolio/?status=active&overdue=&sort=")
    expect(page.locator(f"main a[href='{base}/']")).to_be_visible()
    log.check(page, "staff: portfolio filtered")
    visit(page, "/engagements/portfolio/?status=withdrawn")
    expect(page.get_by_text("No engagement matches these filters.")).to_be_visible()
    log.check(page, "staff: portfolio filtered to nothing")
    visit(page, "/engagements/portfolio/?status=nonsense")
    log.check(page, "staff: portfolio with a bad filter")
    visit(page, f"{base}/follow-ons/new/")
    log.check(page, "staff: follow-on form")
    assert press(page, "Submit the follow-on request").status == 400
    log.check(page, "staff: follow-on form, error")
    visit(page, f"{base}/plan/")
    log.check(page, "staff: plan form")
    visit(page, "/experts/")
    log.check(page, "staff: experts list")
    visit(page, f"{base}/team/match/?excluded=1")
    jordan = page.locator("li", has=page.get_by_role("heading", name="Jordan Conflicted"))
    with page.expect_navigation():
        jordan.get_by_role("button", name="Assign Jordan Conflicted").click()
    expect(page.locator(".usa-alert--error").first).to_be_visible()
    log.check(page, "staff: assigning an excluded expert without a reason, error")
    visit(page, f"{base}/step/terminate/")
    log.check(page, "staff: end the engagement")
    assert press(page, "End the engagement").status == 400
    expect_errors(page, "Say why the engagement ends.")
    log.check(page, "staff: end the engagement, error")
    visit(page, f"{base}/agreement/")
    log.check(page, "staff: accepted agreement")

    # --- the provider's coordinator -----------------------------------------------------------
    _as(page, world.coordinator)
    visit(page, "/engagements/")
    expect(page.locator(f"main a[href='{base}/']")).to_be_visible()
    log.check(page, "coordinator: my engagements")
    visit(page, "/experts/organization/")
    log.check(page, "coordinator: organization workspace")

    # --- the lead expert ----------------------------------------------------------------------
    _as(page, world.lead)
    visit(page, "/engagements/")
    expect(page.get_by_text("Policy draft reviewed").first).to_be_visible()
    log.check(page, "expert: my engagements with a milestone due soon")
    visit(page, "/engagements/calendar/")
    log.check(page, "expert: calendar, feed off")
    press(page, "Make a feed link")
    feed = page.get_by_label("Feed link")
    expect(feed).to_have_value(re.compile(r"/engagements/calendar/.+\.ics$"))
    log.check(page, "expert: calendar, new feed link shown once")
    visit(page, "/engagements/calendar/")
    expect(page.get_by_label("Feed link")).to_have_count(0)
    log.check(page, "expert: calendar, feed on")
    crowded = _crowded_day(world.lead, DAY_PAGE + 2)
    visit(page, f"/engagements/calendar/?month={crowded:%Y-%m}")
    # (The world's own meeting or milestone may fall on the 15th too: at least this many more.)
    more = page.get_by_role("link", name=re.compile(r"^\d+ more on this day$"))
    expect(more).to_have_count(1)
    assert int(more.inner_text().split()[0]) >= DAY_PAGE + 2 - DAY_LIMIT
    log.check(page, "expert: calendar, a day with more than the month shows")
    with page.expect_navigation():
        more.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{crowded:%B} 15")
    meetings = page.locator("main li", has_text="Crowded")
    expect(meetings).to_have_count(DAY_PAGE)
    log.check(page, "expert: a day's page, first page")
    with page.expect_navigation():
        page.get_by_role("link", name="Next page").click()
    expect(meetings).to_have_count(2)
    log.check(page, "expert: a day's page, last page")
    assert page.goto("/engagements/calendar/not-a-day/").status == 400
    expect(page.get_by_text("That day could not be read.", exact=False)).to_be_visible()
    log.check(page, "expert: calendar, a day that cannot be read")
    visit(page, f"{base}/meetings/new/")
    log.check(page, "expert: schedule a meeting")
    assert press(page, "Schedule and send invitations").status == 400
    expect_errors(page)
    log.check(page, "expert: schedule a meeting, error")
    meeting = engagement.meetings.get()
    visit(page, f"/engagements/meetings/{meeting.public_id}/edit/")
    log.check(page, "expert: change a meeting")
    page.locator("main input[name=title]").fill("")
    assert press(page, "Save and send the update").status == 400
    log.check(page, "expert: change a meeting, error")
    visit(page, f"/engagements/meetings/{meeting.public_id}/cancel/")
    log.check(page, "expert: cancel a meeting")
    visit(page, f"{base}/milestones/add/")
    log.check(page, "expert: add a milestone")
    assert press(page, "Add the milestone").status == 400
    expect_errors(page, "Name the milestone.")
    log.check(page, "expert: add a milestone, error")
    visit(page, f"{base}/peer-exchange/")
    log.check(page, "expert: peer exchange")
    assert press(page, "Record the peer exchange").status == 400
    log.check(page, "expert: peer exchange, error")
    visit(page, "/experts/me/")
    log.check(page, "expert: own profile")
    for button in ("Add expertise", "Add the position", "Add the dates", "Declare the conflict"):
        assert press(page, button).status == 400
        expect(page.locator(".usa-error-message, [data-error-summary]").first).to_be_visible()
        log.check(page, f"expert: own profile, {button!r} with an error")

    # --- the agency -------------------------------------------------------------------------
    _as(page, world.member)
    visit(page, "/engagements/")
    log.check(page, "agency member: my engagements")
    visit(page, f"{base}/step/withdraw/")
    log.check(page, "agency member: withdraw")
    assert press(page, "Withdraw from the engagement").status == 400
    expect_errors(page, "Say why the engagement ends.")
    log.check(page, "agency member: withdraw, error")

    # --- a wrong evaluation link ------------------------------------------------------------
    page.context.clear_cookies()
    response = page.goto("/engagements/evaluation/" + "x" * 43 + "/")
    assert response is not None and response.status == 404
    log.check(page, "evaluation link that is wrong or used")
    log.assert_clean()


def _tab_to(page: Page, target, limit: int = 80) -> None:
    """Press Tab until `target` has focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} is not reachable within {limit} presses of Tab")


def test_logging_an_activity_by_keyboard_alone(page):
    world = _world()
    engagement = world.engagement
    _as(page, world.lead)
    visit(page, f"/engagements/{engagement.public_id}/")

    _tab_to(page, page.get_by_role("link", name="Log an activity"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log an activity")

    _tab_to(page, page.locator("#id_activity_kind"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # the date
    page.keyboard.type(timezone.localdate().strftime("%m/%d/%Y"))
    _tab_to(page, page.locator("#id_activity_hours"))
    page.keyboard.type("2.5")
    first_mode = page.locator("input[name=delivery_mode]").first
    _tab_to(page, first_mode)
    page.keyboard.press("Space")
    expect(first_mode).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Log the activity"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    activity = Activity.objects.get(engagement=engagement)
    assert str(activity.hours) == "2.50"


def test_staffing_and_accepting_the_agreement_by_keyboard_alone(page):
    world = delivery_world(accepted=False)
    engagement = world.engagement
    expert = ExpertProfileFactory(user__full_name="Kim Keyboard")
    ExpertiseFactory(expert=expert)
    agreement_prepare(actor=world.staff, engagement=engagement, point_of_contact=world.member)

    # The coordinator assigns an expert from the ranked matches.
    _as(page, world.coordinator)
    visit(page, f"/engagements/{engagement.public_id}/")
    _tab_to(page, page.get_by_role("link", name="Find experts"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    kim = page.locator("li", has=page.get_by_role("heading", name="Kim Keyboard"))
    _tab_to(page, kim.get_by_label("Role"))
    _tab_to(page, kim.get_by_role("button", name="Assign Kim Keyboard"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert engagement.team.filter(user=expert.user, left_at__isnull=True).exists()

    # The chief executive accepts the agreement: the box is ticked with Space.
    _as(page, world.executive)
    visit(page, f"/engagements/{engagement.public_id}/agreement/")
    _tab_to(page, page.get_by_label("Your full name"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Dana Brooks")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("Chief of Police")
    confirm = page.locator("input[name=confirm]")
    _tab_to(page, confirm)
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Accept the agreement"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    engagement.agreement.refresh_from_db()
    assert engagement.agreement.is_accepted
    assert engagement.agreement.accepted_name == "Dana Brooks"
