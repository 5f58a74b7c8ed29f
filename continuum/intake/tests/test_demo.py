"""Demo requests: realistic spread, made through the services, idempotent."""

import collections
import datetime

import pytest
from django.core import mail
from django.utils import timezone

from continuum.accounts.demo import DemoReport, demo_accounts_seed
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.engagements.models import Engagement
from continuum.intake import selectors
from continuum.intake.choices import RequestStatus
from continuum.intake.demo import SCENARIOS, seed_requests
from continuum.intake.models import AssistanceRequest

pytestmark = pytest.mark.django_db

STATES = [("VA", "51"), ("MD", "24"), ("AK", "02"), ("TX", "48"), ("OH", "39"), ("GU", "66")]
TYPES = ["municipal", "sheriff", "state_police", "tribal", "university", "special", "other"]


@pytest.fixture
def directory():
    states = [
        StateFactory(usps=usps, fips=fips, name=f"State {usps}", ori_prefix=usps)
        for usps, fips in STATES
    ]
    agencies = []
    for n in range(21):
        agencies.append(
            AgencyFactory(
                agency_type=TYPES[n % len(TYPES)],
                jurisdiction_level="tribal" if TYPES[n % len(TYPES)] == "tribal" else "local",
                state=states[n % len(states)],
                population_served=[8_000, 150_000, 900_000][n % 3],
            )
        )
    return agencies


def test_the_scenarios_cover_every_status():
    assert len(SCENARIOS) == 40


@pytest.mark.date_sensitive  # dated back from today; some must be overdue
def test_seed_requests_spreads_statuses_states_and_dates_once(directory):
    report = DemoReport()
    assert seed_requests(report=report) == 40
    assert report.lines == ["Created 40 demo requests."]
    statuses = collections.Counter(AssistanceRequest.objects.values_list("status", flat=True))
    assert statuses == {
        "draft": 4,
        "submitted": 6,
        "in_review": 7,
        "needs_information": 5,
        "accepted": 8,
        "declined": 3,
        "referred": 3,
        "withdrawn": 4,
    }
    submitted = AssistanceRequest.objects.exclude(status=RequestStatus.DRAFT)
    assert all(ar.tracking_number for ar in submitted)
    oldest = min(ar.submitted_at for ar in submitted)
    assert timezone.now() - oldest > datetime.timedelta(days=110)
    assert Engagement.objects.count() == 8
    assert len({ar.agency.state_id for ar in submitted if ar.agency_id}) == len(STATES)
    assert submitted.filter(agency__isnull=True).count() == 1  # one agency not in the directory
    programs = set(submitted.values_list("recommended_program__slug", flat=True))
    assert programs == {"cri-tac", "critical-response", "organizational-assessment"}
    assert mail.outbox == []  # demo data sends no email

    # Dates are consistent: events in order, submission before decision, nothing in the future.
    for ar in submitted.filter(status__in=["accepted", "declined", "referred"]):
        events = list(Event.objects.for_target(ar))
        assert events[0].created_at <= ar.submitted_at <= ar.decided_at <= timezone.now()
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)

    # Some requests wait past the first-response target.
    staff = submitted.exclude(reviewer=None).first().reviewer
    counts = selectors.queue_counts(viewer=staff, filters={})
    assert counts["total"] == 36 and counts["overdue"] >= 2

    # Seeding again adds nothing.
    report = DemoReport()
    assert seed_requests(report=report) == 0
    assert AssistanceRequest.objects.count() == 40
    assert "exist already" in report.lines[0]


def test_the_demo_agency_contact_follows_three_requests(directory):
    AgencyFactory(ori9="MI8121800", name="Ann Arbor Police Department")
    users = demo_accounts_seed(DemoReport())
    seed_requests()
    contact = users["contact"]
    mine = selectors.requests_visible_to(contact)
    assert mine.count() == 3
    assert {ar.status for ar in mine} == {"submitted", "needs_information", "accepted"}


def test_no_directory_no_requests():
    report = DemoReport()
    assert seed_requests(report=report) == 0
    assert "No agencies" in report.lines[0]


def test_seed_demo_requests_command_runs_and_is_refused_in_production(db, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_requests", "--count", "3", stdout=out)
    assert "Demo requests are ready" in out.getvalue()

    settings.CONTINUUM = {**settings.CONTINUUM, "DEMO_DATA_ALLOWED": False}
    with pytest.raises(CommandError, match="Demo data is turned off"):
        call_command("seed_demo_requests", stdout=StringIO())
