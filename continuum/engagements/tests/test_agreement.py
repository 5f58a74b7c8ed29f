"""The engagement agreement: staff prepare it, only the agency's chief executive accepts it, the
accepted text never changes, and the start of work needs it."""

import datetime

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
    address_verify,
)
from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed
from continuum.engagements.choices import EngagementStatus, TeamRole
from continuum.engagements.models import Agreement, TeamMember
from continuum.engagements.services.agreement import agreement_accept, agreement_prepare
from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory
from continuum.engagements.workflow import ENGAGEMENT_MACHINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    engagement = EngagementFactory(scope="Review of the use-of-force policy and its training.")
    chief = AgencyExecutiveFactory(
        agency=engagement.agency, user__full_name="Dana Brooks", user__title="Chief of Police"
    ).user
    address_verify(chief.email)
    contact = AgencyMembershipFactory(
        agency=engagement.agency, user__full_name="Sam Ortiz", user__title="Captain"
    ).user
    staff = ProgramStaffFactory()
    return {"engagement": engagement, "chief": chief, "contact": contact, "staff": staff}


def _prepare(world, **kwargs):
    return agreement_prepare(
        actor=world["staff"],
        engagement=world["engagement"],
        point_of_contact=kwargs.pop("point_of_contact", world["contact"]),
        **kwargs,
    )


def test_staff_prepare_plain_terms_from_the_engagement(world):
    agreement = _prepare(world)
    terms = agreement.terms
    assert "Review of the use-of-force policy and its training." in terms
    assert "Sam Ortiz, Captain is the agency's point of contact" in terms
    assert "access to the records, data" in terms
    assert "reviews it" in terms  # the workplan
    assert "conflict of interest" in terms
    assert "may withdraw at any time" in terms
    assert agreement.prepared_by == world["staff"] and not agreement.is_accepted
    # The point of contact is on the team as the agency's contact.
    member = TeamMember.objects.get(engagement=world["engagement"], role=TeamRole.AGENCY_CONTACT)
    assert member.user == world["contact"] and member.left_at is None
    assert Event.objects.for_target(world["engagement"]).filter(verb="agreement_prepared").exists()


def test_the_chief_executive_is_emailed_at_a_verified_address_only(world):
    unverified_chief = AgencyExecutiveFactory(agency=world["engagement"].agency).user
    _prepare(world)
    message = OutboundMessage.objects.get(template_key="engagements.agreement_ready")
    assert message.recipients == [world["chief"].email]
    assert unverified_chief.email not in message.recipients
    assert "/agreement/" in message.body and "Dana Brooks" in message.body


def test_staff_may_edit_the_terms_and_change_the_contact_before_acceptance(world):
    _prepare(world)
    other = AgencyMembershipFactory(agency=world["engagement"].agency).user
    agreement = _prepare(world, point_of_contact=other, terms="Our own plain words.")
    assert agreement.terms == "Our own plain words."
    assert Agreement.objects.count() == 1
    live = TeamMember.objects.filter(
        engagement=world["engagement"], role=TeamRole.AGENCY_CONTACT, left_at__isnull=True
    )
    assert [m.user for m in live] == [other]
    assert Event.objects.for_target(world["engagement"]).filter(verb="agreement_revised").exists()


@pytest.mark.parametrize(
    "make_contact",
    [
        lambda engagement: AgencyMembershipFactory().user,  # another agency's member
        lambda engagement: UserFactory(),  # nobody's member
        lambda engagement: ExpertFactory(),
    ],
    ids=["other-agency", "no-membership", "expert"],
)
def test_the_contact_must_be_a_verified_member_of_the_agency(world, make_contact):
    with pytest.raises(ValidationError) as caught:
        _prepare(world, point_of_contact=make_contact(world["engagement"]))
    assert "verified member" in str(caught.value)
    assert not Agreement.objects.exists() and not TeamMember.objects.exists()


def test_only_program_staff_prepare(world):
    for actor in (world["chief"], world["contact"], ExpertFactory()):
        with pytest.raises(TransitionForbidden):
            agreement_prepare(
                actor=actor, engagement=world["engagement"], point_of_contact=world["contact"]
            )
    assert not Agreement.objects.exists()


def test_the_chief_executive_accepts_and_the_text_is_kept(world):
    agreement = _prepare(world)
    text = agreement.terms
    accepted = agreement_accept(
        actor=world["chief"], agreement=agreement, name="Dana Brooks", title="Chief of Police"
    )
    accepted.refresh_from_db()
    assert accepted.is_accepted and accepted.accepted_by == world["chief"]
    assert (accepted.accepted_name, accepted.accepted_title) == ("Dana Brooks", "Chief of Police")
    assert accepted.terms == text
    assert Event.objects.for_target(world["engagement"]).filter(verb="agreement_accepted").exists()


def test_nobody_but_the_chief_executive_accepts(world):
    agreement = _prepare(world)
    expert = ExpertFactory()
    TeamMemberFactory(engagement=world["engagement"], user=expert, role=TeamRole.LEAD_EXPERT)
    other_chief = AgencyExecutiveFactory().user
    provider = ProviderMembershipFactory().user
    for actor in (world["contact"], other_chief, expert, provider, world["staff"]):
        with pytest.raises(TransitionForbidden):
            agreement_accept(actor=actor, agreement=agreement, name="X", title="Y")
    agreement.refresh_from_db()
    assert not agreement.is_accepted


def test_a_name_and_title_are_needed(world):
    agreement = _prepare(world)
    with pytest.raises(ValidationError) as caught:
        agreement_accept(actor=world["chief"], agreement=agreement, name=" ", title="")
    assert set(caught.value.message_dict) == {"name", "title"}
    agreement.refresh_from_db()
    assert not agreement.is_accepted


def test_accepted_terms_never_change(world):
    agreement = _prepare(world)
    agreement_accept(actor=world["chief"], agreement=agreement, name="Dana Brooks", title="Chief")
    with pytest.raises(TransitionNotAllowed, match="cannot be changed"):
        _prepare(world, terms="Something else.")
    with pytest.raises(TransitionNotAllowed, match="cannot be changed"):
        agreement_accept(actor=world["chief"], agreement=agreement, name="Again", title="Chief")
    agreement.refresh_from_db()
    assert agreement.terms != "Something else." and agreement.accepted_name == "Dana Brooks"


def test_the_start_of_work_needs_the_accepted_agreement(world):
    engagement = world["engagement"]
    TeamMemberFactory(engagement=engagement, role=TeamRole.LEAD_EXPERT)
    agreement = _prepare(world)
    with pytest.raises(TransitionNotAllowed, match="not accepted the agreement"):
        ENGAGEMENT_MACHINE.apply(actor=world["staff"], obj=engagement, action="start")
    agreement_accept(actor=world["chief"], agreement=agreement, name="Dana Brooks", title="Chief")
    started = ENGAGEMENT_MACHINE.apply(actor=world["staff"], obj=engagement, action="start")
    assert started.status == EngagementStatus.ACTIVE
    with pytest.raises(TransitionNotAllowed):
        _prepare(world)


# --- pages ---------------------------------------------------------------------------------


def _url(name, engagement):
    return reverse(f"engagements:{name}", kwargs={"public_id": engagement.public_id})


def test_staff_prepare_on_the_page_and_the_chief_accepts_on_the_page(client, world):
    engagement = world["engagement"]
    client.force_login(world["staff"])
    page = client.get(_url("agreement_prepare", engagement))
    assert page.status_code == 200 and "Sam Ortiz" in page.content.decode()
    response = client.post(
        _url("agreement_prepare", engagement),
        {"point_of_contact": world["contact"].pk, "terms": ""},
    )
    assert response.status_code == 302
    assert "may withdraw at any time" in Agreement.objects.get().terms

    client.force_login(world["chief"])
    detail = client.get(engagement.get_absolute_url()).content.decode()
    assert "Read and accept the agreement" in detail
    page = client.get(_url("agreement", engagement)).content.decode()
    assert "may withdraw at any time" in page and 'name="confirm"' in page
    refused = client.post(
        _url("agreement", engagement), {"name": "Dana Brooks", "title": "Chief of Police"}
    )
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert not Agreement.objects.get().is_accepted
    accepted = client.post(
        _url("agreement", engagement),
        {"name": "Dana Brooks", "title": "Chief of Police", "confirm": "on"},
    )
    assert accepted.status_code == 302
    assert Agreement.objects.get().accepted_name == "Dana Brooks"
    page = client.get(_url("agreement", engagement)).content.decode()
    assert "Accepted by Dana Brooks, Chief of Police" in page and 'name="confirm"' not in page


def test_the_point_of_contact_reads_but_cannot_accept_on_the_page(client, world):
    _prepare(world)
    client.force_login(world["contact"])
    page = client.get(_url("agreement", world["engagement"])).content.decode()
    assert "may withdraw at any time" in page and 'name="confirm"' not in page
    response = client.post(
        _url("agreement", world["engagement"]),
        {"name": "Sam Ortiz", "title": "Captain", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not Agreement.objects.get().is_accepted


def test_staff_told_plainly_after_acceptance(client, world):
    agreement = _prepare(world)
    agreement_accept(actor=world["chief"], agreement=agreement, name="Dana Brooks", title="Chief")
    client.force_login(world["staff"])
    response = client.post(
        _url("agreement_prepare", world["engagement"]),
        {"point_of_contact": world["contact"].pk, "terms": "New"},
        follow=True,
    )
    assert "can no longer change" in response.content.decode()
    assert Agreement.objects.get().terms == agreement.terms


@pytest.mark.parametrize(
    "make_user",
    [
        UserFactory,
        lambda: AgencyExecutiveFactory().user,  # another agency's chief
        ExpertFactory,  # not on the team
        lambda: ProviderMembershipFactory().user,  # another organization
    ],
    ids=["outsider", "other-agency", "expert-not-on-team", "other-provider"],
)
@pytest.mark.parametrize("name", ["agreement", "agreement_prepare"])
def test_others_get_404(client, world, make_user, name):
    _prepare(world)
    client.force_login(make_user())
    assert client.get(_url(name, world["engagement"])).status_code == 404
    assert client.post(_url(name, world["engagement"]), {}).status_code == 404


def test_the_agency_side_cannot_reach_the_prepare_page(client, world):
    client.force_login(world["chief"])
    assert client.get(_url("agreement_prepare", world["engagement"])).status_code == 404


def test_bad_input_on_the_prepare_page_is_a_message(client, world):
    client.force_login(world["staff"])
    response = client.post(
        _url("agreement_prepare", world["engagement"]),
        {"point_of_contact": "99999999999999999999999", "terms": ""},
    )
    assert response.status_code == 400
    assert "not a verified member" in response.content.decode()
    assert not Agreement.objects.exists()


def test_dates_are_in_the_terms(world):
    engagement = world["engagement"]
    engagement.starts_on = datetime.date(2027, 1, 4)
    engagement.ends_on = datetime.date(2027, 6, 30)
    engagement.save()
    assert "January 4, 2027" in _prepare(world).terms
