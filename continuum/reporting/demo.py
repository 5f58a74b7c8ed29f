"""Demo registers, implementation history and public progress reports (issue 10 §7).

`seed_reports()` adds, through the same services as the site:

- an Organizational Assessment of the San Francisco Police Department (when the directory has
  it), requested in 2016 and worked like the other demo engagements; its register is imported
  from a CSV built from the published numbering of San Francisco's 2016 recommendations (shipped
  in `data/`, facts only) with placeholder texts (`demo_texts.py`), through the import services;
  then a status history every six months from 2017-03-31 to 2021-03-31: recommendations move
  forward (a seeded random share), some through the agency's progress reports with evidence
  accepted by the lead expert, a few returned first, a few waiting on a union, the Board of
  Supervisors or the Police Commission; after each step a progress report dated at that step is
  published. Promised reports every six months, all kept, and one promised in the past year and
  never delivered (overdue). Listed on the public portal.
- three Critical Response reviews with small registers: the demo after-action review and bias
  audit (not listed: nothing of them may appear publicly) and an issue-specific review for the
  demo agency, listed with the consent of its chief executive (`chief@…`), with a published
  report, one accepted progress report and one waiting for the demo expert to validate
  (the demo point of contact `contact@…` can report more).
- the national dashboard, published.

Each step runs under the demo clock of the intake demo, so dates and events agree. Idempotent:
each part is skipped when its data exist. Refused in production. Run after
`seed_demo_engagements`.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from continuum.accounts.demo import (
    DemoReport,
    demo_agency_pick,
    demo_provider_pick,
    demo_refuse_in_production,
)
from continuum.accounts.models import User
from continuum.activity.outbox.services import outbox_disabled
from continuum.agencies.models import Agency
from continuum.engagements import demo as engagements_demo
from continuum.engagements.choices import DeliverableKind, EngagementStatus, TeamRole
from continuum.engagements.models import Engagement
from continuum.intake import demo as intake_demo
from continuum.intake.demo_scenarios import Scenario, Step
from continuum.intake.services import submission
from continuum.recommendations.choices import BlockerParty, Priority
from continuum.recommendations.models import (
    ExternalBlocker,
    Recommendation,
    ScaleValue,
)
from continuum.recommendations.services import imports, register
from continuum.recommendations.services.implementation import (
    progress_report_accept,
    progress_report_return,
    progress_report_submit,
)

from .choices import ReportState
from .dashboard import dashboard_publish
from .demo_texts import CR_REVIEWS, SF_CAVEAT, sf_texts
from .models import DashboardSnapshot, ProgressReport, PublicListing
from .services import listings, reports

DEMO_SEED = 2016
SF_ORI = "CA0380100"
DATA_FILE = Path(__file__).resolve().parent / "data" / "sfpd_cri_2016_recommendation_numbers.csv.gz"
EASTERN = ZoneInfo("America/New_York")
#: The request for the assessment (the real one was announced in February 2016).
SF_REQUESTED = datetime.datetime(2016, 2, 1, 10, 0, tzinfo=EASTERN)
#: The status history: every six months from the first progress report to the last.
SF_STEPS = [
    datetime.date(2017, 3, 31),
    datetime.date(2017, 9, 30),
    datetime.date(2018, 3, 31),
    datetime.date(2018, 9, 30),
    datetime.date(2019, 3, 31),
    datetime.date(2019, 9, 30),
    datetime.date(2020, 3, 31),
    datetime.date(2020, 9, 30),
    datetime.date(2021, 3, 31),
]
#: Share of the recommendations not yet complete that move one value forward at each step.
SF_PACE = [0.22, 0.26, 0.28, 0.3, 0.32, 0.34, 0.34, 0.36, 0.38]
#: Days after a step's date when its report is published (before the promised date).
PUBLISH_AFTER_DAYS = 18

SF_SCENARIO = Scenario(
    agency_type="municipal",
    requester=("Avery Lindqvist", "Commander, Professional Standards"),
    chief=("Morgan Hale", "Chief of Police"),
    narrative="After a series of use-of-force incidents and biased text messages by officers, "
    "the city and the department ask for an independent, comprehensive assessment of use of "
    "force, bias, community policing, accountability and personnel practices, with public "
    "reporting on the reforms.",
    days_ago=0,
    services=("organizational-assessment",),
    scope="systemic",
    topics=("Use of force", "Accountability"),
    goals=("trust", "fairness"),
    timeframe="later",
    steps=(
        Step(day=2, action="review"),
        Step(day=3, action="confirm"),
        Step(
            day=10,
            action="accept",
            program="organizational-assessment",
            services=("organizational-assessment",),
            note="A full assessment of five objectives, then monitoring with public reports.",
        ),
    ),
)

REVIEW_SCENARIO = Scenario(
    agency_type="municipal",
    requester=("Casey Nguyen", "Accreditation manager"),
    chief=("Taylor Brooks", "Chief of Police"),
    narrative="After a death in a holding cell, we want an independent review of our booking, "
    "medical screening and cell check practices, and to publish what we change.",
    days_ago=0,
    demo_agency=True,
    services=("operations-review",),
    topics=("Accountability",),
    goals=("trust", "fairness"),
    timeframe="urgent",
    steps=(
        Step(day=1, action="review"),
        Step(day=2, action="confirm"),
        Step(
            day=4,
            action="accept",
            program="critical-response",
            services=("operations-review",),
            note="A focused review of booking and cell checks, published with the chief's consent.",
        ),
    ),
)
#: How long ago the demo agency asked for its issue-specific review.
REVIEW_DAYS_AGO = 210

BLOCKERS = [
    # (step, objective, kind, party, what it waits for)
    (
        1,
        1,
        BlockerParty.UNION_BARGAINING,
        "San Francisco Police Officers Association",
        "The policy change must go through meet-and-confer with the officers' union first.",
    ),
    (
        1,
        1,
        BlockerParty.UNION_BARGAINING,
        "San Francisco Police Officers Association",
        "The new reporting duty changes working conditions and is being bargained.",
    ),
    (
        2,
        5,
        BlockerParty.CITY_COUNCIL,
        "San Francisco Board of Supervisors",
        "The new positions need funding in the city budget.",
    ),
    (
        3,
        4,
        BlockerParty.OVERSIGHT_BODY,
        "San Francisco Police Commission",
        "The Commission must approve the revised general order.",
    ),
]
#: At this step the first union blocker clears (the bargaining ended).
BLOCKER_CLEARS_AT = 5


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=EASTERN)


@contextmanager
def _quiet() -> Iterator[None]:
    """No email and no outbox message while seeding, and all of a part or nothing."""
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        outbox_disabled(),
        transaction.atomic(),
    ):
        yield


def _account(key: str) -> User | None:
    return engagements_demo._account(key)


# --- the register file ------------------------------------------------------------------------


def sf_register_rows() -> list[dict[str, str]]:
    """The shipped numbering of San Francisco's recommendations (268 rows)."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sf_register_csv() -> bytes:
    """The demo register as a CSV file the import reads: the numbering plus placeholder texts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "Objective No",
            "Objective",
            "Finding No",
            "Finding text",
            "Rec ID",
            "Rec text",
            "Cal DOJ phase",
            "Compliance measures",
            "Note",
        ]
    )
    for row in sf_register_rows():
        objective, finding = int(row["objective_no"]), int(row["finding_no"])
        number = int(row["rec_id"].split(".")[1])
        statement, text, measures = sf_texts(objective, finding, number)
        writer.writerow(
            [
                row["objective_no"],
                row["objective"],
                row["finding_no"],
                statement,
                row["rec_id"],
                text,
                row["cal_doj_phase"],
                " | ".join(measures),
                row["note"],
            ]
        )
    return out.getvalue().encode("utf-8")


# --- engagements through intake -----------------------------------------------------------------


def _engagement_from(scenario: Scenario, agency: Agency, start: datetime.datetime) -> Engagement:
    """Submit and accept a demo request for `agency` at `start`; its new engagement."""
    reviewer = intake_demo._staff_reviewers()[0]
    requester = intake_demo._requester_for(scenario, agency, demo_agency_pick())
    ar = intake_demo._draft(scenario, agency, requester, start - datetime.timedelta(hours=1))
    with intake_demo._demo_clock(start):
        submission.request_submit(actor=requester, assistance_request=ar)
    for number, step in enumerate(scenario.steps):
        ar.refresh_from_db()
        moment = start + datetime.timedelta(days=step.day, minutes=30 * (number + 1))
        with intake_demo._demo_clock(moment):
            intake_demo._play_step(step, ar, requester, reviewer)
    return Engagement.objects.select_related("program", "agency", "assistance_request").get(
        assistance_request=ar
    )


def _work_engagement(engagement: Engagement, story, report: DemoReport) -> User | None:
    """Team, plan, agreement, work and status as the engagements demo plays them; the lead."""
    from continuum.providers.demo import demo_expert_profile_ensure

    staff = _account("staff")
    demo_expert = demo_expert_profile_ensure(report=report)
    rng = random.Random(DEMO_SEED)
    engagements_demo._play(
        staff, engagement, story, demo_provider_pick(), demo_expert, timezone.now(), rng, []
    )
    engagement.refresh_from_db()
    return _member(engagement, TeamRole.LEAD_EXPERT)


def _member(engagement: Engagement, role: str) -> User | None:
    found = engagement.team.filter(role=role, left_at__isnull=True).select_related("user").first()
    return found.user if found else None


def _first_value(engagement: Engagement) -> dict[str, ScaleValue]:
    values = ScaleValue.objects.filter(scale__engagement=engagement, scale__key="progress")
    return {v.key: v for v in values}


# --- San Francisco ------------------------------------------------------------------------------


@dataclass
class _History:
    """What the San Francisco story needs at every step."""

    engagement: Engagement
    staff: User
    lead: User
    agency: User
    rng: random.Random
    order: list[str]
    values: dict[str, ScaleValue]
    level: dict[int, int] = field(default_factory=dict)  # recommendation pk -> value index
    rows: dict[int, Recommendation] = field(default_factory=dict)
    objective_of: dict[int, int] = field(default_factory=dict)
    blocked: dict[int, ExternalBlocker] = field(default_factory=dict)
    returned: list[Recommendation] = field(default_factory=list)
    accepted: int = 0
    returned_count: int = 0


def _evidence(label: str, measure) -> list[tuple[Any, Any, str]]:
    file = engagements_demo._pdf(f"Evidence for recommendation {label}")
    return [(measure, file, "Directive as approved, with the training roster.")]


def _report_progress(history: _History, rec: Recommendation, day: datetime.date):
    """The agency reports `rec` complete with one evidence file (ten days before `day`)."""
    with intake_demo._demo_clock(_at(day - datetime.timedelta(days=10), 15)):
        return progress_report_submit(
            actor=history.agency,
            recommendation=rec,
            scale=history.values["complete"].scale,
            proposed_value=history.values["complete"],
            narrative=f"Recommendation {rec.label}: the directive is approved and published, and "
            "the training was delivered. The evidence is attached.",
            evidence=_evidence(rec.label, rec.measures.order_by("order", "pk").first()),
        )


def _decide(history: _History, submitted, day: datetime.date, *, accept: bool) -> None:
    with intake_demo._demo_clock(_at(day - datetime.timedelta(days=4), 11)):
        if accept:
            progress_report_accept(
                actor=history.lead,
                report=submitted,
                comment="The evidence shows the directive in force and the training done.",
            )
            history.accepted += 1
        else:
            progress_report_return(
                actor=history.lead,
                report=submitted,
                comment="Add the training roster: the evidence shows the directive but not "
                "who was trained.",
            )
            history.returned_count += 1


def _add_blockers(history: _History, step: int, day: datetime.date) -> None:
    for at, objective, kind, party, description in BLOCKERS:
        if at != step:
            continue
        choices = [
            pk
            for pk, obj in history.objective_of.items()
            if obj == objective and history.level[pk] < 2 and pk not in history.blocked
        ]
        if not choices:
            continue
        pk = history.rng.choice(sorted(choices))
        with intake_demo._demo_clock(_at(day - datetime.timedelta(days=20), 9)):
            history.blocked[pk] = register.blocker_add(
                actor=history.lead,
                recommendation=history.rows[pk],
                party_kind=kind,
                party_name=party,
                since=day - datetime.timedelta(days=20),
                description=description,
            )
    if step == BLOCKER_CLEARS_AT and history.blocked:
        pk = next(iter(history.blocked))
        with intake_demo._demo_clock(_at(day - datetime.timedelta(days=15), 9)):
            register.blocker_clear(
                actor=history.lead,
                blocker=history.blocked.pop(pk),
                cleared_on=day - datetime.timedelta(days=15),
            )


def _move(history: _History, step: int, day: datetime.date) -> None:
    """Move a share of the open recommendations one value forward; a few through reports."""
    waiting = {r.pk for r in history.returned}
    open_ones = sorted(
        pk
        for pk, level in history.level.items()
        if level < len(history.order) - 1 and pk not in history.blocked and pk not in waiting
    )
    moving = history.rng.sample(open_ones, round(len(open_ones) * SF_PACE[step]))
    to_done = [pk for pk in moving if history.level[pk] == len(history.order) - 2]
    through_reports = set(to_done[:2])
    # Last step's returned reports come back with what was missing, and are accepted.
    for rec in history.returned:
        _decide(history, _report_progress(history, rec, day), day, accept=True)
        history.level[rec.pk] = len(history.order) - 1
    history.returned = []
    for pk in through_reports:
        _decide(history, _report_progress(history, history.rows[pk], day), day, accept=True)
        history.level[pk] += 1
    with intake_demo._demo_clock(_at(day - datetime.timedelta(days=2), 16)):
        for pk in sorted(set(moving) - through_reports):
            history.level[pk] += 1
            register.recommendation_status_set(
                actor=history.lead,
                recommendation=history.rows[pk],
                value=history.values[history.order[history.level[pk]]],
            )
    # One report a step (from the second on) is returned for more evidence.
    if step >= 1:
        candidates = sorted(
            pk
            for pk in open_ones
            if pk not in moving and history.level[pk] == len(history.order) - 2
        )
        if candidates:
            rec = history.rows[history.rng.choice(candidates)]
            _decide(history, _report_progress(history, rec, day), day, accept=False)
            history.returned.append(rec)


def _publish(engagement, staff, day: datetime.date, *, caveats: str, notes: str):
    """A progress report dated `day`, published `PUBLISH_AFTER_DAYS` later (capped to now)."""
    moment = min(
        _at(day + datetime.timedelta(days=PUBLISH_AFTER_DAYS), 11),
        timezone.now() - datetime.timedelta(minutes=5),
    )
    with intake_demo._demo_clock(moment):
        draft = reports.report_draft_create(
            actor=staff,
            engagement=engagement,
            as_of=day,
            title=f"Progress report: status as of {day:%B} {day.day}, {day.year}",
        )
        draft = reports.report_draft_update(
            actor=staff,
            report=draft,
            title=draft.title,
            as_of=day,
            caveats=caveats,
            validator_notes=notes,
        )
        return reports.report_publish(actor=staff, report=draft)


def _sf_history(history: _History, report: DemoReport) -> None:
    engagement, staff = history.engagement, history.staff
    with intake_demo._demo_clock(_at(datetime.date(2017, 1, 15))):
        reports.reports_schedule(
            actor=staff,
            engagement=engagement,
            first_due_on=datetime.date(2017, 4, 30),
            every_months=6,
            count=len(SF_STEPS),
        )
    for step, day in enumerate(SF_STEPS):
        accepted, returned = history.accepted, history.returned_count
        _add_blockers(history, step, day)
        _move(history, step, day)
        notes = (
            f"In this period the lead expert accepted {history.accepted - accepted} progress "
            f"report(s) with evidence and returned {history.returned_count - returned} for more."
        )
        _publish(engagement, staff, day, caveats=SF_CAVEAT, notes=notes)
    # A promise made in the past year and not kept (overdue as of today), and the next one.
    today = timezone.localdate()
    missed = _half_year_before(today - datetime.timedelta(days=30))
    with intake_demo._demo_clock(_at(missed - datetime.timedelta(days=120))):
        for due_on in (missed, _half_year_before(missed + datetime.timedelta(days=200))):
            reports.reports_schedule(
                actor=staff, engagement=engagement, first_due_on=due_on, every_months=6, count=1
            )
    report.say(
        f"San Francisco: {len(SF_STEPS)} progress reports published ({history.accepted} "
        f"progress reports accepted, {history.returned_count} returned); one promised report, "
        f"due {missed}, is overdue."
    )


def _half_year_before(day: datetime.date) -> datetime.date:
    """The last March 31 or September 30 on or before `day`."""
    for candidate in (datetime.date(day.year, 9, 30), datetime.date(day.year, 3, 31)):
        if candidate <= day:
            return candidate
    return datetime.date(day.year - 1, 9, 30)


def _sf_import(engagement: Engagement, actor: User) -> None:
    with intake_demo._demo_clock(_at(datetime.date(2016, 10, 14))):
        pending = imports.register_import_start(
            actor=actor,
            engagement=engagement,
            file_name="sfpd_cri_2016_demo_register.csv",
            content=sf_register_csv(),
        )
        imports.register_import_confirm(actor=actor, pending=pending)


def _list(engagement: Engagement, staff: User, title: str, summary: str, *, every=None, chief=None):
    """Prepare the listing, with the chief executive's consent when given, and publish it."""
    listing = listings.listing_create(
        actor=staff,
        engagement=engagement,
        title=title,
        summary=summary,
        report_every_months=every,
    )
    if chief is not None:
        listings.listing_consent(actor=chief, engagement=engagement, typed_name=chief.full_name)
    return listings.listing_publish(actor=staff, listing=listing)


def seed_san_francisco(report: DemoReport) -> bool:
    """The San Francisco Organizational Assessment and its history (once)."""
    agency = Agency.objects.filter(ori9=SF_ORI).select_related("state").first()
    if agency is None:
        report.say(f"San Francisco PD ({SF_ORI}) is not in the directory: no assessment added.")
        return False
    if Engagement.objects.filter(
        agency=agency, program__slug="organizational-assessment", recommendations__isnull=False
    ).exists():
        report.say("The San Francisco assessment exists already; nothing was added.")
        return False
    staff = _account("staff")
    with _quiet():
        engagement = _engagement_from(SF_SCENARIO, agency, SF_REQUESTED)
        story = engagements_demo.Story(
            EngagementStatus.MONITORING,
            expert_is_demo=True,
            deliverables=[("Assessment report", DeliverableKind.ASSESSMENT, "published")],
        )
        lead = _work_engagement(engagement, story, report) or staff
        _sf_import(engagement, lead)
        with intake_demo._demo_clock(_at(datetime.date(2016, 10, 20))):
            _list(
                engagement,
                staff,
                "Collaborative Reform Initiative: San Francisco Police Department",
                "An assessment of use of force, bias, community policing, accountability and "
                "recruitment, hiring and personnel practices, then public reports on the "
                "department's progress every six months. Demonstration data.",
                every=6,
            )
        values = _first_value(engagement)
        order = [v.key for v in sorted(values.values(), key=lambda v: (v.order, v.pk))]
        rows = {
            r.pk: r
            for r in Recommendation.objects.filter(engagement=engagement).select_related(
                "finding__category", "engagement"
            )
        }
        history = _History(
            engagement=engagement,
            staff=staff,
            lead=lead,
            agency=engagement.assistance_request.requester,
            rng=random.Random(DEMO_SEED),
            order=order,
            values=values,
            level={pk: 0 for pk in rows},
            rows=rows,
            objective_of={pk: r.finding.category.number for pk, r in rows.items()},
        )
        _sf_history(history, report)
    report.say(f"San Francisco assessment {engagement.public_id}: {len(rows)} recommendations.")
    return True


# --- Critical Response reviews -------------------------------------------------------------------


def _register_from(spec: dict, engagement: Engagement, actor: User, rng) -> list[Recommendation]:
    register.register_setup(actor=actor, engagement=engagement, scale_keys=("progress",))
    number, added = 1, []
    for index, (objective, findings) in enumerate(spec["objectives"], start=1):
        category = register.category_add(
            actor=actor,
            engagement=engagement,
            number=index,
            name=objective,
            first_finding=number,
            last_finding=number + len(findings) - 1,
        )
        for statement, texts in findings:
            finding = register.finding_add(
                actor=actor,
                engagement=engagement,
                number=number,
                statement=statement,
                category=category,
            )
            for m, text in enumerate(texts, start=1):
                rec = register.recommendation_add(
                    actor=actor,
                    finding=finding,
                    number=m,
                    text=text,
                    priority=rng.choice(list(Priority.values)),
                )
                register.measure_add(actor=actor, recommendation=rec, text=f"Done: {text}")
                added.append(rec)
            number += 1
    return added


def _advance(recs, actor: User, values: dict[str, ScaleValue], rng, *, done: int) -> None:
    """Put `done` recommendations at complete and about a third of the rest in progress."""
    for index, rec in enumerate(recs):
        if index < done:
            key = "complete"
        elif rng.random() < 0.35:
            key = "in_progress"
        else:
            continue
        register.recommendation_status_set(actor=actor, recommendation=rec, value=values[key])


def _cr_engagement(spec: dict) -> Engagement | None:
    return (
        Engagement.objects.filter(
            program__slug="critical-response",
            services__slug=spec["service"],
            assistance_request__requester_email__iendswith="@demo.continuum.test",
        )
        .select_related("agency", "assistance_request")
        .order_by("pk")
        .first()
    )


def _seed_unlisted_review(spec: dict, report: DemoReport) -> bool:
    engagement = _cr_engagement(spec)
    if engagement is None:
        report.say(f"No demo {spec['title'].lower()} engagement: run seed_demo_engagements.")
        return False
    if engagement.findings.exists():
        report.say(f"The {spec['title'].lower()} has its register already.")
        return False
    staff = _account("staff")
    rng = random.Random(f"{DEMO_SEED}-{spec['key']}")
    with _quiet():
        start = engagement.assistance_request.decided_at or engagement.created_at
        with intake_demo._demo_clock(min(start + datetime.timedelta(days=70), timezone.now())):
            recs = _register_from(spec, engagement, staff, rng)
            _advance(recs, staff, _first_value(engagement), rng, done=len(recs) // 4)
    report.say(f"{spec['title']}: {len(recs)} recommendations (not listed publicly).")
    return True


def _seed_listed_review(spec: dict, report: DemoReport) -> bool:
    agency = demo_agency_pick()
    if agency is None:
        report.say("No demo agency: the issue-specific review was not added.")
        return False
    if Engagement.objects.filter(
        agency=agency, program__slug="critical-response", services__slug=spec["service"]
    ).exists():
        report.say(f"{agency}'s issue-specific review exists already; nothing was added.")
        return False
    staff = _account("staff")
    rng = random.Random(f"{DEMO_SEED}-{spec['key']}")
    now = timezone.now()
    start = now - datetime.timedelta(days=REVIEW_DAYS_AGO)
    with _quiet():
        engagement = _engagement_from(REVIEW_SCENARIO, agency, start)
        story = engagements_demo.Story(
            EngagementStatus.REPORTING,
            expert_is_demo=True,
            deliverables=[("Review report", DeliverableKind.REPORT, "published")],
        )
        lead = _work_engagement(engagement, story, report) or staff
        contact = engagement.assistance_request.requester
        day = timezone.localdate(start) + datetime.timedelta(days=100)
        with intake_demo._demo_clock(_at(day)):
            recs = _register_from(spec, engagement, lead, rng)
            values = _first_value(engagement)
            _advance(recs[2:], lead, values, rng, done=2)
        history = _History(engagement, staff, lead, contact, rng, [], values)
        accepted = _report_progress(history, recs[0], day + datetime.timedelta(days=40))
        _decide(history, accepted, day + datetime.timedelta(days=40), accept=True)
        chief = engagements_demo._chief_of(engagement, staff)
        with intake_demo._demo_clock(_at(day + datetime.timedelta(days=45))):
            _list(
                engagement,
                staff,
                f"Review of booking and cell checks: {agency.name}",
                "An issue-specific review after a death in custody, published with the agency's "
                "consent. Demonstration data.",
                chief=chief,
            )
        as_of = day + datetime.timedelta(days=50)
        _publish(
            engagement,
            staff,
            as_of,
            caveats="Demonstration data, made up for trying the platform.",
            notes="One recommendation is complete with evidence accepted by the lead expert.",
        )
        # One report waits in the demo expert's validation queue.
        _report_progress(history, recs[1], timezone.localdate() - datetime.timedelta(days=3))
    report.say(
        f"{spec['title']} for {agency}: {len(recs)} recommendations, listed with the chief's "
        "consent, one report published, one progress report waiting for validation."
    )
    return True


def seed_reviews(report: DemoReport) -> int:
    done = 0
    for spec in CR_REVIEWS:
        if spec["key"] == "operations-review":
            done += _seed_listed_review(spec, report)
        else:
            done += _seed_unlisted_review(spec, report)
    return done


def seed_dashboard(report: DemoReport) -> bool:
    if DashboardSnapshot.objects.filter(published_at__isnull=False).exists():
        report.say("The national dashboard is published already.")
        return False
    with _quiet():
        dashboard_publish(actor=_account("staff"))
    report.say("The national dashboard is published.")
    return True


def seed_reports(*, report: DemoReport) -> int:
    """Every part of the reporting demo; returns how many parts were added now."""
    demo_refuse_in_production()
    if _account("staff") is None or demo_provider_pick() is None:
        report.say("Demo reports need the demo accounts first: run seed_demo.")
        return 0
    if not engagements_demo.demo_engagements_exist():
        report.say("Demo reports need the demo engagements first: run seed_demo_engagements.")
        return 0
    made = int(seed_san_francisco(report)) + seed_reviews(report)
    made += int(seed_dashboard(report))
    published = ProgressReport.objects.filter(state=ReportState.PUBLISHED).count()
    listed = PublicListing.objects.filter(listed_at__isnull=False).count()
    report.say(f"Published progress reports: {published}; engagements listed publicly: {listed}.")
    return made
