"""Issue 9's acceptance journey in a real browser, with axe (WCAG 2.1 A/AA) and the sideways-scroll
check on every page and form state it meets, errors included.

Program staff prepare the agreement and set the start date; the provider's coordinator staffs
the accepted engagement from the ranked matches (the expert with a declared conflict with the
agency is shown excluded, with the reason); the chief executive accepts the agreement; staff start
the work; the lead expert logs an activity, uploads a document and takes a deliverable through
internal review to the agency; the agency's point of contact confirms the facts; staff approve it
as final, move to reporting and close; the agency answers the evaluation through the emailed link.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from continuum.accounts.tests.factories import (
    PASSWORD,
    AgencyExecutiveFactory,
    AgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    VerifiedUserFactory,
)
from continuum.activity.outbox.models import OutboundMessage
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.models import Program
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.documents.tests import files
from continuum.engagements.choices import DeliverableStatus, EngagementStatus
from continuum.engagements.models import Activity, Deliverable, Engagement, Evaluation
from continuum.engagements.services.team import engagement_provider_set
from continuum.intake.services import triage
from continuum.intake.tests.factories import submitted_request
from continuum.providers.tests.factories import (
    AvailabilityWindowFactory,
    ConflictDeclarationFactory,
    ExpertiseFactory,
    ExpertProfileFactory,
    PositionFactory,
)

from .conftest import VIEWPORTS
from .intake_steps import AxeLog, click_label_of, expect_errors, follow, press, sign_in, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _as(page: Page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, email=user.email, password=PASSWORD)


def _first_radio(page: Page, scope: str) -> None:
    """Choose the first radio button inside `scope` by clicking its label, as a person does."""
    click_label_of(page, page.locator(f"{scope} input[type=radio]").first)


def _link(page: Page, name: str):
    return page.get_by_role("link", name=name, exact=True)


def _step(page: Page, label: str):
    """A deliverable's review step on the engagement page (its link names the deliverable)."""
    deliverables = page.locator("section[aria-labelledby=deliverables-heading]")
    return deliverables.get_by_role("link", name=re.compile("^" + re.escape(label)))


def _world():
    agency = AgencyFactory(name="Riverton Police Department")
    chief = AgencyExecutiveFactory(
        agency=agency,
        user=VerifiedUserFactory(full_name="Dana Brooks", title="Chief of Police"),
    ).user
    contact = AgencyMembershipFactory(
        agency=agency, user=VerifiedUserFactory(full_name="Sam Ortiz", title="Captain")
    ).user
    organization = ProviderOrganizationFactory(name="Journey Association")
    coordinator = ProviderCoordinatorFactory(
        organization=organization, user=VerifiedUserFactory(full_name="Casey Coordinator")
    ).user
    lead = ExpertProfileFactory(
        user__full_name="Avery Expert", user__email="avery@experts.example", organization=None
    )
    ExpertiseFactory(expert=lead)
    PositionFactory(expert=lead)
    AvailabilityWindowFactory(expert=lead)
    conflicted = ExpertProfileFactory(user__full_name="Jordan Conflicted")
    ConflictDeclarationFactory(
        expert=conflicted, agency=agency, reason="I worked there until 2024."
    )
    staff = ProgramStaffFactory(full_name="Pat Program")

    program = Program.objects.get(slug="cri-tac")
    ar = submitted_request(requester=contact, requester_email=contact.email, agency=agency)
    triage.request_accept(
        actor=staff,
        assistance_request=ar,
        program=program,
        services=list(program.services.all()[:1]),
    )
    engagement = Engagement.objects.get(assistance_request=ar)
    engagement_provider_set(actor=staff, engagement=engagement, provider=organization)
    return {
        "engagement": engagement,
        "chief": chief,
        "contact": contact,
        "coordinator": coordinator,
        "lead": lead.user,
        "staff": staff,
    }


@VIEWPORTS
def test_an_engagement_from_staffing_to_the_agencys_evaluation(page, axe, tmp_path):
    log = AxeLog(axe)
    world = _world()
    engagement = world["engagement"]
    detail = f"/engagements/{engagement.public_id}/"
    today = timezone.localdate()
    report = tmp_path / "Draft assessment.pdf"
    report.write_bytes(files.PDF)

    # --- program staff: the agreement (an error first) and the start date ------------------
    _as(page, world["staff"])
    visit(page, detail)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverton Police Department")
    log.check(page, "staff: engagement page, planning")
    follow(page, _link(page, "Prepare the agreement"))
    log.check(page, "staff: prepare the agreement")
    assert press(page, "Prepare the agreement").status == 400
    expect_errors(page, "Choose the agency's point of contact.")
    log.check(page, "staff: prepare the agreement, error")
    contact = page.get_by_label("The agency's point of contact")
    contact.select_option(contact.locator("option", has_text="Sam Ortiz").get_attribute("value"))
    press(page, "Prepare the agreement")
    log.check(page, "staff: after preparing the agreement")

    visit(page, f"/engagements/{engagement.public_id}/plan/")
    log.check(page, "staff: plan form")
    page.get_by_label("Start date").fill(today.strftime("%m/%d/%Y"))
    page.get_by_label("Planned end date").fill("not a date")
    assert press(page, "Save the plan").status == 400
    log.check(page, "staff: plan form, error")
    page.get_by_label("Planned end date").fill(f"6/30/{today.year + 1}")
    press(page, "Save the plan")
    engagement.refresh_from_db()
    assert engagement.starts_on == today

    # --- the coordinator staffs the team from the ranked matches --------------------------
    _as(page, world["coordinator"])
    visit(page, detail)
    log.check(page, "coordinator: engagement page")
    follow(page, _link(page, "Find experts"))
    expect(page.get_by_role("heading", name="Ranked experts")).to_be_visible()
    log.check(page, "coordinator: ranked matches")
    follow(page, page.get_by_role("link", name=re.compile("^Show 1 excluded expert")))
    excluded = page.locator("section[aria-labelledby=excluded-heading]")
    expect(excluded.get_by_role("heading", name="Jordan Conflicted")).to_be_visible()
    expect(excluded).to_contain_text("Excluded:")
    expect(excluded).to_contain_text("Conflict of interest: declared a conflict with this agency.")
    expect(excluded.get_by_role("button", name=re.compile("Assign"))).to_have_count(0)
    log.check(page, "coordinator: matches with the excluded experts shown")
    avery = page.locator("li", has=page.get_by_role("heading", name="Avery Expert"))
    avery.get_by_label("Role").select_option(label="Lead expert")
    with page.expect_navigation():
        avery.get_by_role("button", name="Assign Avery Expert").click()
    page.wait_for_load_state()
    log.check(page, "coordinator: after assigning the lead expert")
    visit(page, detail)
    team = page.locator("section[aria-labelledby=team-heading]")
    expect(team.get_by_role("rowheader", name=re.compile("Avery Expert"))).to_be_visible()

    # --- the chief executive accepts the agreement (an error first) -----------------------
    _as(page, world["chief"])
    visit(page, detail)
    log.check(page, "chief: engagement page")
    follow(page, _link(page, "Read and accept the agreement"))
    log.check(page, "chief: agreement")
    assert press(page, "Accept the agreement").status == 400
    expect_errors(page, "Tick the box to accept the terms.")
    log.check(page, "chief: agreement, error")
    page.get_by_label("Your full name").fill("Dana Brooks")
    page.get_by_label("Your title").fill("Chief of Police")
    click_label_of(page, page.locator("input[name=confirm]"))
    press(page, "Accept the agreement")
    log.check(page, "chief: agreement accepted")
    engagement.agreement.refresh_from_db()
    assert engagement.agreement.is_accepted

    # --- staff start the work -------------------------------------------------------------
    _as(page, world["staff"])
    visit(page, detail)
    follow(page, _link(page, "Start the work"))
    log.check(page, "staff: start the work")
    press(page, "Start the work")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE
    log.check(page, "staff: engagement page, active")

    # --- the lead expert: an activity, a document, a deliverable through review ------------
    _as(page, world["lead"])
    visit(page, detail)
    log.check(page, "lead: engagement page")
    follow(page, _link(page, "Log an activity"))
    log.check(page, "lead: activity form")
    assert press(page, "Log the activity").status == 400
    expect_errors(page, "Choose the kind of activity.")
    log.check(page, "lead: activity form, error")
    page.get_by_label("Kind of activity").select_option(index=1)
    page.locator("#id_activity_occurred_on").fill(today.strftime("%m/%d/%Y"))
    page.locator("#id_activity_hours").fill("6.5")
    _first_radio(page, "main form")
    press(page, "Log the activity")
    assert Activity.objects.filter(engagement=engagement).count() == 1
    log.check(page, "lead: after logging the activity")

    visit(page, detail)
    assert press(page, "Upload the document").status == 400  # no file chosen
    expect(page.locator("[data-error-summary]").first).to_be_visible()
    log.check(page, "lead: document upload, error")
    visit(page, detail)
    documents = page.locator("#documents")
    documents.locator("input[type=file]").set_input_files(str(report))
    if documents.locator("input[type=radio]").count():
        _first_radio(page, "#documents")
    press(page, "Upload the document")
    expect(_link(page, "Draft assessment.pdf")).to_be_visible()
    log.check(page, "lead: after uploading a document")

    follow(page, _link(page, "Add a deliverable"))
    log.check(page, "lead: deliverable form")
    assert press(page, "Add the deliverable").status == 400
    expect_errors(page, "Give it a title.")
    log.check(page, "lead: deliverable form, error")
    page.locator("#id_deliverable_title").fill("Needs assessment report")
    page.locator("#id_deliverable_kind").select_option(index=1)
    press(page, "Add the deliverable")
    deliverable = Deliverable.objects.get(engagement=engagement)
    log.check(page, "lead: after adding the deliverable")

    visit(page, detail)
    follow(page, _step(page, "Send for internal review"))
    log.check(page, "lead: send for internal review")
    press(page, "Send for internal review")
    expect(page.locator("main")).to_contain_text("Attach the draft document first.")
    log.check(page, "lead: send for internal review, no document yet")
    visit(page, detail)
    follow(page, _step(page, "Attach a file"))
    log.check(page, "lead: attach to the deliverable")
    page.locator("main input[type=file]").set_input_files(str(report))
    if page.locator("main form input[type=radio]").count():
        _first_radio(page, "main form")
    press(page, "Upload the document")
    visit(page, detail)
    follow(page, _step(page, "Send for internal review"))
    press(page, "Send for internal review")
    log.check(page, "lead: deliverable in internal review")
    visit(page, detail)
    follow(page, _step(page, "Send to the agency to check the facts"))
    log.check(page, "lead: send to the agency")
    press(page, "Send to the agency to check the facts")
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.AGENCY_FACT_CHECK

    # --- the agency checks the facts ------------------------------------------------------
    _as(page, world["contact"])
    visit(page, detail)
    log.check(page, "agency contact: engagement page, deliverable to check")
    follow(page, _step(page, "Confirm the facts are right"))
    log.check(page, "agency contact: confirm the facts")
    press(page, "Confirm the facts are right")
    log.check(page, "agency contact: after confirming the facts")
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.PROGRAM_APPROVAL

    # --- staff approve it as final, move to reporting and close ----------------------------
    _as(page, world["staff"])
    visit(page, detail)
    follow(page, _step(page, "Approve as final"))
    log.check(page, "staff: approve as final")
    press(page, "Approve as final")
    log.check(page, "staff: after approving the deliverable as final")
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.FINAL
    visit(page, detail)
    follow(page, _link(page, "Move to reporting"))
    log.check(page, "staff: move to reporting")
    press(page, "Move to reporting")
    log.check(page, "staff: engagement page, reporting")
    visit(page, detail)
    follow(page, _link(page, "Close the engagement"))
    log.check(page, "staff: close the engagement")
    press(page, "Close the engagement")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.CLOSED
    log.check(page, "staff: engagement page, closed")

    # --- the agency is asked for the evaluation on its page too ------------------------------
    _as(page, world["contact"])
    visit(page, detail)
    log.check(page, "agency contact: engagement page, closed, evaluation not answered")
    follow(page, _link(page, "Answer the evaluation"))
    log.check(page, "agency contact: evaluation form, signed in")

    # --- the agency answers the evaluation through the emailed link -------------------------
    message = OutboundMessage.objects.get(template_key="engagements.evaluation_invite")
    link = re.search(r"/engagements/evaluation/[\w-]+/", message.body)
    assert link, message.body
    page.context.clear_cookies()
    visit(page, link.group(0))
    log.check(page, "evaluation link")
    assert press(page, "Send the evaluation").status == 400
    expect_errors(page, "Say whether the assistance met your agency's goals.")
    log.check(page, "evaluation link, error")
    _first_radio(page, "fieldset:has(input[name=effectiveness])")
    click_label_of(page, page.locator("input[name=satisfaction][value='5']"))
    click_label_of(page, page.locator("input[name=would_recommend][value=yes]"))
    page.get_by_label("Your name (optional)").fill("Dana Brooks")
    press(page, "Send the evaluation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    log.check(page, "evaluation thanks")
    assert Evaluation.objects.get(engagement=engagement).completed_at is not None
    log.assert_clean()
