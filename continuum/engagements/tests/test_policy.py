"""Who sees an engagement and what is in it: the issue's access statements, one example each.

The property test (`continuum/core/tests/test_policy_properties.py`) proves every policy agrees
with itself; these say what the rules are: an expert sees only the engagements they are on (and
loses sight on leaving), provider staff only their organization's, agency members only their
agency's, the requester theirs; team-only events and activities never reach the agency or the
public; deliverables reach the agency from its fact-check on; calendar feeds are their owner's.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.models import MembershipStatus
from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyExecutiveFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.activity.selectors import timeline_for
from continuum.activity.services import event_record
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.core.policy import Audience
from continuum.engagements.choices import DeliverableStatus, EngagementStatus, TeamRole
from continuum.engagements.models import CalendarFeed, Engagement, TeamMember
from continuum.engagements.policy import (
    ACTIVITIES,
    CALENDAR_FEEDS,
    DELIVERABLES,
    ENGAGEMENTS,
    EVALUATIONS,
    FOLLOW_ONS,
    MILESTONES,
    TEAM,
    relation_of,
)
from continuum.intake.tests.factories import RawSubmittedRequestFactory

from .factories import (
    ActivityFactory,
    DeliverableFactory,
    EngagementFactory,
    MilestoneFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_a():
    return AgencyFactory()


@pytest.fixture
def agency_b():
    return AgencyFactory()


@pytest.fixture
def org_a():
    return ProviderOrganizationFactory()


@pytest.fixture
def org_b():
    return ProviderOrganizationFactory()


@pytest.fixture
def requester_a():
    return UserFactory()


def _engagement(agency, provider=None, requester=None, **fields) -> Engagement:
    ar = RawSubmittedRequestFactory(agency=agency, requester=requester or UserFactory())
    return EngagementFactory(assistance_request=ar, provider=provider, **fields)


@pytest.fixture
def engagement_a(agency_a, org_a, requester_a):
    return _engagement(agency_a, org_a, requester_a)


@pytest.fixture
def engagement_b(agency_b, org_b):
    return _engagement(agency_b, org_b)


def _seen(user) -> set[int]:
    return set(ENGAGEMENTS.queryset(user).values_list("pk", flat=True))


def _page(client, user, engagement) -> int:
    client.force_login(user)
    return client.get(engagement.get_absolute_url()).status_code


# --- experts ---------------------------------------------------------------------------------


def test_an_expert_sees_only_the_engagements_they_are_on(client, engagement_a, engagement_b):
    expert = ExpertFactory()
    TeamMemberFactory(engagement=engagement_a, user=expert, role=TeamRole.LEAD_EXPERT)
    assert _seen(expert) == {engagement_a.pk}
    assert ENGAGEMENTS.view(expert, engagement_a)
    assert not ENGAGEMENTS.view(expert, engagement_b)
    assert _page(client, expert, engagement_a) == 200
    assert _page(client, expert, engagement_b) == 404


def test_an_expert_who_leaves_the_team_loses_sight_of_it_and_all_in_it(client, engagement_a):
    expert = ExpertFactory()
    row = TeamMemberFactory(engagement=engagement_a, user=expert, role=TeamRole.EXPERT)
    milestone = MilestoneFactory(engagement=engagement_a)
    activity = ActivityFactory(engagement=engagement_a)
    deliverable = DeliverableFactory(engagement=engagement_a)
    assert MILESTONES.view(expert, milestone) and ACTIVITIES.view(expert, activity)
    assert DELIVERABLES.view(expert, deliverable) and TEAM.view(expert, row)

    TeamMember.objects.filter(pk=row.pk).update(left_at=timezone.now())

    assert _seen(expert) == set()
    for policy, obj in (
        (ENGAGEMENTS, engagement_a),
        (MILESTONES, milestone),
        (ACTIVITIES, activity),
        (DELIVERABLES, deliverable),
        (TEAM, row),
    ):
        assert not policy.view(expert, obj)
        assert not policy.queryset(expert).filter(pk=obj.pk).exists()
    assert _page(client, expert, engagement_a) == 404


@pytest.mark.parametrize("role", [TeamRole.LEAD_EXPERT, TeamRole.EXPERT])
def test_experts_on_the_team_work_but_do_not_staff_or_run_it(engagement_a, role):
    expert = ExpertFactory()
    TeamMemberFactory(engagement=engagement_a, user=expert, role=role)
    relation = relation_of(expert, engagement_a)
    assert relation.working and not relation.agency and not relation.coordinates
    assert ENGAGEMENTS.allows("work", expert, engagement_a)
    for rule in ("staff_team", "manage", "terminate", "withdraw", "accept_agreement"):
        assert not ENGAGEMENTS.allows(rule, expert, engagement_a), rule


# --- provider organizations -------------------------------------------------------------------


def test_provider_staff_see_only_their_organizations_engagements(
    client, agency_a, org_a, engagement_a, engagement_b
):
    unassigned = _engagement(agency_a, provider=None)
    staff_a = ProviderMembershipFactory(organization=org_a).user
    assert _seen(staff_a) == {engagement_a.pk}
    assert ENGAGEMENTS.allows("work", staff_a, engagement_a)
    assert not ENGAGEMENTS.view(staff_a, engagement_b)
    assert not ENGAGEMENTS.view(staff_a, unassigned)
    assert _page(client, staff_a, engagement_b) == 404
    assert _page(client, staff_a, unassigned) == 404


def test_only_the_organizations_coordinator_staffs_its_open_engagements(
    org_a, engagement_a, engagement_b
):
    coordinator = ProviderCoordinatorFactory(organization=org_a).user
    staff = ProviderMembershipFactory(organization=org_a).user
    assert ENGAGEMENTS.allows("staff_team", coordinator, engagement_a)
    assert not ENGAGEMENTS.allows("staff_team", staff, engagement_a)
    assert not ENGAGEMENTS.allows("staff_team", coordinator, engagement_b)
    ended = _engagement(engagement_a.agency, org_a, status=EngagementStatus.CLOSED)
    assert not ENGAGEMENTS.allows("staff_team", coordinator, ended)


# --- the agency side --------------------------------------------------------------------------


def test_verified_agency_members_see_only_their_agencys_engagements(
    client, agency_a, engagement_a, engagement_b
):
    member = AgencyMembershipFactory(agency=agency_a).user
    assert _seen(member) == {engagement_a.pk}
    assert _page(client, member, engagement_a) == 200
    assert _page(client, member, engagement_b) == 404


@pytest.mark.parametrize(
    "status", [MembershipStatus.REQUESTED, MembershipStatus.REFUSED, MembershipStatus.ENDED]
)
def test_a_membership_not_verified_grants_nothing(client, agency_a, engagement_a, status):
    member = AgencyMembershipFactory(
        agency=agency_a,
        status=status,
        refusal_reason="Not the agency's." if status == MembershipStatus.REFUSED else "",
    ).user
    assert _seen(member) == set()
    assert not ENGAGEMENTS.view(member, engagement_a)
    assert _page(client, member, engagement_a) == 404


def test_the_requester_sees_their_engagement_and_no_other(
    client, requester_a, engagement_a, engagement_b
):
    assert _seen(requester_a) == {engagement_a.pk}
    assert relation_of(requester_a, engagement_a).agency
    assert _page(client, requester_a, engagement_a) == 200
    assert _page(client, requester_a, engagement_b) == 404


def test_the_agency_withdraws_and_its_executive_accepts_the_terms(agency_a, engagement_a):
    executive = AgencyExecutiveFactory(agency=agency_a).user
    contact = AgencyMembershipFactory(agency=agency_a).user
    assert ENGAGEMENTS.allows("accept_agreement", executive, engagement_a)
    assert not ENGAGEMENTS.allows("accept_agreement", contact, engagement_a)
    assert ENGAGEMENTS.allows("withdraw", contact, engagement_a)
    assert not ENGAGEMENTS.allows("work", contact, engagement_a)


def test_outsiders_get_404_on_the_page(client, agency_b, org_b, engagement_a):
    other_team = _engagement(agency_b, org_b)
    expert_elsewhere = ExpertFactory()
    TeamMemberFactory(engagement=other_team, user=expert_elsewhere)
    for user in (
        UserFactory(),
        AgencyMembershipFactory(agency=agency_b).user,
        ExpertFactory(),
        expert_elsewhere,
        ProviderMembershipFactory(organization=org_b).user,
        ProviderCoordinatorFactory().user,
    ):
        assert _page(client, user, engagement_a) == 404
        assert not ENGAGEMENTS.view(user, engagement_a)


def test_the_public_sees_no_engagement(client, engagement_a):
    from django.contrib.auth.models import AnonymousUser

    assert _seen(AnonymousUser()) == set()
    response = client.get(engagement_a.get_absolute_url())
    assert response.status_code == 302  # to sign in: no page of an engagement is public
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_and_administrators_see_every_engagement(engagement_a, engagement_b):
    for user in (ProgramStaffFactory(), AdministratorFactory()):
        assert {engagement_a.pk, engagement_b.pk} <= _seen(user)
        assert relation_of(user, engagement_a).audience == Audience.everyone()


# --- team-only material never reaches the agency side or the public --------------------------


@pytest.fixture
def agency_side(agency_a, requester_a, engagement_a):
    """The requester, a verified member, and the agency's point of contact on the team."""
    contact = UserFactory()
    TeamMemberFactory(engagement=engagement_a, user=contact, role=TeamRole.AGENCY_CONTACT)
    return [requester_a, AgencyMembershipFactory(agency=agency_a).user, contact]


@pytest.fixture
def working_side(org_a, engagement_a):
    expert = ExpertFactory()
    TeamMemberFactory(engagement=engagement_a, user=expert, role=TeamRole.LEAD_EXPERT)
    return [expert, ProviderMembershipFactory(organization=org_a).user]


def test_team_only_events_never_reach_the_agency_side(
    client, engagement_a, agency_side, working_side
):
    staff = ProgramStaffFactory()
    event_record(
        actor=staff,
        verb="team_note",
        target=engagement_a,
        note="Chief seems reluctant; plan the second visit carefully.",
        audiences=Audience.PROVIDER,
    )
    event_record(actor=staff, verb="engagement_started", target=engagement_a)
    for user in agency_side:
        audience = relation_of(user, engagement_a).audience
        assert not audience & Audience.PROVIDER
        verbs = [e.verb for e in timeline_for(engagement_a, audience=audience)]
        assert verbs == ["engagement_started"]
        client.force_login(user)
        page = client.get(engagement_a.get_absolute_url())
        assert page.status_code == 200
        assert "reluctant" not in page.content.decode()
    for user in [*working_side, staff]:
        audience = relation_of(user, engagement_a).audience
        verbs = {e.verb for e in timeline_for(engagement_a, audience=audience)}
        assert verbs == {"team_note", "engagement_started"}
    assert not timeline_for(engagement_a, audience=Audience.PUBLIC).filter(verb="team_note")


def test_activities_are_never_the_agency_sides(engagement_a, agency_side, working_side):
    activity = ActivityFactory(engagement=engagement_a)
    for user in agency_side:
        assert not ACTIVITIES.view(user, activity)
        assert not ACTIVITIES.queryset(user).exists()
    for user in working_side:
        assert ACTIVITIES.view(user, activity)
        assert not ACTIVITIES.audience_of(user, activity) & Audience.AGENCY
    # Events on an activity are the team's unless a service says otherwise.
    assert not ACTIVITIES.event_audience("activity_logged") & Audience.AGENCY
    event = event_record(actor=working_side[0], verb="activity_logged", target=activity)
    assert not event.audiences & Audience.AGENCY


@pytest.mark.parametrize("status", DeliverableStatus.values)
def test_deliverables_reach_the_agency_from_its_fact_check_on(
    engagement_a, agency_side, working_side, status
):
    deliverable = DeliverableFactory(engagement=engagement_a, status=status)
    shown = status in {
        DeliverableStatus.AGENCY_FACT_CHECK,
        DeliverableStatus.PROGRAM_APPROVAL,
        DeliverableStatus.FINAL,
        DeliverableStatus.PUBLISHED,
    }
    for user in agency_side:
        assert DELIVERABLES.view(user, deliverable) is shown
        assert DELIVERABLES.queryset(user).filter(pk=deliverable.pk).exists() is shown
    for user in working_side:
        assert DELIVERABLES.view(user, deliverable)
    for user in (UserFactory(), ExpertFactory(), AgencyMembershipFactory().user):
        assert not DELIVERABLES.view(user, deliverable)


def test_the_evaluation_is_the_agency_sides_and_follow_ons_are_staffs(
    engagement_a, agency_side, working_side
):
    from continuum.engagements.models import Evaluation, FollowOn

    evaluation = Evaluation.objects.create(
        engagement=engagement_a, token_hash="e" * 64, sent_to="chief@example.gov"
    )
    deeper = RawSubmittedRequestFactory(agency=engagement_a.agency)
    follow_on = FollowOn.objects.create(
        engagement=engagement_a,
        assistance_request=deeper,
        program=engagement_a.program,
        reason="Deeper.",
    )
    staff = ProgramStaffFactory()
    for user in agency_side:
        assert EVALUATIONS.view(user, evaluation)
        assert not FOLLOW_ONS.view(user, follow_on)
    for user in working_side:
        assert not EVALUATIONS.view(user, evaluation)
        assert not FOLLOW_ONS.view(user, follow_on)
    assert EVALUATIONS.view(staff, evaluation) and FOLLOW_ONS.view(staff, follow_on)


# --- calendar feeds ---------------------------------------------------------------------------


def test_a_calendar_feed_is_its_owners_alone(engagement_a):
    owner = ExpertFactory()
    TeamMemberFactory(engagement=engagement_a, user=owner)
    feed = CalendarFeed.objects.create(user=owner, secret_hash="f" * 64)
    assert CALENDAR_FEEDS.view(owner, feed)
    assert list(CALENDAR_FEEDS.queryset(owner)) == [feed]
    teammate = ExpertFactory()
    TeamMemberFactory(engagement=engagement_a, user=teammate)
    for user in (
        teammate,
        ProgramStaffFactory(),
        AdministratorFactory(),
        UserFactory(),
        UserFactory(is_active=False),
    ):
        assert not CALENDAR_FEEDS.view(user, feed)
        assert not CALENDAR_FEEDS.queryset(user).exists()
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert not CALENDAR_FEEDS.view(owner, feed)


def test_the_teams_internal_review_of_a_deliverable_never_reaches_the_agency(
    engagement_a, agency_side, working_side
):
    deliverable = DeliverableFactory(
        engagement=engagement_a, status=DeliverableStatus.AGENCY_FACT_CHECK
    )
    lead = working_side[0]
    # Its history before the agency saw it: recorded as the transition table records it.
    event_record(actor=lead, verb="deliverable_submitted", target=deliverable)
    event_record(
        actor=lead,
        verb="deliverable_returned",
        target=deliverable,
        from_state=DeliverableStatus.INTERNAL_REVIEW,
        to_state=DeliverableStatus.DRAFTING,
        note="The data section is thin; redo the stop analysis.",
    )
    event_record(actor=lead, verb="deliverable_sent_to_agency", target=deliverable)
    for user in agency_side:
        audience = DELIVERABLES.audience_of(user, deliverable)
        verbs = [e.verb for e in timeline_for(deliverable, audience=audience)]
        assert verbs == ["deliverable_sent_to_agency"], verbs
    for user in working_side:
        audience = DELIVERABLES.audience_of(user, deliverable)
        assert timeline_for(deliverable, audience=audience).count() == 3


def test_the_agency_sees_its_own_return_with_corrections(engagement_a, agency_side, working_side):
    deliverable = DeliverableFactory(
        engagement=engagement_a, status=DeliverableStatus.AGENCY_FACT_CHECK
    )
    event_record(
        actor=agency_side[0],
        verb="deliverable_corrections_requested",
        target=deliverable,
        note="The arrest counts for 2024 are wrong.",
    )
    for user in [*agency_side, *working_side]:
        audience = DELIVERABLES.audience_of(user, deliverable)
        verbs = [e.verb for e in timeline_for(deliverable, audience=audience)]
        assert verbs == ["deliverable_corrections_requested"], verbs
