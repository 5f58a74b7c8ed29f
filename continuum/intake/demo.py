"""Demo requests: about 40 realistic requests across programs, states, agency types and statuses.

`seed_requests()` creates them through the same services as the site (drafts, submission,
triage, decisions), for real agencies of the imported directory, with invented narratives.
Submission dates spread over the past 120 days: each step runs under `_demo_clock`, which sets
the time the services read (`django.utils.timezone.now`) while that step runs, so every date
(submission, events, messages, first response, pauses, decisions) is consistent. Statuses change
only through the workflow. Emails are not sent. Idempotent: when demo requests exist (their
requesters use the demo email domain), nothing is created. Development only.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from typing import Any
from unittest import mock

from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from continuum.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_EMAIL_DOMAIN,
    demo_agency_pick,
    demo_refuse_in_production,
)
from continuum.accounts.models import AgencyMembership, User, VerificationMethod
from continuum.accounts.services import agency_membership_grant, user_create
from continuum.activity.outbox.services import outbox_disabled
from continuum.agencies.models import Agency, State
from continuum.catalog.models import Goal, Program, Service, Topic

from .demo_scenarios import SCENARIOS_FILE, Scenario, Step, scenarios_load
from .models import AssistanceRequest, OnCallShift
from .services import chief, drafts, submission, triage

DEMO_SEED = 2026


_TYPE_FALLBACKS = {"territorial": ("municipal",), "special": ("other", "municipal")}


@contextlib.contextmanager
def _demo_clock(moment: datetime.datetime):
    """Demo only: make the services read `moment` as the time now while a step runs."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def demo_requests_exist() -> bool:
    return AssistanceRequest.objects.filter(
        requester_email__iendswith=f"@{DEMO_EMAIL_DOMAIN}"
    ).exists()


class _AgencyPicker:
    """Real agencies of the directory, spread over states and types, deterministically."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_agencies: set[int] = set()
        self.used_states: set[int] = set()
        #: Never picked (the demo agency keeps to its own scenarios).
        self.reserved: set[int] = set()

    def pick(self, agency_type: str, population: tuple[int, int] | None) -> Agency | None:
        """An agency of the type (and size band, where the directory knows populations) not
        used yet, preferring a state not used yet; failing that, any agency."""
        types = (agency_type, *_TYPE_FALLBACKS.get(agency_type, ()))
        attempts = []
        for kind in types:
            if population:
                attempts.append(Q(agency_type=kind, population_served__range=population))
            attempts.append(Q(agency_type=kind))
        attempts.append(Q())
        for reuse in (False, True):
            for condition in attempts:
                found = self._pick_from(Agency.objects.filter(condition), reuse=reuse)
                if found:
                    return found
        return None

    def _pick_from(self, agencies, *, reuse: bool) -> Agency | None:
        candidates = agencies.exclude(pk__in=self.reserved)
        if not reuse:
            candidates = candidates.exclude(pk__in=self.used_agencies)
        candidates = candidates.select_related("state").order_by("pk")
        total = candidates.count()
        if not total:
            return None
        chosen = None
        for _ in range(12):
            candidate = candidates[self.rng.randrange(total)]
            chosen = chosen or candidate
            if candidate.state_id not in self.used_states:
                chosen = candidate
                break
        self.used_agencies.add(chosen.pk)
        self.used_states.add(chosen.state_id)
        return chosen


def _email(name: str) -> str:
    local = slugify(name.replace("Lt. Col. ", "").replace("Col. ", "")).replace("-", ".")
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


def _demo_contact() -> User | None:
    email = next((a.email for a in DEMO_ACCOUNTS if a.key == "contact"), None)
    return User.objects.filter(email=email).first() if email else None


def _staff_reviewers() -> list[User]:
    demo_staff = [a.email for a in DEMO_ACCOUNTS if a.is_program_staff]
    reviewers = list(User.objects.filter(email__in=demo_staff, is_active=True))
    if not reviewers:
        reviewers = list(
            User.objects.filter(is_active=True, is_program_staff=True).order_by("pk")[:3]
        )
    if not reviewers:
        reviewers = [
            user_create(
                actor=None,
                email=f"reviewer@{DEMO_EMAIL_DOMAIN}",
                full_name="Jordan Avery",
                password=None,
                title="Program manager",
                is_program_staff=True,
            )
        ]
    return reviewers


def _on_call_rota(reviewers: list[User], today: datetime.date, *, weeks: int = 56) -> int:
    """A weekly on-call rota among the demo reviewers, from four weeks back to a year ahead,
    so critical-incident requests of the demo alert someone. Nothing when a rota exists."""
    if OnCallShift.objects.exists() or not reviewers:
        return 0
    monday = today - datetime.timedelta(days=today.weekday() + 28)
    shifts = [
        OnCallShift(
            staff=reviewers[week % len(reviewers)],
            starts_on=monday + datetime.timedelta(weeks=week),
            ends_on=monday + datetime.timedelta(weeks=week, days=6),
            note="Demo rota",
        )
        for week in range(weeks)
    ]
    OnCallShift.objects.bulk_create(shifts)
    return len(shifts)


def _requester_for(scenario: Scenario, agency: Agency | None, demo_agency) -> User:
    if scenario.demo_agency and demo_agency is not None and agency == demo_agency:
        contact = _demo_contact()
        if contact is not None:
            return contact
    name, title = scenario.requester
    email = _email(name)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(actor=None, email=email, full_name=name, password=None, title=title)
    if agency is not None and not AgencyMembership.objects.filter(user=user).exists():
        agency_membership_grant(
            actor=_staff_reviewers()[0],
            user=user,
            agency=agency,
            role=AgencyMembership.Role.POINT_OF_CONTACT,
            method=VerificationMethod.OTHER,
            note="Demo requester, seeded for trying the platform.",
            requested_via="Demo seeding",
        )
    return user


def _by_slug(model, slugs) -> list:
    return list(model.objects.filter(slug__in=list(slugs)))


def _draft(scenario: Scenario, agency, requester: User, when: datetime.datetime):
    with _demo_clock(when):
        ar = drafts.draft_create(actor=requester, session={})
        if agency is not None:
            agency_answers: dict[str, Any] = {"agency": agency}
        else:
            unlisted = dict(scenario.unlisted)
            unlisted["unlisted_state"] = State.objects.filter(
                usps=unlisted.pop("unlisted_state", "")
            ).first()
            agency_answers = {"agency": None, **unlisted}
        steps: list[tuple[str, dict[str, Any]]] = [
            ("agency", agency_answers),
            (
                "authorization",
                {
                    "chief_name": scenario.chief[0],
                    "chief_title": scenario.chief[1],
                    "chief_email": _email("chief " + scenario.chief[0]),
                    "attests_voluntary": True,
                    "attests_chief_supports": True,
                },
            ),
            (
                "needs",
                {
                    "services": _by_slug(Service, scenario.services),
                    "not_sure": scenario.not_sure,
                    "topics": _by_slug(Topic, [slugify(t) for t in scenario.topics]),
                    "goals": _by_slug(Goal, scenario.goals),
                    "concern_scope": scenario.scope,
                    "narrative": scenario.narrative,
                    "desired_timeframe": scenario.timeframe,
                    "earlier_assistance": scenario.earlier,
                    "has_critical_incident": scenario.incident is not None,
                },
            ),
        ]
        if scenario.incident is not None:
            incident = scenario.incident
            steps.append(
                (
                    "incident",
                    {
                        "incident_date": timezone.localdate(when)
                        - datetime.timedelta(days=incident.days_before),
                        "incident_kind": incident.kind,
                        "incident_public_attention": incident.attention,
                        "other_reviews_underway": incident.other_reviews,
                        "other_reviews_detail": incident.other_reviews_detail,
                    },
                )
            )
        for step, answers in steps:
            ar = drafts.draft_save_step(
                actor=requester, assistance_request=ar, step=step, cleaned_data=answers
            )
    return ar


def _play_step(step: Step, ar, requester: User, reviewer: User) -> None:
    if step.action == "review":
        triage.request_review_start(actor=reviewer, assistance_request=ar)
    elif step.action == "confirm":
        chief.chief_respond(token=chief.chief_confirm_token(ar), supports=True)
    elif step.action == "note":
        triage.request_note_add(actor=reviewer, assistance_request=ar, note=step.text)
    elif step.action == "message":
        triage.request_message_send(actor=reviewer, assistance_request=ar, body=step.text)
    elif step.action == "ask":
        triage.request_information_ask(actor=reviewer, assistance_request=ar, question=step.text)
    elif step.action == "answer":
        triage.request_information_answer(actor=requester, assistance_request=ar, answer=step.text)
    elif step.action == "accept":
        triage.request_accept(
            actor=reviewer,
            assistance_request=ar,
            program=Program.objects.get(slug=step.program),
            services=_by_slug(Service, step.services),
            note=step.note,
        )
    elif step.action == "decline":
        triage.request_decline(
            actor=reviewer, assistance_request=ar, reason=step.reason, note=step.note
        )
    elif step.action == "refer":
        triage.request_refer(
            actor=reviewer, assistance_request=ar, target=step.target, note=step.note
        )
    elif step.action == "withdraw":
        triage.request_withdraw(actor=requester, assistance_request=ar, reason=step.reason)
    else:  # pragma: no cover - scenarios_load() admits only the actions above
        raise ValueError(f"Unknown demo step {step.action!r}")


def seed_requests(*, count: int = 40, report: Any = None, scenarios_file=SCENARIOS_FILE) -> int:
    """Create the demo requests (about 40); returns how many were created (0 when they exist).

    The stories come from `demo_scenarios.toml` (checked as it is read: a bad entry raises
    DemoScenarioError before anything is written). `report`, when given, is told what
    happened through `report.say(line)`.
    """
    demo_refuse_in_production()
    stories = scenarios_load(scenarios_file)

    def say(line: str) -> None:
        if report is not None:
            report.say(line)

    if demo_requests_exist():
        say("Demo requests exist already; none were added.")
        return 0
    if not Agency.objects.exists():
        say("No agencies in the directory yet, so no demo requests were created.")
        return 0
    rng = random.Random(DEMO_SEED)
    picker = _AgencyPicker(rng)
    demo_agency = demo_agency_pick()
    if demo_agency is not None:
        picker.reserved.add(demo_agency.pk)
    reviewers = _staff_reviewers()
    real_now = timezone.now()
    if _on_call_rota(reviewers, timezone.localdate(real_now)):
        say("Created a weekly on-call rota among the demo reviewers.")
    scenarios = [stories[i % len(stories)] for i in range(count)]
    # Oldest first, so tracking numbers rise with the submission dates.
    scenarios.sort(key=lambda scenario: -scenario.days_ago)
    created = 0
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        outbox_disabled(),  # demo data queues no email either
    ):
        for position, scenario in enumerate(scenarios):
            if scenario.unlisted:
                agency = None
            elif scenario.demo_agency and demo_agency is not None:
                agency = demo_agency
            else:
                agency = picker.pick(scenario.agency_type, scenario.population)
            requester = _requester_for(scenario, agency, demo_agency)
            reviewer = reviewers[position % len(reviewers)]
            # Working hours (local time), spread through the day, never in the future.
            start = timezone.localtime(
                real_now - datetime.timedelta(days=scenario.days_ago)
            ).replace(hour=9 + position % 8, minute=(position * 7) % 60, second=0, microsecond=0)
            start = min(start, real_now - datetime.timedelta(hours=2))
            ar = _draft(scenario, agency, requester, start - datetime.timedelta(hours=1))
            created += 1
            if not scenario.submit:
                continue
            with _demo_clock(start):
                submission.request_submit(actor=requester, assistance_request=ar)
            last = start
            for number, step in enumerate(scenario.steps):
                moment = start + datetime.timedelta(days=step.day, minutes=30 * (number + 1))
                moment = max(min(moment, real_now), last + datetime.timedelta(seconds=1))
                last = moment
                ar.refresh_from_db()
                with _demo_clock(moment):
                    _play_step(step, ar, requester, reviewer)
    say(f"Created {created} demo requests.")
    return created
