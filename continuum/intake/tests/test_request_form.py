"""The request form: every step's checks and messages, the whole path to a tracking number,
save and resume, drafts kept to their owner, forged input, and double submission."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from continuum.accounts.models import User
from continuum.accounts.selectors import email_is_verified
from continuum.accounts.tests.factories import UserFactory
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.models import Service, Topic
from continuum.catalog.tests.factories import ServiceFactory
from continuum.intake.choices import RequestStatus
from continuum.intake.models import NARRATIVE_MAX, AssistanceRequest, TrackingCounter

from .request_form_helpers import (
    PASSWORD,
    agency_answers,
    authorization_answers,
    fill_all_steps,
    incident_answers,
    needs_answers,
    start_draft,
    step_url,
    you_answers,
)

TRACKING = re.compile(r"CRI-\d{4}-\d{5}")


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Riverton Police Department", city="RIVERTON", ori9="VA0420000")


def html(response) -> str:
    return response.content.decode()


def errors_of(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- the whole path ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_requester_walks_the_whole_form_to_a_tracking_number(
    client, agency, django_capture_on_commit_callbacks
):
    start = client.get(reverse("intake:request_start")).content.decode()
    assert "Request technical assistance" in start and "Start a new request" in start
    with django_capture_on_commit_callbacks(execute=True):
        draft = fill_all_steps(client, agency)
    # The account was created at step 2 and emailed a verification link; the person signed in
    # (the helper does, right after step 2) and the draft became the account's.
    user = User.objects.get(email="pat.rivera@riverton.gov")
    assert draft.requester == user
    assert int(client.session["_auth_user_id"]) == user.pk
    assert [m.to for m in mail.outbox] == [["pat.rivera@riverton.gov"]]
    assert "/accounts/verify-email/" in mail.outbox[0].body
    assert not email_is_verified(user)

    review = client.get(step_url(draft, "review"))
    assert review.status_code == 200
    page = html(review)
    for answer in ("Riverton Police Department", "Pat Rivera", "Alex Morgan", "Policy review"):
        assert answer in page
    for step in ("agency", "you", "authorization", "needs", "incident"):
        assert f'href="{step_url(draft, step)}"' in page  # a "Change" link per step
    assert "Some steps are not finished" not in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(draft, "review"))
    assert response.status_code == 302
    assert response.url == reverse("intake:request_submitted", args=[draft.public_id])
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SUBMITTED
    assert TRACKING.fullmatch(draft.tracking_number)
    confirmation = client.get(response.url)
    assert draft.tracking_number in html(confirmation)
    # The chief's link is a verification itself; the requester's address is not verified yet,
    # so the official confirmation waits: nothing official goes to a typed address.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["chief.morgan@riverton.gov"]


@pytest.mark.django_db
def test_the_step_indicator_counts_steps_and_marks_the_current_one(client, agency):
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    page = html(client.get(step_url(draft, "you")))
    assert "usa-step-indicator" in page
    assert '<span class="usa-step-indicator__current-step">2</span>' in page
    assert '<span class="usa-step-indicator__total-steps">of 6</span>' in page
    assert 'usa-step-indicator__segment--current" aria-current="step"' in page
    assert '<span class="usa-sr-only">Step</span>' in page


@pytest.mark.django_db
def test_answering_no_to_a_critical_incident_skips_its_step(client, agency):
    draft = fill_all_steps(client, agency, incident=False)
    assert not draft.has_critical_incident
    # The needs step went straight to the review; the incident step sends back to the needs step.
    response = client.post(step_url(draft, "needs"), needs_answers(incident=False))
    assert response.url == step_url(draft, "review")
    assert client.get(step_url(draft, "incident")).url == step_url(draft, "needs")
    assert client.post(step_url(draft, "review")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SUBMITTED


@pytest.mark.django_db
def test_changing_the_incident_answer_to_no_clears_the_incident_details(client, agency):
    draft = fill_all_steps(client, agency, incident=True)
    assert draft.incident_kind == "officer_involved_shooting"
    client.post(step_url(draft, "needs"), needs_answers(incident=False))
    draft.refresh_from_db()
    assert (draft.has_critical_incident, draft.incident_kind, draft.incident_date) == (
        False,
        "",
        None,
    )


# --- step 1: your agency ----------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_step_requires_a_choice(client):
    draft = start_draft(client)
    response = client.post(step_url(draft, "agency"), {"action": "continue"})
    assert response.status_code == 200
    assert errors_of(response, "agency") == [
        "Choose your agency from the search results, or tick “My agency is not listed”."
    ]
    assert "usa-alert--error" in html(response)  # the USWDS error summary


@pytest.mark.django_db
def test_agency_step_refuses_a_directory_agency_and_not_listed_together(client, agency):
    draft = start_draft(client)
    response = client.post(
        step_url(draft, "agency"), {**agency_answers(agency), "agency_not_listed": "on"}
    )
    assert "Untick the box" in errors_of(response, "agency_not_listed")[0]


@pytest.mark.django_db
def test_not_listed_agency_needs_every_detail(client):
    draft = start_draft(client)
    response = client.post(
        step_url(draft, "agency"), {"agency_not_listed": "on", "action": "continue"}
    )
    form = response.context["form"]
    assert form.errors["unlisted_agency_name"] == ["Enter the name of your agency."]
    assert form.errors["unlisted_agency_type"] == ["Choose the type of agency."]
    assert "state, local, territorial or tribal" in form.errors["unlisted_jurisdiction_level"][0]
    assert form.errors["unlisted_state"] == ["Choose the state or territory of your agency."]


@pytest.mark.django_db
def test_a_not_listed_agency_is_saved_and_replaces_an_earlier_choice(client, agency):
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    state = StateFactory(usps="NM", fips="35", name="New Mexico", ori_prefix="NM")
    response = client.post(
        step_url(draft, "agency"),
        {
            "agency_not_listed": "on",
            "unlisted_agency_name": "Pueblo of Laguna Police Department",
            "unlisted_agency_type": "tribal",
            "unlisted_jurisdiction_level": "tribal",
            "unlisted_state": state.pk,
            "action": "continue",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.agency is None
    assert draft.unlisted_agency_name == "Pueblo of Laguna Police Department"
    assert draft.unlisted_state == state
    # Choosing a directory agency again clears the unlisted details.
    client.post(step_url(draft, "agency"), agency_answers(agency))
    draft.refresh_from_db()
    assert (draft.agency, draft.unlisted_agency_name, draft.unlisted_state) == (agency, "", None)


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "99999999999999999999", "1 OR 1=1"])
def test_a_forged_agency_id_is_a_field_error(client, agency, forged):
    draft = start_draft(client)
    response = client.post(step_url(draft, "agency"), {"agency": forged, "action": "continue"})
    assert response.status_code == 200
    assert "not in the national directory" in errors_of(response, "agency")[0]
    draft.refresh_from_db()
    assert draft.agency is None


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["999999", "abc"])
def test_a_forged_state_id_is_a_field_error(client, forged):
    draft = start_draft(client)
    response = client.post(
        step_url(draft, "agency"),
        {
            "agency_not_listed": "on",
            "unlisted_agency_name": "Lakeview Police Department",
            "unlisted_agency_type": "municipal",
            "unlisted_jurisdiction_level": "local",
            "unlisted_state": forged,
            "action": "continue",
        },
    )
    assert errors_of(response, "unlisted_state") == ["Choose a state or territory from the list."]


@pytest.mark.django_db
def test_searching_without_javascript_shows_matches_as_radio_buttons(client, agency):
    AgencyFactory(name="Hillcrest Police Department", city="HILLCREST")
    draft = start_draft(client)
    page = html(client.get(step_url(draft, "agency"), {"q": "riverton"}))
    assert 'type="radio" name="agency"' in page
    assert "Riverton Police Department" in page
    assert "Hillcrest" not in page
    assert "1 agency matches." in page
    # An ORI finds the agency too.
    assert "Riverton Police Department" in html(
        client.get(step_url(draft, "agency"), {"q": "VA0420000"})
    )


@pytest.mark.django_db
def test_the_htmx_search_returns_the_results_fragment(client, agency):
    response = client.get(
        reverse("intake:agency_search"), {"q": "Riverton"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    page = html(response)
    assert page.lstrip().startswith('<div id="agency-results">')
    assert f'value="{agency.pk}"' in page
    assert 'hx-swap-oob="true"' in page
    assert "<html" not in page


@pytest.mark.django_db
def test_an_unknown_ori_is_answered_with_a_clear_message(client, agency):
    draft = start_draft(client)
    page = html(client.get(step_url(draft, "agency"), {"q": "ZZ9999999"}))
    assert "No agency in the directory has the ORI “ZZ9999999”" in page
    fragment = html(client.get(reverse("intake:agency_search"), {"q": "zz9999999"}))
    assert "No agency in the directory has the ORI “ZZ9999999”" in fragment


@pytest.mark.django_db
def test_a_forged_state_in_the_search_is_an_error_not_a_crash(client, agency):
    draft = start_draft(client)
    response = client.get(step_url(draft, "agency"), {"q": "Riverton", "state": "99999"})
    assert response.status_code == 200
    assert "Choose a state or territory from the list." in html(response)
    fragment = client.get(reverse("intake:agency_search"), {"q": "Riverton", "state": "x"})
    assert fragment.status_code == 200


@pytest.mark.django_db
def test_the_chosen_agency_stays_chosen_when_the_step_is_shown_again(client, agency):
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    page = html(client.get(step_url(draft, "agency")))
    assert re.search(rf'value="{agency.pk}"[^>]*checked', page)


# --- step 2: you ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_you_step_requires_each_answer_with_its_own_message(client):
    draft = start_draft(client)
    response = client.post(step_url(draft, "you"), {"action": "continue"})
    form = response.context["form"]
    assert form.errors["requester_name"] == ["Enter your full name."]
    assert form.errors["requester_title"] == ["Enter your title or position in the agency."]
    assert form.errors["requester_email"] == ["Enter your email address."]
    assert form.errors["requester_phone"] == ["Enter a phone number we can reach you at."]
    assert form.errors["password1"] == ["Create a password for your account."]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_you_step_checks_email_phone_and_passwords(client):
    draft = start_draft(client)
    data = {
        **you_answers(),
        "requester_email": "not-an-email",
        "requester_phone": "12",
        "password2": "something else entirely 99",
    }
    form = client.post(step_url(draft, "you"), data).context["form"]
    assert form.errors["requester_email"] == ["Enter an email address like name@agency.gov."]
    assert "area code" in form.errors["requester_phone"][0]
    assert form.errors["password2"] == ["The two passwords are not the same. Type them again."]


@pytest.mark.django_db
def test_you_step_applies_the_password_validators(client):
    draft = start_draft(client)
    data = {**you_answers(), "password1": "password", "password2": "password"}
    errors = " ".join(client.post(step_url(draft, "you"), data).context["form"].errors["password1"])
    assert "too short" in errors
    assert "too common" in errors


@pytest.mark.django_db
def test_you_step_creates_the_account_without_signing_in(client, agency):
    draft = start_draft(client)
    response = client.post(step_url(draft, "you"), you_answers("Pat.Rivera@Riverton.gov"))
    assert response.url == step_url(draft, "authorization")
    user = User.objects.get(email="pat.rivera@riverton.gov")
    assert user.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session
    draft.refresh_from_db()
    # The draft stays with the browser session until the person signs in.
    assert draft.requester_id is None
    assert draft.requester_email == "pat.rivera@riverton.gov"
    assert client.get(step_url(draft, "authorization")).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_requester_is_prefilled_and_creates_no_account(client, agency):
    user = UserFactory(full_name="Dana Cruz", title="Captain", email="dana@riverton.gov")
    client.force_login(user)
    draft = start_draft(client)
    assert draft.requester == user
    page = html(client.get(step_url(draft, "you")))
    assert 'value="Dana Cruz"' in page
    assert "password1" not in page
    response = client.post(
        step_url(draft, "you"), you_answers("dana@riverton.gov", with_account=False)
    )
    assert response.status_code == 302
    assert User.objects.count() == 1
    draft.refresh_from_db()
    assert draft.requester_phone == "555-201-4477"


@pytest.mark.django_db
def test_an_agency_member_starts_with_their_agency_chosen(client, agency):
    from continuum.accounts.tests.factories import AgencyMembershipFactory

    client.force_login(AgencyMembershipFactory(agency=agency).user)
    draft = start_draft(client)
    assert draft.agency == agency
    page = html(client.get(step_url(draft, "agency")))
    assert re.search(rf'value="{agency.pk}"[^>]*checked', page)


@pytest.mark.django_db
def test_signing_in_mid_way_keeps_the_session_draft_and_claims_it(client, agency):
    user = UserFactory(email="dana@riverton.gov")
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    client.force_login(user)
    response = client.post(
        step_url(draft, "you"), you_answers("dana@riverton.gov", with_account=False)
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.requester == user
    assert draft.agency == agency


# --- step 3: authorization --------------------------------------------------------------------


@pytest.mark.django_db
def test_authorization_requires_the_chief_and_both_attestations(client):
    draft = start_draft(client)
    form = client.post(step_url(draft, "authorization"), {"action": "continue"}).context["form"]
    assert form.errors["chief_name"] == ["Enter the chief executive's full name."]
    assert form.errors["chief_title"] == ["Enter the chief executive's title."]
    assert form.errors["chief_email"] == ["Enter the chief executive's email address."]
    assert form.errors["attests_voluntary"] == [
        "Confirm that your agency asks for this assistance voluntarily."
    ]
    assert form.errors["attests_chief_supports"] == [
        "Confirm that your chief executive supports this request."
    ]


@pytest.mark.django_db
def test_authorization_is_saved(client):
    draft = start_draft(client)
    response = client.post(step_url(draft, "authorization"), authorization_answers())
    assert response.url == step_url(draft, "needs")
    draft.refresh_from_db()
    assert (draft.chief_email, draft.attests_voluntary, draft.attests_chief_supports) == (
        "chief.morgan@riverton.gov",
        True,
        True,
    )


# --- step 4: what you need --------------------------------------------------------------------


@pytest.mark.django_db
def test_needs_step_groups_active_services_by_program_with_their_summaries(client):
    retired = ServiceFactory(
        program=Service.objects.get(slug="policy-review").program,
        name="Retired service",
        is_active=False,
    )
    draft = start_draft(client)
    page = html(client.get(step_url(draft, "needs")))
    for legend in ("(CRI-TAC)", "Critical Response", "Organizational Assessment"):
        assert legend in page
    cri_tac, bias_audit = page.index("(CRI-TAC)"), page.index("Bias audit")
    assert cri_tac < bias_audit < page.index("Organizational Assessment</legend>")
    assert "Training needs assessment" in page  # needs-assessment kinds are listed
    policy = Service.objects.get(slug="policy-review")
    assert f'<span class="usa-checkbox__label-description">{policy.summary}' in page.replace(
        "&#x27;", "'"
    )
    assert "Retired service" not in page
    assert f'name="services" class="usa-checkbox__input" value="{retired.pk}"' not in page


@pytest.mark.django_db
def test_needs_step_requires_a_service_or_not_sure_and_the_other_answers(client):
    draft = start_draft(client)
    form = client.post(step_url(draft, "needs"), {"action": "continue"}).context["form"]
    assert "Choose at least one kind of help" in form.errors["services"][0]
    assert form.errors["concern_scope"] == ["Choose how wide the issue is."]
    assert form.errors["narrative"] == [
        "Tell us what happened, or what your agency wants to change."
    ]
    assert form.errors["desired_timeframe"] == ["Choose when you would like the help to start."]
    assert form.errors["has_critical_incident"] == [
        "Answer yes or no: is this about a critical incident?"
    ]


@pytest.mark.django_db
def test_not_sure_is_enough_without_a_service(client):
    draft = start_draft(client)
    data = {**needs_answers(incident=False), "services": [], "not_sure": "on"}
    assert client.post(step_url(draft, "needs"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.not_sure and not draft.services.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["999999", "abc"])
def test_a_forged_service_id_is_a_field_error(client, forged):
    draft = start_draft(client)
    data = {**needs_answers(), "services": [forged]}
    response = client.post(step_url(draft, "needs"), data)
    assert response.status_code == 200
    assert errors_of(response, "services")
    assert not draft.services.exists()


@pytest.mark.django_db
def test_an_inactive_service_or_program_cannot_be_chosen(client):
    retired = ServiceFactory(
        program=Service.objects.get(slug="policy-review").program, is_active=False
    )
    draft = start_draft(client)
    response = client.post(step_url(draft, "needs"), {**needs_answers(), "services": [retired.pk]})
    assert "not offered now" in errors_of(response, "services")[0]
    program = Service.objects.get(slug="bias-audit").program
    program.is_active = False
    program.save()
    response = client.post(step_url(draft, "needs"), needs_answers(services=("bias-audit",)))
    assert "not offered now" in errors_of(response, "services")[0]


@pytest.mark.django_db
def test_a_forged_topic_is_a_field_error(client):
    draft = start_draft(client)
    response = client.post(step_url(draft, "needs"), {**needs_answers(), "topics": ["999999"]})
    assert "not in the list" in errors_of(response, "topics")[0]


@pytest.mark.django_db
def test_an_over_long_narrative_gets_a_clear_message_and_is_kept(client):
    draft = start_draft(client)
    too_long = "x" * (NARRATIVE_MAX + 25)
    response = client.post(step_url(draft, "needs"), {**needs_answers(), "narrative": too_long})
    assert response.status_code == 200
    assert errors_of(response, "narrative") == [
        f"Your description is {NARRATIVE_MAX + 25:,} characters long. Shorten it to "
        f"{NARRATIVE_MAX:,} characters or fewer (remove 25)."
    ]
    assert too_long in html(response)  # nothing typed is lost
    draft.refresh_from_db()
    assert draft.narrative == ""


@pytest.mark.django_db
def test_needs_answers_are_saved_with_topics_and_goals(client):
    draft = start_draft(client)
    topic = Topic.objects.active().first()
    data = {**needs_answers(incident=False), "topics": [topic.pk]}
    client.post(step_url(draft, "needs"), data)
    draft.refresh_from_db()
    assert list(draft.topics.all()) == [topic]
    assert list(draft.services.values_list("slug", flat=True)) == ["policy-review"]


# --- step 5: critical incident ----------------------------------------------------------------


@pytest.fixture
def incident_draft(client):
    draft = start_draft(client)
    client.post(step_url(draft, "needs"), needs_answers(incident=True))
    return draft


@pytest.mark.django_db
def test_incident_step_requires_its_answers(client, incident_draft):
    form = client.post(step_url(incident_draft, "incident"), {"action": "continue"}).context["form"]
    assert form.errors["incident_date"] == ["Enter the date of the incident."]
    assert form.errors["incident_kind"] == ["Choose what kind of incident it was."]
    assert form.errors["incident_public_attention"] == [
        "Choose how much public attention it has drawn."
    ]
    assert "under way" in form.errors["other_reviews_underway"][0]


@pytest.mark.django_db
def test_an_incident_date_in_the_future_is_refused(client, incident_draft):
    data = {**incident_answers(), "incident_date": "1/1/2999"}
    response = client.post(step_url(incident_draft, "incident"), data)
    assert errors_of(response, "incident_date") == [
        "The date of the incident cannot be in the future."
    ]
    response = client.post(
        step_url(incident_draft, "incident"), {**incident_answers(), "incident_date": "31/31/24"}
    )
    assert errors_of(response, "incident_date") == [
        "Enter the date of the incident like this: 3/14/2025."
    ]


@pytest.mark.django_db
def test_other_reviews_under_way_need_a_description(client, incident_draft):
    data = {**incident_answers(), "other_reviews_detail": ""}
    response = client.post(step_url(incident_draft, "incident"), data)
    assert errors_of(response, "other_reviews_detail") == [
        "Tell us which reviews or investigations are under way."
    ]
    response = client.post(step_url(incident_draft, "incident"), incident_answers())
    assert response.url == step_url(incident_draft, "review")
    incident_draft.refresh_from_db()
    assert incident_draft.incident_date.isoformat() == "2024-03-14"
    assert incident_draft.other_reviews_underway is True


# --- errors keep what was typed ---------------------------------------------------------------


@pytest.mark.django_db
def test_an_error_re_renders_the_step_with_everything_typed(client):
    draft = start_draft(client)
    data = {**authorization_answers(), "chief_email": "bad", "attests_voluntary": ""}
    page = html(client.post(step_url(draft, "authorization"), data))
    assert 'value="Alex Morgan"' in page
    assert 'value="Chief of Police"' in page
    assert 'value="bad"' in page
    assert re.search(r'name="attests_chief_supports"[^>]*checked', page)


# --- save and finish later, and resume -----------------------------------------------------------


@pytest.mark.django_db
def test_save_and_finish_later_keeps_a_half_done_step(client):
    draft = start_draft(client)
    data = {"narrative": "We are still writing this.", "action": "later"}
    response = client.post(step_url(draft, "needs"), data)
    assert response.url == reverse("intake:request_start")
    draft.refresh_from_db()
    assert draft.narrative == "We are still writing this."
    start = html(client.get(reverse("intake:request_start")))
    assert reverse("intake:request_resume", args=[draft.public_id]) in start
    # Values that cannot be stored are still refused when finishing later.
    response = client.post(
        step_url(draft, "needs"), {"narrative": "y" * (NARRATIVE_MAX + 1), "action": "later"}
    )
    assert response.status_code == 200
    assert errors_of(response, "narrative")


@pytest.mark.django_db
def test_a_signed_in_requester_finds_and_resumes_a_draft_under_my_requests(client, agency):
    user = UserFactory()
    client.force_login(user)
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    client.post(step_url(draft, "you"), you_answers(user.email, with_account=False))
    response = client.post(
        step_url(draft, "authorization"), {"chief_name": "Alex Morgan", "action": "later"}
    )
    assert response.url == reverse("intake:my_requests")
    page = html(client.get(reverse("intake:my_requests")))
    resume = reverse("intake:request_resume", args=[draft.public_id])
    assert resume in page
    # Resuming lands on the first unfinished step, with the saved answer in it.
    response = client.get(resume)
    assert response.url == step_url(draft, "authorization")
    assert 'value="Alex Morgan"' in html(client.get(response.url))


@pytest.mark.django_db
def test_resuming_a_finished_draft_goes_to_the_review(client, agency):
    draft = fill_all_steps(client, agency)
    response = client.get(reverse("intake:request_resume", args=[draft.public_id]))
    assert response.url == step_url(draft, "review")


# --- drafts belong to their owner -------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_draft_is_not_visible_to_another_session(client, agency):
    from django.test import Client

    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    stranger = Client()
    for url in (
        step_url(draft, "agency"),
        step_url(draft, "you"),
        step_url(draft, "review"),
        reverse("intake:request_resume", args=[draft.public_id]),
    ):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(step_url(draft, "agency"), agency_answers(agency)).status_code == 404
    assert stranger.post(step_url(draft, "review")).status_code == 404
    signed_in_stranger = Client()
    signed_in_stranger.force_login(UserFactory())
    assert signed_in_stranger.get(step_url(draft, "agency")).status_code == 404


@pytest.mark.django_db
def test_an_account_draft_is_not_visible_to_anyone_else(client, agency):
    from django.test import Client

    draft = fill_all_steps(client, agency)
    other = Client()
    assert other.get(step_url(draft, "needs")).status_code == 404
    other.force_login(UserFactory())
    assert other.get(step_url(draft, "needs")).status_code == 404
    assert other.post(step_url(draft, "review")).status_code == 404
    # The owner's own session works; signing out loses access to the account's draft.
    assert client.get(step_url(draft, "needs")).context["form"] is not None
    client.logout()
    assert client.get(step_url(draft, "needs")).status_code == 404


@pytest.mark.django_db
def test_unknown_steps_and_requests_are_404(client):
    import uuid

    draft = start_draft(client)
    assert client.get(step_url(draft, "agency").replace("agency", "payment")).status_code == 404
    url = reverse("intake:request_step", kwargs={"public_id": uuid.uuid4(), "step": "agency"})
    assert client.get(url).status_code == 404


# --- review and submission ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_lists_unfinished_steps_and_refuses_to_send(client, agency):
    user = UserFactory()
    client.force_login(user)
    draft = start_draft(client)
    client.post(step_url(draft, "agency"), agency_answers(agency))
    client.post(step_url(draft, "you"), you_answers(user.email, with_account=False))
    page = html(client.get(step_url(draft, "review")))
    assert "Some steps are not finished" in page
    assert f'href="{step_url(draft, "authorization")}">Authorization' in page
    response = client.post(step_url(draft, "review"))
    assert response.status_code == 400
    assert "The request could not be sent yet" in html(response)
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT and draft.tracking_number is None


@pytest.mark.django_db
def test_an_anonymous_draft_cannot_be_sent_without_signing_in(client, agency):
    empty = start_draft(client)
    response = client.post(step_url(empty, "review"))
    assert response.status_code == 400  # what is missing is said first
    draft = fill_all_steps(client, agency, sign_in=False)
    response = client.post(step_url(draft, "review"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert response.url.endswith("?next=" + step_url(draft, "review"))
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    # Signing in with the account made at step 2 lets the same session send it.
    client.post(
        reverse("accounts:login"),
        {"username": "pat.rivera@riverton.gov", "password": PASSWORD},
    )
    assert client.post(step_url(draft, "review")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SUBMITTED
    assert draft.requester.email == "pat.rivera@riverton.gov"


@pytest.mark.django_db
def test_a_double_submit_shows_the_existing_tracking_number_and_makes_no_duplicate(client, agency):
    draft = fill_all_steps(client, agency)
    first = client.post(step_url(draft, "review"))
    draft.refresh_from_db()
    number = draft.tracking_number
    # The second tab sends the same review form again.
    second = client.post(step_url(draft, "review"), follow=True)
    assert second.status_code == 200
    page = html(second)
    assert "was not sent again" in page or "sent already" in page
    assert number in page
    assert first.url == second.redirect_chain[-1][0]
    assert AssistanceRequest.objects.exclude(tracking_number=None).count() == 1
    assert TrackingCounter.objects.get().last_number == 1
    # A step posted from a stale tab does not change the sent request.
    response = client.post(step_url(draft, "needs"), needs_answers(incident=False), follow=True)
    assert number in html(response)
    draft.refresh_from_db()
    assert draft.has_critical_incident is True


@pytest.mark.django_db
def test_the_confirmation_page_is_only_for_those_who_may_see_the_request(client, agency):
    from django.test import Client

    draft = fill_all_steps(client, agency)
    client.post(step_url(draft, "review"))
    other = Client()
    other.force_login(UserFactory())
    assert other.get(reverse("intake:request_submitted", args=[draft.public_id])).status_code == 404


@pytest.mark.django_db
def test_the_request_form_is_linked_from_the_navigation(client):
    page = html(client.get(reverse("core:home")))
    assert f'href="{reverse("intake:request_start")}"' in page
    assert f'href="{reverse("intake:my_requests")}"' not in page
    client.force_login(UserFactory())
    page = html(client.get(reverse("core:home")))
    assert f'href="{reverse("intake:my_requests")}"' in page


@pytest.mark.django_db
def test_password_is_never_kept_in_the_draft(client):
    draft = start_draft(client)
    client.post(step_url(draft, "you"), {**you_answers(), "action": "later"})
    draft.refresh_from_db()
    values = " ".join(
        str(v) for v in AssistanceRequest.objects.filter(pk=draft.pk).values()[0].values()
    )
    assert PASSWORD not in values
    assert draft.requester is None
