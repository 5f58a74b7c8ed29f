"""Demo requests: realistic spread, made through the services, idempotent."""

import collections
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from continuum.accounts.demo import DemoReport, demo_accounts_seed
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.engagements.models import Engagement
from continuum.intake import selectors
from continuum.intake.choices import RequestStatus
from continuum.intake.demo import seed_requests
from continuum.intake.demo_scenarios import (
    SCENARIOS_FILE,
    STEP_FIELDS,
    DemoScenarioError,
    scenarios_load,
)
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


def test_the_scenarios_file_loads_and_uses_every_step_action():
    scenarios = scenarios_load()
    assert len(scenarios) == 40
    actions = {step.action for scenario in scenarios for step in scenario.steps}
    assert actions == set(STEP_FIELDS)
    drafts = [scenario for scenario in scenarios if not scenario.submit]
    assert len(drafts) == 4 and not any(scenario.steps for scenario in drafts)
    first = scenarios[0]
    assert first.requester == ("Dana Whitfield", "Sergeant, training unit")
    assert first.population == (2_000, 30_000)
    assert first.narrative.startswith("We are a 22-officer department and most of our calls")
    assert "  " not in first.narrative and "\\" not in first.narrative
    unlisted = next(scenario for scenario in scenarios if scenario.unlisted)
    assert unlisted.unlisted["unlisted_state"] == "AK"
    accepted = next(step for s in scenarios for step in s.steps if step.action == "accept")
    assert accepted.program and accepted.services


SCENARIO = """
[population_bands]
small_town = [2_000, 30_000]

[[scenarios]]
agency_type = "municipal"
requester = { name = "Dana Whitfield", title = "Sergeant" }
chief = { name = "Marcus Hale", title = "Chief of Police" }
narrative = "We want crisis intervention training."
days_ago = 9
population = "small_town"
services = ["training"]
%s

[[scenarios.steps]]
day = 1
action = "review"
%s
"""


def load_text(tmp_path, text):
    path = tmp_path / "scenarios.toml"
    path.write_text(text, encoding="utf-8")
    return scenarios_load(path)


def test_a_small_scenarios_file_loads(tmp_path):
    (scenario,) = load_text(tmp_path, SCENARIO % ("", ""))
    assert scenario.population == (2_000, 30_000)
    assert [(step.day, step.action) for step in scenario.steps] == [(1, "review")]


@pytest.mark.parametrize(
    ("scenario_extra", "step_extra", "message"),
    [
        ("colour = 'blue'", "", "scenario 1 (Dana Whitfield): unknown key colour"),
        ("days_ago = 3", "", "Cannot overwrite a value"),  # TOML itself refuses duplicates
        ("timeframe = 'tomorrow'", "", "“timeframe” is 'tomorrow', not one of urgent"),
        ("submit = 'no'", "", "“submit” should be bool, not 'no'"),
        ("topics = ['Crisis', 3]", "", "“topics” should be a list of texts"),
        ("agency_type = 'navy'", "", "Cannot overwrite"),
        ("submit = false", "", "a draft (submit = false) cannot have steps"),
        ("", "text = 'extra'", "step 1: unknown key text"),
        ("", "[[scenarios.steps]]\nday = 2\naction = 'fly'", "“action” is 'fly', not one of"),
        ("", "[[scenarios.steps]]\nday = 2\naction = 'note'", "step 2: “text” is missing"),
        (
            "",
            "[[scenarios.steps]]\nday = 3\naction = 'decline'\nreason = 'bored'\nnote = ''",
            "“reason” is 'bored', not one of out_of_scope",
        ),
        ("", "[[scenarios.steps]]\nday = 0\naction = 'confirm'", "in the order of their days"),
        ("", "[[scenarios.steps]]\nday = true\naction = 'confirm'", "“day” should be int"),
        (
            "[scenarios.incident]\nkind = 'riot'\ndays_before = 3",
            "",
            "incident: “kind” is 'riot', not one of",
        ),
    ],
)
def test_a_bad_entry_is_named_in_a_clear_error(tmp_path, scenario_extra, step_extra, message):
    with pytest.raises(DemoScenarioError, match=re.escape(message)) as raised:
        load_text(tmp_path, SCENARIO % (scenario_extra, step_extra))
    assert str(raised.value).startswith("scenarios.toml")


def test_bad_files_are_refused(tmp_path):
    with pytest.raises(DemoScenarioError, match="There is no demo scenarios file"):
        scenarios_load(tmp_path / "absent.toml")
    with pytest.raises(DemoScenarioError, match="is not valid TOML"):
        load_text(tmp_path, "[[scenarios]\n")
    with pytest.raises(DemoScenarioError, match="“scenarios” is missing"):
        load_text(tmp_path, "title = 'demo'\n")
    with pytest.raises(DemoScenarioError, match="has no scenarios"):
        load_text(tmp_path, "scenarios = []\n")
    with pytest.raises(DemoScenarioError, match="“population” is 'metropolis'"):
        load_text(tmp_path, SCENARIO.replace('"small_town"', '"metropolis"') % ("", ""))
    with pytest.raises(DemoScenarioError, match="population band “tiny”"):
        load_text(tmp_path, "population_bands = { tiny = [5] }\nscenarios = []\n")


def test_the_command_refuses_a_bad_scenarios_file_and_writes_nothing(tmp_path, directory):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "scenarios.toml"
    path.write_text(SCENARIO % ("colour = 'blue'", ""), encoding="utf-8")
    with pytest.raises(CommandError, match="unknown key colour"):
        call_command("seed_demo_requests", "--scenarios", str(path), stdout=StringIO())
    assert not AssistanceRequest.objects.exists()
    path.write_text(SCENARIO % ("", ""), encoding="utf-8")
    out = StringIO()
    call_command("seed_demo_requests", "--scenarios", str(path), "--count", "2", stdout=out)
    assert "Created 2 demo requests." in out.getvalue()
    assert set(AssistanceRequest.objects.values_list("status", flat=True)) == {"in_review"}
    assert SCENARIOS_FILE.name == "demo_scenarios.toml"


@pytest.mark.date_sensitive  # dated back from today; some must be overdue
def test_seed_requests_spreads_statuses_states_and_dates_once(directory):
    report = DemoReport()
    assert seed_requests(report=report) == 40
    assert report.lines == [
        "Created a weekly on-call rota among the demo reviewers.",
        "Created 40 demo requests.",
    ]
    # Someone is on call today, so the demo's critical incidents alert someone.
    assert selectors.on_call_staff(day=timezone.localdate()).exists()
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
