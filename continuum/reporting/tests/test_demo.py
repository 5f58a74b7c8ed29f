"""Demo reports: the San Francisco register and its history, the reviews, idempotent."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from continuum.accounts.demo import DEMO_AGENCY_ORIS, DemoReport, demo_accounts_seed
from continuum.accounts.models import User
from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.engagements.demo import seed_engagements
from continuum.engagements.models import Engagement
from continuum.intake.demo import seed_requests
from continuum.recommendations.choices import ImplementationState
from continuum.recommendations.models import (
    Category,
    ExternalBlocker,
    ImplementationEvidence,
    ImplementationReport,
    Recommendation,
)
from continuum.reporting.choices import ReportState
from continuum.reporting.demo import SF_ORI, SF_STEPS, seed_reports, sf_register_rows
from continuum.reporting.models import DashboardSnapshot, ProgressReport, PublicListing, ReportDue
from continuum.reporting.snapshot import figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
    pytest.mark.date_sensitive,
]

TODAY = datetime.date(2026, 12, 3)
STATES = [
    ("MI", "26"),
    ("VA", "51"),
    ("TX", "48"),
    ("OH", "39"),
    ("AZ", "04"),
    ("PA", "42"),
    ("AK", "02"),
    ("CA", "06"),
]
TYPES = ["municipal", "sheriff", "state_police", "tribal", "university", "special", "other"]


@pytest.fixture
def demo_world():
    """A small directory (with the demo agency and San Francisco PD), the demo accounts,
    requests and engagements."""
    states = {
        usps: StateFactory(usps=usps, fips=fips, name=f"State {usps}", ori_prefix=usps)
        for usps, fips in STATES
    }
    AgencyFactory(
        ori9=DEMO_AGENCY_ORIS[0],
        name="Ann Arbor Police Department",
        agency_type="municipal",
        state=states["MI"],
        population_served=120_000,
    )
    for n in range(24):
        kind = TYPES[n % len(TYPES)]
        AgencyFactory(
            agency_type=kind,
            jurisdiction_level="tribal" if kind == "tribal" else "local",
            state=list(states.values())[n % len(states)],
            population_served=[8_000, 150_000, 900_000][n % 3],
        )
    demo_accounts_seed(DemoReport())
    seed_requests()
    seed_engagements(report=DemoReport())
    # After the demo requests, which would otherwise pick it for one of theirs.
    AgencyFactory(
        ori9=SF_ORI,
        name="San Francisco Police Department",
        agency_type="municipal",
        state=states["CA"],
        population_served=870_000,
    )
    mail.outbox.clear()


def test_the_shipped_numbering_is_san_franciscos():
    rows = sf_register_rows()
    assert len(rows) == 268
    assert len({row["finding_no"] for row in rows}) == 93
    assert not any(row["finding_no"] == "11" for row in rows)
    assert {row["rec_id"] for row in rows} >= {"1.1", "66.0", "69.3"}


def _counts() -> tuple[int, ...]:
    return (
        Engagement.objects.count(),
        Recommendation.objects.count(),
        ProgressReport.objects.count(),
        ImplementationReport.objects.count(),
        DashboardSnapshot.objects.count(),
        Event.objects.count(),
        User.objects.count(),
    )


def test_seeding_builds_the_history_once(demo_world, capsys, client):
    messages_before = OutboundMessage.objects.count()
    call_command("seed_demo_reports")
    out = capsys.readouterr().out
    assert "San Francisco" in out and "Demo reports are ready" in out

    sf = Engagement.objects.get(agency__ori9=SF_ORI, program__slug="organizational-assessment")
    # The register: 268 recommendations under the five objectives, through the import.
    assert sf.recommendations.count() == 268
    per_objective = {
        c.name: Recommendation.objects.filter(finding__category=c).count()
        for c in Category.objects.filter(engagement=sf)
    }
    assert sorted(per_objective.values()) == [32, 54, 54, 60, 68]
    assert Event.objects.filter(verb="register_imported").exists()

    # A published report at each step, dated at the step; figures recompute from the snapshot.
    published = ProgressReport.objects.filter(engagement=sf, state=ReportState.PUBLISHED)
    assert published.count() == len(SF_STEPS) >= 5
    assert sorted(published.values_list("as_of", flat=True)) == SF_STEPS
    last = published.order_by("-as_of").first()
    for report in published:
        assert figures(report.snapshot) == report.snapshot["figures"]
    points = last.snapshot["burndown"]
    assert [p["as_of"] for p in points] == [d.isoformat() for d in SF_STEPS]
    done = [p["done"] for p in points]
    assert done == sorted(done) and done[-1] > done[0]
    assert done[-1] > 100  # more than a third of 268 complete by 2021
    assert last.snapshot["caveats"].startswith("Demonstration data")

    # Progress reports with evidence, accepted by the lead expert; some returned first.
    reports = ImplementationReport.objects.filter(engagement=sf)
    assert reports.filter(state=ImplementationState.ACCEPTED).count() >= 10
    assert reports.filter(state=ImplementationState.RETURNED).count() >= 3
    assert ImplementationEvidence.objects.filter(engagement=sf).count() == reports.count()
    lead = sf.team.get(role="lead_expert").user
    assert lead.email == "expert@demo.continuum.test"
    assert set(reports.exclude(decided_by=None).values_list("decided_by", flat=True)) == {lead.pk}

    # Blockers outside the agency, with the party named; one cleared.
    blockers = ExternalBlocker.objects.filter(engagement=sf)
    kinds = {b.party_kind for b in blockers}
    assert kinds == {"union_bargaining", "city_council", "oversight_body"}
    assert all(b.party_name for b in blockers)
    assert blockers.filter(cleared_on__isnull=False).count() == 1

    # Promised reports: all kept through 2021, one overdue in the past year, the next ahead.
    dues = ReportDue.objects.filter(engagement=sf)
    overdue = dues.filter(fulfilled_by__isnull=True, due_on__lt=TODAY)
    assert overdue.count() == 1 and overdue.get().due_on.year == 2026
    assert dues.filter(fulfilled_by__isnull=False).count() == len(SF_STEPS)
    assert list(
        dues.filter(due_on__gte=datetime.date(2026, 1, 1)).values_list("due_on", flat=True)
    ) == [
        datetime.date(2026, 9, 30),
        datetime.date(2027, 3, 31),
    ]

    # Listed: the assessment and the demo agency's review; the two other reviews are not.
    assert PublicListing.objects.get(engagement=sf).is_listed
    reviews = Engagement.objects.filter(program__slug="critical-response", findings__isnull=False)
    reviews = reviews.distinct()
    assert reviews.count() == 3
    for review in reviews:
        assert 10 <= review.recommendations.count() <= 20
    listed = reviews.filter(public_listing__listed_at__isnull=False)
    ann_arbor = listed.get()
    assert ann_arbor.agency.ori9 == DEMO_AGENCY_ORIS[0]
    assert ann_arbor.public_listing.consent_by.email == "chief@demo.continuum.test"
    assert ann_arbor.progress_reports.filter(state=ReportState.PUBLISHED).count() == 1
    for review in reviews.exclude(pk=ann_arbor.pk):
        assert not PublicListing.objects.filter(engagement=review).exists()
        assert not review.progress_reports.exists()
    # The demo accounts can try it: the contact reported, the demo expert has one to validate.
    waiting = ImplementationReport.objects.get(
        engagement=ann_arbor, state=ImplementationState.SUBMITTED
    )
    assert waiting.submitted_by.email == "contact@demo.continuum.test"

    assert DashboardSnapshot.objects.filter(published_at__isnull=False).count() == 1
    assert OutboundMessage.objects.count() == messages_before and mail.outbox == []

    # What the public sees of it: the list, the assessment's page, its last report and PDF.
    page = client.get(reverse("portal:engagements"))
    assert page.status_code == 200
    assert sf.public_listing.title in page.content.decode()
    page = client.get(reverse("portal:engagement", kwargs={"slug": sf.public_listing.slug}))
    assert page.status_code == 200 and "Overdue" in page.content.decode()
    page = client.get(reverse("portal:report", kwargs={"report_id": last.public_id}))
    assert page.status_code == 200
    assert "San Francisco Police Officers Association" in page.content.decode()
    pdf = client.get(reverse("portal:report_pdf", kwargs={"report_id": last.public_id}))
    assert pdf.status_code == 200 and b"".join(pdf).startswith(b"%PDF")
    assert client.get(reverse("portal:dashboard")).status_code == 200
    # The unlisted reviews' registers never reach the public, the listed review's does.
    for fmt in ("csv", "json"):
        url = reverse("portal:download", kwargs={"name": "recommendations", "fmt": fmt})
        body = b"".join(client.get(url)).decode()
        assert "Have a nurse or paramedic screen every person at booking." in body
        assert "Require a written reason for every consent search." not in body
        assert "Adopt the incident command system" not in body

    # A second run adds nothing.
    before = _counts()
    assert seed_reports(report=DemoReport()) == 0
    assert _counts() == before


def test_refused_in_production(demo_world, settings):
    settings.CONTINUUM = {**settings.CONTINUUM, "DEMO_DATA_ALLOWED": False}
    with pytest.raises(ImproperlyConfigured):
        seed_reports(report=DemoReport())
    with pytest.raises(CommandError, match="turned off"):
        call_command("seed_demo_reports")
