"""The load benchmark's harness (benchmarks/load.py) stays in working order.

The benchmark itself runs on demand, never here; these tests check its parts at a tiny scale:
the data generator, the addresses it measures (each answers 200 with its own content for its
role, as the benchmark's server will), the bare reference view (under the benchmark's settings
only), the benchmark settings against production's, and the report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from benchmarks import dataset, loadgen, report
from benchmarks.dataset import busiest_agency_id, populate
from benchmarks.load import parse_scales
from benchmarks.targets import targets
from config.urls_benchmark import BARE_VIEW_NAME, BARE_VIEW_PATH, EMPTY_PAGE_NAME, EMPTY_PAGE_PATH
from continuum.accounts.models import AgencyMembership
from continuum.accounts.tests.factories import UserFactory
from continuum.activity.models import Event, OutboundMessage
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.core.policy import Audience
from continuum.intake.models import AssistanceRequest, RequestMessage

ROOT = Path(__file__).resolve().parents[1]


def _settings_of(module: str) -> dict[str, str]:
    """The settings a module defines, as repr strings (imported in a clean child process)."""
    code = (
        f"import importlib, json; m = importlib.import_module({module!r}); "
        "print(json.dumps({k: repr(getattr(m, k)) for k in dir(m) if k.isupper()}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {
        **clean,
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "continuum.example.gov",
        "DATABASE_URL": "postgres://continuum@db.example.gov:5432/continuum",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def benchmark_settings() -> dict[str, str]:
    return _settings_of("config.settings.benchmark")


def test_benchmark_settings_are_productions_but_for_what_the_benchmark_needs(benchmark_settings):
    production = _settings_of("config.settings.production")
    # What the benchmark changes, on purpose (see config/settings/benchmark.py).
    differences = {"ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "ROOT_URLCONF", "MIDDLEWARE"}
    for name in sorted(set(production) | set(benchmark_settings)):
        if name not in differences:
            assert benchmark_settings.get(name) == production.get(name), name
    assert benchmark_settings["DEBUG"] == "False"
    assert benchmark_settings["ALLOWED_HOSTS"] == "['127.0.0.1']"
    assert benchmark_settings["SECURE_SSL_REDIRECT"] == "False"
    assert benchmark_settings["ROOT_URLCONF"] == "'config.urls_benchmark'"
    production_middleware = eval(production["MIDDLEWARE"])  # noqa: S307 - a list of strings
    swapped = [
        "config.urls_benchmark.BenchmarkAccessMapMiddleware"
        if name == "continuum.core.access.AccessMapMiddleware"
        else name
        for name in production_middleware
    ]
    assert eval(benchmark_settings["MIDDLEWARE"]) == swapped  # noqa: S307


def _benchmark_urls(benchmark_settings):
    middleware = eval(benchmark_settings["MIDDLEWARE"])  # noqa: S307 - a list of strings
    return override_settings(ROOT_URLCONF="config.urls_benchmark", MIDDLEWARE=middleware)


@pytest.mark.django_db
def test_the_bare_view_exists_only_under_the_benchmark_settings(client, benchmark_settings):
    # The site's URLconf (the one the URL access walk reads) has neither reference view.
    for name, address in ((BARE_VIEW_NAME, BARE_VIEW_PATH), (EMPTY_PAGE_NAME, EMPTY_PAGE_PATH)):
        with pytest.raises(NoReverseMatch):
            reverse(name)
        with pytest.raises(Resolver404):
            resolve("/" + address)
        assert client.get("/" + address).status_code == 404

    with _benchmark_urls(benchmark_settings):
        answer = Client().get(reverse(BARE_VIEW_NAME))
        assert answer.status_code == 200
        assert answer.content == b"ok"
        assert reverse(BARE_VIEW_NAME) == loadgen.BARE_PATH  # where the benchmark looks for it
        # The empty page is the site's layout around one heading, for anyone, with no query of
        # its own beyond a signed-in person's session and account.
        staff = UserFactory(is_program_staff=True)
        signed_in = Client()
        signed_in.force_login(staff)
        with CaptureQueriesContext(connection) as queries:
            page = signed_in.get(reverse(EMPTY_PAGE_NAME))
        assert page.status_code == 200
        assert b"<h1>Empty page</h1>" in page.content
        assert b"Sign out" in page.content  # the layout, as the signed-in person sees it
        assert len(queries) <= 2, [query["sql"] for query in queries]
        assert Client().get(reverse(EMPTY_PAGE_NAME)).status_code == 200
        # Everything else is still guarded by the access map.
        assert Client().get(reverse("intake:triage_queue")).status_code == 302


@pytest.fixture
def small_directory(db):
    states = [StateFactory() for _ in range(3)]
    return [AgencyFactory(state=states[n % 3]) for n in range(30)]


@pytest.mark.django_db
def test_the_generator_writes_realistic_requests_and_adds_to_them(small_directory):
    populate(0.004)  # 100 requests

    requests = AssistanceRequest.objects.all()
    assert requests.count() == 100
    submitted = requests.exclude(status="draft")
    assert not requests.filter(status="draft", tracking_number__isnull=False).exists()
    assert not submitted.filter(submitted_at__isnull=True).exists()
    closed = submitted.filter(status__in=["accepted", "declined", "referred", "withdrawn"])
    assert closed.count() >= 0.75 * submitted.count()
    assert submitted.filter(first_response_at__isnull=False).count() >= 0.6 * submitted.count()
    assert submitted.filter(reviewer__isnull=False).count() >= 0.8 * submitted.count()
    assert requests.filter(agency__isnull=True).exclude(unlisted_agency_name="").count() >= 1
    oldest = submitted.order_by("submitted_at").first().submitted_at
    newest = submitted.order_by("-submitted_at").first().submitted_at
    assert (newest - oldest).days > 2 * 365  # several years
    assert AssistanceRequest.services.through.objects.count() >= 100
    assert AssistanceRequest.topics.through.objects.count() >= 100
    decided = requests.filter(status__in=["accepted", "declined", "referred"])
    assert not decided.filter(decided_at__isnull=True).exists()
    assert not decided.filter(decided_at__lt=F("submitted_at")).exists()

    # Each request's history, with the audiences the access policy gives each verb.
    assert Event.objects.filter(verb="created").count() == 100
    assert Event.objects.filter(verb="submitted").count() == submitted.count()
    assert set(Event.objects.filter(verb="note_added").values_list("audiences", flat=True)) <= {
        int(Audience.STAFF)
    }
    assert Event.objects.filter(verb="accepted").first().audiences & Audience.AGENCY
    assert RequestMessage.objects.exists()
    assert OutboundMessage.objects.count() >= submitted.count()

    # Everyone who asked is a member of their agency; the busiest agency is in the directory.
    agencies_asking = set(requests.exclude(agency=None).values_list("agency", flat=True))
    members = set(AgencyMembership.objects.values_list("agency", flat=True))
    assert agencies_asking <= members
    assert busiest_agency_id() in {a.pk for a in small_directory}

    # Additive: the next scale adds requests, and tracking numbers stay unique (a constraint).
    populate(0.006, start_scale=0.004)
    assert AssistanceRequest.objects.count() == 150
    assert Event.objects.filter(verb="created").count() == 150


@pytest.mark.django_db
def test_each_scale_of_requests_has_its_own_team_of_program_staff(small_directory, monkeypatch):
    """Program staff grow with the data, a team for each 1x: a person's own work (their
    calendar, their engagements) is the same at 10x as at 1x, so their pages measure the
    national data's size, not an ever larger caseload. Here 1x is 50 requests and 3 staff."""
    from continuum.accounts.models import User
    from continuum.engagements.models import TeamMember

    monkeypatch.setattr(dataset, "REQUESTS_PER_SCALE", 50)
    monkeypatch.setattr(dataset, "STAFF_PER_SCALE", 3)

    def staff():
        return list(
            User.objects.filter(is_program_staff=True).order_by("pk").values_list("pk", flat=True)
        )

    def people_of(requests):
        reviewers = set(requests.exclude(reviewer=None).values_list("reviewer", flat=True))
        managers = set(
            TeamMember.objects.filter(
                role="program_manager", engagement__assistance_request__in=requests
            ).values_list("user", flat=True)
        )
        return reviewers, managers

    populate(1)
    first_team = staff()
    assert len(first_team) == 3
    before = people_of(AssistanceRequest.objects.all())

    populate(2, start_scale=1)
    everyone = staff()
    assert len(everyone) == 6 and everyone[:3] == first_team
    old_ids = AssistanceRequest.objects.order_by("pk").values_list("pk", flat=True)[:50]
    old = AssistanceRequest.objects.filter(pk__in=list(old_ids))
    new = AssistanceRequest.objects.exclude(pk__in=list(old_ids))
    assert new.count() == 50
    # The first team's work is what it was; the new requests are the new team's alone.
    assert people_of(old) == before
    reviewers, managers = people_of(new)
    assert reviewers and reviewers <= set(everyone[3:])
    assert managers and managers <= set(everyone[3:])
    assert before[0] <= set(first_team)


@pytest.mark.django_db
def test_the_generator_writes_an_engagement_for_each_accepted_request(small_directory):
    from continuum.accounts.models import ProviderMembership
    from continuum.catalog.models import ProviderOrganization
    from continuum.engagements.choices import ENDED_ENGAGEMENT_STATUSES, OPEN_ENGAGEMENT_STATUSES
    from continuum.engagements.models import Activity, Engagement, Milestone, TeamMember
    from continuum.engagements.policy import ENGAGEMENTS
    from continuum.engagements.services.workload import open_engagement_counts
    from continuum.providers.models import Expertise, ExpertProfile

    populate(0.004)  # 100 requests; the pool's share: 20 experts

    accepted = AssistanceRequest.objects.filter(status="accepted")
    engagements = Engagement.objects.all()
    assert engagements.count() == accepted.count() > 10
    assert set(engagements.values_list("assistance_request", flat=True)) == set(
        accepted.values_list("pk", flat=True)
    )
    assert not engagements.exclude(program_id=F("assistance_request__decided_program_id")).exists()
    ended = engagements.filter(status__in=ENDED_ENGAGEMENT_STATUSES)
    assert ended.count() >= 0.6 * engagements.count()  # most are closed
    assert engagements.filter(status__in=OPEN_ENGAGEMENT_STATUSES).exists()
    assert not ended.filter(closed_at__isnull=True).exists()
    assert not engagements.filter(ends_on__lt=F("starts_on")).exists()
    assert not engagements.filter(agency_sort_name="").exists()
    assert Engagement.services.through.objects.count() >= engagements.count()

    # The pool: experts with expertise, and each organization's coordinator and staff.
    assert ExpertProfile.objects.count() == 20
    assert Expertise.objects.count() >= 40
    organizations = ProviderOrganization.objects.count()
    assert ProviderMembership.objects.filter(role="coordinator").count() == organizations

    # Teams: each engagement has its organization's coordinator and a program manager; experts
    # on open engagements never beyond their capacity.
    for engagement in engagements:
        roles = set(engagement.team.values_list("role", flat=True))
        assert {"provider_coordinator", "program_manager"} <= roles, engagement.pk
    assert TeamMember.objects.filter(role="lead_expert").count() >= 0.8 * engagements.count()
    for profile in ExpertProfile.objects.all():
        open_load = TeamMember.objects.filter(
            user_id=profile.user_id,
            left_at__isnull=True,
            engagement__status__in=OPEN_ENGAGEMENT_STATUSES,
        ).count()
        assert open_load <= profile.capacity
    # The count of open engagements the services keep per expert (the portfolio reads it) is
    # filled from the team rows written in bulk.
    assert _kept_workload() and _kept_workload() == open_engagement_counts()
    assert Milestone.objects.count() >= 2 * engagements.count()
    assert Activity.objects.count() >= engagements.exclude(status="planning").count()
    assert not Activity.objects.filter(occurred_on__lt=F("engagement__starts_on")).exists()

    # Their histories, with the audiences the engagement policy gives each verb.
    created = Event.objects.filter(verb="engagement_created")
    assert created.count() == engagements.count()
    assert created.first().audiences & Audience.AGENCY
    assert Event.objects.filter(verb="engagement_closed").count() == (
        engagements.filter(status="closed").count()
    )

    # The agency's member sees its engagements through the policy; others' stay hidden.
    member = AgencyMembership.objects.filter(
        status="verified", agency__engagements__isnull=False
    ).first()
    seen = ENGAGEMENTS.queryset(member.user)
    assert (
        seen.exists()
        and not seen.exclude(agency=member.agency)
        .exclude(assistance_request__requester=member.user)
        .exists()
    )

    # Additive: the next scale adds the engagements of its accepted requests, and experts.
    populate(0.006, start_scale=0.004)
    assert Engagement.objects.count() == AssistanceRequest.objects.filter(status="accepted").count()
    assert ExpertProfile.objects.count() == 30
    assert _kept_workload() == open_engagement_counts()


def _kept_workload() -> dict[int, int]:
    from continuum.engagements.models import ExpertWorkload

    kept = ExpertWorkload.objects.filter(open_engagements__gt=0)
    return dict(kept.values_list("user_id", "open_engagements"))


@pytest.mark.django_db
def test_every_address_answers_its_role_with_its_own_page(small_directory, benchmark_settings):
    """What the benchmark's probe checks on the real server, through the test client."""
    populate(0.004)
    found, missing = targets()
    roles = {target["role"] for target in found}
    assert roles == {
        "reference",
        "anonymous",
        "program staff",
        "agency member",
        "API: program staff",
        "API: agency member",
    }
    assert len(found) >= 20
    with _benchmark_urls(benchmark_settings):
        for target in found:
            answer = Client().get(target["path"], headers=target["headers"])
            assert answer.status_code == 200, target
            body = b"".join(answer.streaming_content) if answer.streaming else answer.content
            assert target["expect"].encode() in body, target
    # Only URL names this branch does not have yet are left out.
    for name in missing:
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_the_report_puts_scales_side_by_side_against_the_bare_view():
    def row(label, role, path, rps, p50, errors=0):
        return {
            "label": label,
            "role": role,
            "path": path,
            "rps": rps,
            "p50_ms": p50,
            "p99_ms": p50 * 2,
            "errors": errors,
        }

    run = {
        "server": "SQLite 3",
        "scales": {
            "1": {
                "rows": [
                    row("bare", "reference", "/benchmark/bare/", 1000, 2),
                    row("queue", "program staff", "/triage/", 50, 40),
                    row("outbox", "program staff", "/staff/outbox/", 20, 90),
                ]
            },
            "10": {
                "rows": [
                    row("bare", "reference", "/benchmark/bare/", 800, 2.5),
                    row("queue", "program staff", "/triage/", 10, 200, errors=3),
                    {
                        "label": "outbox",
                        "role": "program staff",
                        "path": "/staff/outbox/",
                        "failure": "answered 500",
                    },
                ]
            },
        },
    }
    header, lines = report.table(run)
    assert header[-1] == "p50 10× / 1×"
    queue = lines[1]
    assert queue[:2] == ["queue `/triage/`", "program staff"]
    assert queue[2:6] == ["50.0", "40.0", "80.0", "5.0"]  # 50 of 1,000 req/s: 5 %
    assert queue[6] == "10.0 (!)"  # errors are flagged
    assert queue[9] == "1.2"  # 10 of 800 req/s
    assert queue[-1] == "5.00×"
    outbox = lines[2]
    assert outbox[6:] == ["failed", "", "", "", ""]  # reported, and no growth from a failure
    assert report.markdown(run).count("\n") == len(lines) + 1


@pytest.mark.parametrize(
    ("text", "scales"), [("1,10", [1.0, 10.0]), ("10, 1", [1.0, 10.0]), ("0.05", [0.05])]
)
def test_scales_are_read_from_the_command_line(text, scales):
    assert parse_scales(text) == scales


@pytest.mark.parametrize("text", ["", "0", "one", "1,50"])
def test_bad_scales_are_refused_with_a_message(text):
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        parse_scales(text)
