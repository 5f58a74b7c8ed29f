"""Escalation: program staff open a follow-on request into a deeper program, linked both ways and
routed like any request."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from continuum.accounts.tests.factories import (
    AgencyExecutiveFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.activity.models import Event
from continuum.core.workflow import TransitionForbidden
from continuum.engagements.models import FollowOn
from continuum.engagements.services.follow_ons import follow_on_open
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest
from continuum.intake.tests.factories import program, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement():
    return EngagementFactory()  # CRI-TAC, planning


def test_staff_open_a_follow_on_linked_both_ways_and_routed(engagement):
    staff = ProgramStaffFactory()
    original = engagement.assistance_request
    follow_on = follow_on_open(
        actor=staff,
        engagement=engagement,
        program=program("critical-response"),
        reason="A critical incident since the work began needs an after-action review.",
        services=[service("after-action-review")],
    )
    ar = follow_on.assistance_request
    assert ar.status == RequestStatus.SUBMITTED and ar.tracking_number
    assert ar.agency_id == original.agency_id and ar.requester_id == original.requester_id
    assert ar.chief_email == original.chief_email
    assert [s.slug for s in ar.services.all()] == ["after-action-review"] and not ar.not_sure
    assert "after-action review" in ar.narrative and original.tracking_number in ar.narrative
    # Linked both ways.
    assert list(engagement.follow_ons.all()) == [follow_on]
    assert ar.follow_on_of == follow_on and follow_on.program.slug == "critical-response"
    # Routed like any request: intake's submit recorded its recommendation.
    verbs = set(Event.objects.for_target(ar).values_list("verb", flat=True))
    assert {"submitted", "routing_recommended"} <= verbs
    assert Event.objects.for_target(engagement).filter(verb="follow_on_opened").exists()


def test_only_deeper_active_programs(engagement):
    staff = ProgramStaffFactory()
    before = AssistanceRequest.objects.count()
    with pytest.raises(ValidationError) as caught:
        follow_on_open(
            actor=staff, engagement=engagement, program=program("cri-tac"), reason="Again."
        )
    assert "not deeper" in str(caught.value)
    deep = program("organizational-assessment")
    with pytest.raises(ValidationError) as caught:
        follow_on_open(
            actor=staff,
            engagement=engagement,
            program=deep,
            reason="Systemic issues.",
            services=[service("training")],  # a CRI-TAC service
        )
    assert "services" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        follow_on_open(actor=staff, engagement=engagement, program=deep, reason="  ")
    assert "reason" in caught.value.message_dict
    assert AssistanceRequest.objects.count() == before and not FollowOn.objects.exists()


def test_nothing_is_deeper_than_organizational_assessment():
    engagement = EngagementFactory(program=program("organizational-assessment"))
    with pytest.raises(TransitionForbidden):
        follow_on_open(
            actor=ProgramStaffFactory(),
            engagement=engagement,
            program=program("critical-response"),
            reason="Lighter touch.",
        )


def test_only_program_staff(engagement):
    member = AgencyExecutiveFactory(agency=engagement.agency).user
    expert = ExpertFactory()
    TeamMemberFactory(engagement=engagement, user=expert)
    for actor in (member, expert, ProviderMembershipFactory().user):
        with pytest.raises(TransitionForbidden):
            follow_on_open(
                actor=actor,
                engagement=engagement,
                program=program("critical-response"),
                reason="Deeper.",
            )
    assert not FollowOn.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def _new_url(engagement):
    return reverse("engagements:follow_on_new", kwargs={"public_id": engagement.public_id})


def test_staff_open_it_from_the_page_and_both_pages_show_the_link(client, engagement):
    client.force_login(ProgramStaffFactory())
    form = client.get(_new_url(engagement)).content.decode()
    assert "Critical Response" in form and "Organizational Assessment" in form
    response = client.post(
        _new_url(engagement),
        {"program": program("critical-response").pk, "reason": "A critical incident."},
    )
    assert response.status_code == 302
    follow_on = FollowOn.objects.get()
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert follow_on.assistance_request.tracking_number in page
    triage = client.get(
        reverse(
            "intake:triage_detail", kwargs={"public_id": follow_on.assistance_request.public_id}
        )
    ).content.decode()
    assert "Follow-on of the" in triage and engagement.get_absolute_url() in triage


def test_bad_input_is_a_message_and_nothing_is_written(client, engagement):
    client.force_login(ProgramStaffFactory())
    before = AssistanceRequest.objects.count()
    response = client.post(
        _new_url(engagement), {"program": program("cri-tac").pk, "reason": "Same program."}
    )
    assert response.status_code == 400
    assert "Choose a program deeper" in response.content.decode()
    response = client.post(_new_url(engagement), {"program": "x" * 30, "reason": ""})
    assert response.status_code == 400
    assert AssistanceRequest.objects.count() == before and not FollowOn.objects.exists()


def test_the_agency_does_not_see_follow_ons_on_the_engagement_page(client, engagement):
    follow_on_open(
        actor=ProgramStaffFactory(),
        engagement=engagement,
        program=program("critical-response"),
        reason="Deeper.",
    )
    client.force_login(AgencyMembershipFactory(agency=engagement.agency).user)
    page = client.get(engagement.get_absolute_url())
    assert page.status_code == 200
    assert "Follow-on requests" not in page.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        UserFactory,
        lambda e: AgencyMembershipFactory(agency=e.agency).user,  # its own agency: staff's page
        lambda e: AgencyMembershipFactory().user,
        ExpertFactory,
        lambda e: ProviderMembershipFactory().user,
    ],
    ids=["outsider", "own-agency", "other-agency", "expert", "other-provider"],
)
def test_only_staff_reach_the_follow_on_page(client, engagement, make_user):
    try:
        user = make_user(engagement)
    except TypeError:
        user = make_user()
    client.force_login(user)
    assert client.get(_new_url(engagement)).status_code == 404
    assert client.post(_new_url(engagement), {"reason": "x"}).status_code == 404
    assert not FollowOn.objects.exists()
