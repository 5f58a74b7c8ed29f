"""The national dashboard: figures computed from the working tables (drafts never count, small
request counts suppressed), published by program staff or the scheduler, and a public page that
reads only the latest published figures."""

from __future__ import annotations

import datetime
import hashlib
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory
from continuum.activity.models import Event
from continuum.agencies.choices import AgencyType
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.catalog.tests.factories import TopicFactory
from continuum.engagements.models import Evaluation
from continuum.engagements.tests.factories import EngagementFactory
from continuum.intake.tests.factories import (
    AssistanceRequestFactory,
    RawSubmittedRequestFactory,
    program,
)
from continuum.reporting.dashboard import dashboard_compute, dashboard_publish
from continuum.reporting.models import DashboardSnapshot
from continuum.reporting.tests.factories import DashboardSnapshotFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)
_tokens = itertools.count(1)


def _by_key(rows: list[dict]) -> dict[str, dict]:
    return {row["key"]: row for row in rows}


def _submitted(agency, *, days_to_response=None, topics=()):
    submitted = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
    ar = RawSubmittedRequestFactory(
        agency=agency,
        submitted_at=submitted,
        first_response_at=(
            submitted + datetime.timedelta(days=days_to_response)
            if days_to_response is not None
            else None
        ),
    )
    ar.topics.set(topics)
    return ar


def _evaluation(engagement, effectiveness):
    return Evaluation.objects.create(
        engagement=engagement,
        token_hash=hashlib.sha256(str(next(_tokens)).encode()).hexdigest(),
        sent_to="chief@example.gov",
        completed_at=timezone.now(),
        effectiveness=effectiveness,
        satisfaction=4,
    )


def test_requests_are_counted_once_submitted_and_small_counts_are_suppressed():
    texas = StateFactory(usps="TX", fips="48", name="Texas", ori_prefix="TX")
    new_mexico = StateFactory(usps="NM", fips="35", name="New Mexico", ori_prefix="NM")
    oklahoma = StateFactory(usps="OK", fips="40", name="Oklahoma", ori_prefix="OK")
    busy = AgencyFactory(state=texas, agency_type=AgencyType.MUNICIPAL)
    lone = AgencyFactory(state=new_mexico, agency_type=AgencyType.SHERIFF)
    popular = TopicFactory(name="Dashboard topic: often asked")
    rare = TopicFactory(name="Dashboard topic: rarely asked")
    for days in (1, 2, 4, None):
        _submitted(busy, days_to_response=days, topics=[popular])
    _submitted(lone, topics=[popular, rare])
    drafts = [AssistanceRequestFactory(agency=AgencyFactory(state=oklahoma)) for _ in range(3)]
    assert all(d.submitted_at is None for d in drafts)

    figures = dashboard_compute(as_of=TODAY)
    requests = figures["requests"]
    assert requests["total"] == {"key": "total", "label": "All", "count": 5, "suppressed": False}
    states = _by_key(requests["by_state"])
    assert states["TX"]["count"] == 4 and states["TX"]["label"] == "Texas"
    assert states["NM"] == {"key": "NM", "label": "New Mexico", "count": None, "suppressed": True}
    assert "OK" not in states  # drafts never count
    types = _by_key(requests["by_agency_type"])
    assert types["municipal"]["count"] == 4 and types["sheriff"]["suppressed"]
    assert _by_key(requests["by_year"])["2026"]["count"] == 5
    topics = figures["top_topics"]
    assert [t["label"] for t in topics] == [popular.name, rare.name]
    assert topics[0]["count"] == 5 and topics[1]["suppressed"]
    # 1, 2 and 4 days: the median is 2
    assert figures["first_response"] == {"median_days": 2.0, "measured": 3, "suppressed": False}


def test_engagements_by_program_and_the_share_rated_effective():
    cri_tac = EngagementFactory()
    EngagementFactory()
    critical = EngagementFactory(program=program("critical-response"))
    _evaluation(cri_tac, "effective")
    _evaluation(critical, "partly")
    figures = dashboard_compute(as_of=TODAY)
    engagements = figures["engagements"]
    assert engagements["total"]["count"] == 3
    by_program = _by_key(engagements["by_program"])
    # engagement counts are not suppressed: engagements are the program's public work
    assert by_program["cri-tac"]["count"] == 2 and by_program["critical-response"]["count"] == 1
    assert figures["effective"]["answered"] == 2 and figures["effective"]["share"] == 0.5


def test_publishing_is_for_program_staff_and_the_page_shows_the_latest_published():
    staff = ProgramStaffFactory()
    member = AgencyMembershipFactory().user
    for _ in range(3):
        _submitted(AgencyFactory())
    with pytest.raises(PermissionDenied):
        dashboard_publish(actor=member)
    assert not DashboardSnapshot.objects.exists()
    snapshot = dashboard_publish(actor=staff)
    assert snapshot.published_at is not None and snapshot.published_by == staff
    assert snapshot.figures["requests"]["total"]["count"] == 3
    assert Event.objects.filter(verb="dashboard_published", actor=staff).exists()
    # computed later but never published: the public never sees it
    DashboardSnapshotFactory(figures={"requests": {"total": {"count": 999}}})

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(reverse("portal:dashboard"))
    assert response.status_code == 200
    assert len(queries) == 1  # the latest published figures, nothing else
    text = response.content.decode()
    assert "Requests for assistance submitted: 3" in text and "999" not in text
    assert "fewer than 3" in text  # each agency's state is its own small group
    assert text.count('class="chart"') == text.count("The numbers of the chart") > 0


def test_the_page_before_the_first_publication():
    response = Client().get(reverse("portal:dashboard"))
    assert "The dashboard has not been published yet." in response.content.decode()


def test_the_staff_page_publishes_and_others_get_404():
    staff = ProgramStaffFactory()
    client = Client()
    client.force_login(staff)
    url = reverse("portal:dashboard_manage")
    assert "has never been published" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and DashboardSnapshot.objects.count() == 1
    assert "The public dashboard shows the figures as of" in client.get(url).content.decode()
    outsider = Client()
    outsider.force_login(AgencyMembershipFactory().user)
    assert outsider.post(url).status_code == 404
    assert DashboardSnapshot.objects.count() == 1


def test_the_scheduler_command_publishes():
    call_command("dashboard_publish", stdout=open("/dev/null", "w"))  # noqa: SIM115
    snapshot = DashboardSnapshot.objects.get()
    assert snapshot.published_at is not None and snapshot.published_by is None
    assert snapshot.as_of == TODAY
