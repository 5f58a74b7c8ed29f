"""Demo engagements: every lifecycle state, through the services, idempotent, not in production."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from continuum.accounts.demo import DEMO_AGENCY_ORIS, DemoReport, demo_accounts_seed
from continuum.accounts.models import User
from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.documents.selectors import documents_of_exist
from continuum.engagements.choices import (
    ActivityKind,
    DeliverableStatus,
    EngagementStatus,
    TeamRole,
)
from continuum.engagements.demo import seed_engagements
from continuum.engagements.models import (
    Deliverable,
    Engagement,
    Evaluation,
    ExpertWorkload,
    FollowOn,
    Milestone,
)
from continuum.engagements.policy import ENGAGEMENTS
from continuum.engagements.services.workload import open_engagement_counts
from continuum.intake.demo import seed_requests
from continuum.providers.models import ExpertProfile

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

NOW = datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC)
STATES = [
    ("MI", "26"),
    ("VA", "51"),
    ("TX", "48"),
    ("OH", "39"),
    ("AZ", "04"),
    ("PA", "42"),
    ("AK", "02"),
]
#: The 64 experts, ten engagements and their stories.
QUERY_BUDGET = 20_000  # about 15,700 today

TYPES = ["municipal", "sheriff", "state_police", "tribal", "university", "special", "other"]


@pytest.fixture
def demo_world():
    """A small directory (with the demo agency), the demo accounts and the demo requests."""
    states = [
        StateFactory(usps=usps, fips=fips, name=f"State {usps}", ori_prefix=usps)
        for usps, fips in STATES
    ]
    AgencyFactory(
        ori9=DEMO_AGENCY_ORIS[0],
        name="Ann Arbor Police Department",
        agency_type="municipal",
        state=states[0],
        population_served=120_000,
    )
    for n in range(28):
        kind = TYPES[n % len(TYPES)]
        AgencyFactory(
            agency_type=kind,
            jurisdiction_level="tribal" if kind == "tribal" else "local",
            state=states[n % len(states)],
            population_served=[8_000, 150_000, 900_000][n % 3],
        )
    demo_accounts_seed(DemoReport())
    seed_requests()
    mail.outbox.clear()


def test_seeding_plays_every_state_of_the_lifecycle_once(demo_world):
    events_before = Event.objects.count()
    messages_before = OutboundMessage.objects.count()

    assert seed_engagements(report=DemoReport()) >= 9

    worked = Engagement.objects.filter(team__isnull=False).distinct()
    assert set(worked.values_list("status", flat=True)) == set(EngagementStatus.values)
    # Made through the services: each step left its event; no email queued or sent.
    assert Event.objects.count() > events_before + 100
    assert OutboundMessage.objects.count() == messages_before
    assert mail.outbox == []
    # Planning: one without an agreement, the demo agency's waiting for its chief.
    ann_arbor = worked.get(agency__ori9=DEMO_AGENCY_ORIS[0])
    assert ann_arbor.status == EngagementStatus.PLANNING
    assert ann_arbor.agreement.accepted_at is None
    assert worked.filter(status=EngagementStatus.PLANNING, agreement__isnull=True).exists()
    assert worked.get(status=EngagementStatus.MONITORING).program.slug == (
        "organizational-assessment"
    )
    # Every started engagement has an accepted agreement and a lead expert.
    for engagement in worked.exclude(status=EngagementStatus.PLANNING):
        assert engagement.agreement.is_accepted
        assert engagement.team.filter(role=TeamRole.LEAD_EXPERT).exists()
    closed = Evaluation.objects.filter(engagement__status=EngagementStatus.CLOSED)
    assert closed.count() == 2 and closed.filter(completed_at__isnull=False).count() == 1
    assert FollowOn.objects.filter(engagement__program__slug="cri-tac").exists()
    assert worked.filter(activities__kind=ActivityKind.PEER_EXCHANGE).count() == 2
    assert Milestone.objects.filter(completed_on__isnull=True, due_on__lt="2026-12-03").exists()
    statuses = set(Deliverable.objects.values_list("status", flat=True))
    assert {DeliverableStatus.DRAFTING, DeliverableStatus.PUBLISHED} < statuses
    assert len(statuses) >= 5
    attached = Deliverable.objects.exclude(status=DeliverableStatus.DRAFTING)
    assert attached and all(documents_of_exist(d) for d in attached)
    meetings = Engagement.objects.get(pk=ann_arbor.pk).meetings  # none before the work starts
    assert not meetings.exists()
    assert worked.filter(meetings__starts_at__lt=NOW - datetime.timedelta(days=2)).exists()
    assert worked.filter(meetings__starts_at__gt=NOW + datetime.timedelta(days=1)).exists()
    # The demo expert has a full profile and the pool is seeded.
    assert ExpertProfile.objects.filter(user__email__startswith="expert-").count() == 64
    lena = ExpertProfile.objects.get(user__email="expert@demo.continuum.test")
    assert lena.home_state and lena.expertise.exists() and lena.positions.exists()
    # The services kept each expert's count of open engagements as they staffed and ended them.
    kept = dict(
        ExpertWorkload.objects.filter(open_engagements__gt=0).values_list(
            "user_id", "open_engagements"
        )
    )
    assert kept and kept == open_engagement_counts()

    # A second run adds nothing.
    counts = (Engagement.objects.count(), Event.objects.count(), User.objects.count())
    assert seed_engagements(report=DemoReport()) == 0
    assert (Engagement.objects.count(), Event.objects.count(), User.objects.count()) == counts


def test_each_demo_account_sees_its_engagements(demo_world):
    seed_engagements(report=DemoReport())

    def seen(key: str) -> set[str]:
        user = User.objects.get(email=f"{key}@demo.continuum.test")
        return set(ENGAGEMENTS.queryset(user).values_list("status", flat=True))

    assert {"planning", "active", "reporting", "monitoring", "closed"} <= seen("expert")
    assert {"planning", "active", "reporting", "monitoring", "closed"} <= seen("coordinator")
    assert seen("provider")
    assert seen("chief") == {"planning"} and seen("contact") == {"planning"}
    assert seen("staff") == set(EngagementStatus.values)
    chief = User.objects.get(email="chief@demo.continuum.test")
    engagement = ENGAGEMENTS.queryset(chief).get()
    assert ENGAGEMENTS.allows("accept_agreement", chief, engagement)


def test_seeding_stays_within_a_query_budget(demo_world):
    """A stand-in for "reasonable time" that does not depend on the machine's speed (counted by
    a wrapper: Django's own query log keeps only the last 9,000)."""
    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        seed_engagements(report=DemoReport())
    assert 1_000 < count < QUERY_BUDGET, count


def test_the_command_runs_and_is_refused_in_production(demo_world, settings, capsys):
    call_command("seed_demo_engagements")
    assert "Demo engagements are ready" in capsys.readouterr().out

    settings.CONTINUUM = {**settings.CONTINUUM, "DEMO_DATA_ALLOWED": False}
    with pytest.raises(ImproperlyConfigured):
        seed_engagements(report=DemoReport())
    with pytest.raises(CommandError, match="turned off"):
        call_command("seed_demo_engagements")
