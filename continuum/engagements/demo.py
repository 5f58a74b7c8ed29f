"""Demo engagements: one in every state of the lifecycle, worked as people would work them.

`seed_engagements()` takes the engagements that the demo requests' acceptance created (see
`continuum/intake/demo_scenarios.toml`), accepts two more requests through intake's services, and
plays each engagement's story through the real services and the workflow: provider, team (the
lead expert from matching), plan, agreement accepted by the agency's chief executive, milestones,
activities with hours and travel, meetings, deliverables with a small PDF, status changes, the
evaluation, a follow-on request and a peer exchange. Each step runs under intake's demo clock,
so dates and events agree. Statuses change only through the workflow; emails are not sent.

Idempotent: once a demo engagement has a team, nothing is added. Refused in production.
Run after `seed_demo`, `seed_demo_requests` and `seed_demo_experts`.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from continuum.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_EMAIL_DOMAIN,
    DemoReport,
    demo_agency_pick,
    demo_provider_pick,
    demo_refuse_in_production,
)
from continuum.accounts.models import (
    AgencyMembership,
    MembershipStatus,
    User,
    VerificationMethod,
)
from continuum.accounts.services import (
    agency_membership_grant,
    provider_membership_set,
    user_create,
)
from continuum.activity.outbox.services import outbox_disabled
from continuum.catalog.models import Program, ProviderOrganization
from continuum.documents.choices import TEAM_AND_AGENCY, DocumentKind
from continuum.documents.services import Upload, document_attach
from continuum.intake import demo as intake_demo
from continuum.intake.demo_scenarios import Scenario, Step
from continuum.intake.services import submission
from continuum.providers.matching import exclusions_for, match_experts
from continuum.providers.models import ExpertProfile

from .choices import (
    ActivityKind,
    DeliverableKind,
    DeliveryMode,
    Effectiveness,
    EngagementStatus,
    MeetingKind,
    TeamRole,
)
from .models import Engagement
from .services import (
    activities,
    agreement,
    deliverables,
    evaluation,
    follow_ons,
    lifecycle,
    meetings,
    peer_exchange,
    team,
    workplan,
)

DEMO_SEED = 909

#: Two more requests accepted through intake's services, for the states the demo requests
#: do not reach (an active engagement with a peer exchange, and one the program ended).
EXTRA_SCENARIOS = [
    Scenario(
        agency_type="municipal",
        population=(100_000, 500_000),
        requester=("Jamie Ortega", "Captain, professional standards"),
        chief=("Ellis Warren", "Chief of Police"),
        narrative="Our new chief wants to see how a department like ours rebuilt its early "
        "intervention system, and wants advice on rolling one out here.",
        days_ago=118,
        services=("peer-exchange", "executive-consultation"),
        topics=("Early intervention systems",),
        goals=("capacity",),
        steps=(
            Step(day=2, action="review"),
            Step(day=3, action="confirm"),
            Step(
                day=5,
                action="accept",
                program="cri-tac",
                services=("peer-exchange", "executive-consultation"),
                note="A peer visit to a department that has done it, then consultation.",
            ),
        ),
    ),
    Scenario(
        agency_type="sheriff",
        requester=("Robin Castillo", "Chief deputy"),
        chief=("Dale Pruitt", "Sheriff"),
        narrative="We want de-escalation training for our patrol and jail deputies.",
        days_ago=115,
        services=("training",),
        topics=("De-escalation",),
        goals=("safety",),
        steps=(
            Step(day=1, action="review"),
            Step(day=2, action="confirm"),
            Step(
                day=4,
                action="accept",
                program="cri-tac",
                services=("training",),
                note="Train-the-trainer sessions for patrol and corrections.",
            ),
        ),
    ),
]


@dataclass
class Story:
    """What to do with one engagement: the state it ends in and what happens on the way."""

    target: str
    expert_is_demo: bool = False
    agreement: str = "accepted"  # "", "prepared", "accepted"
    deliverables: list[tuple[str, str, str]] = field(default_factory=list)  # title, kind, stop
    follow_on: str = ""  # the program slug of a follow-on request
    peer_exchange: bool = False
    evaluation_answered: bool = False
    end_reason: str = ""


_FACT_CHECK, _APPROVAL, _PUBLISHED = "agency_fact_check", "program_approval", "published"


def _account(key: str) -> User | None:
    email = next(a.email for a in DEMO_ACCOUNTS if a.key == key)
    return User.objects.filter(email=email).first()


def demo_engagements_exist() -> bool:
    return Engagement.objects.filter(
        assistance_request__requester_email__iendswith=f"@{DEMO_EMAIL_DOMAIN}",
        team__isnull=False,
    ).exists()


class _Clock:
    """Moments for one engagement's story: never in the future, always moving forward."""

    def __init__(self, start: datetime.datetime, real_now: datetime.datetime):
        self.start, self.real_now, self.last = start, real_now, start

    def at(self, days: float, hour: int = 10) -> datetime.datetime:
        moment = timezone.localtime(self.start + datetime.timedelta(days=days)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        moment = min(moment, self.real_now - datetime.timedelta(minutes=30))
        moment = max(moment, self.last + datetime.timedelta(seconds=1))
        self.last = moment
        return moment


def _pdf(title: str) -> SimpleUploadedFile:
    """A small, valid one-page PDF that says its title."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:80]
    stream = f"BT /F1 14 Tf 40 740 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj".encode() + obj + b"endobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{slugify(title)}.pdf", body, content_type="application/pdf")


def _chief_of(engagement: Engagement, staff: User) -> User:
    """The agency's chief executive as a verified member (the demo chief for the demo agency)."""
    live = AgencyMembership.objects.filter(
        agency_id=engagement.agency_id,
        role=AgencyMembership.Role.EXECUTIVE,
        status=MembershipStatus.VERIFIED,
        user__is_active=True,
    ).select_related("user")
    found = live.order_by("pk").first()
    if found is not None:
        return found.user
    ar = engagement.assistance_request
    name = ar.chief_name or "Chief Executive"
    email = f"chief.{slugify(name).replace('-', '.')}.{engagement.agency_id}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first() or user_create(
        actor=None, email=email, full_name=name, password=None, title=ar.chief_title or "Chief"
    )
    agency_membership_grant(
        actor=staff,
        user=user,
        agency=engagement.agency,
        role=AgencyMembership.Role.EXECUTIVE,
        method=VerificationMethod.KNOWN_CHIEF,
        note="Demo chief executive, seeded for trying the platform.",
        requested_via="Demo seeding",
    )
    return user


def _coordinator_of(provider: ProviderOrganization) -> User:
    """The provider's coordinator: the demo coordinator for IACP, a demo account elsewhere."""
    found = (
        User.objects.filter(
            provider_membership__organization=provider,
            provider_membership__role="coordinator",
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    email = f"coordinator.{provider.slug}@{DEMO_EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first() or user_create(
        actor=None,
        email=email,
        full_name=f"{provider.name} coordinator"[:150],
        password=None,
        title="Technical assistance coordinator",
    )
    provider_membership_set(actor=None, user=user, organization=provider, role="coordinator")
    return user


def _add_expert(staff: User, engagement: Engagement, user: User, role: str) -> None:
    profile = ExpertProfile.objects.get(user=user)
    excluded = exclusions_for(engagement, profile)
    team.team_member_add(
        actor=staff,
        engagement=engagement,
        user=user,
        role=role,
        override_reason="Demo: chosen by the program for this engagement." if excluded else "",
    )


def _experts_from_matching(engagement: Engagement, skip: set[int], count: int) -> list[User]:
    result = match_experts(engagement)
    picked = [m.user_id for m in result.ranked if m.user_id not in skip][:count]
    return list(User.objects.filter(pk__in=picked))


def _team(staff, engagement, story, provider, demo_expert) -> User:
    """Provider, lead expert (matching's first, or the demo expert), experts, coordinator,
    agency contact. Returns the lead expert."""
    team.engagement_provider_set(actor=staff, engagement=engagement, provider=provider)
    skip = {demo_expert.pk} if demo_expert else set()
    found = _experts_from_matching(engagement, skip, 2)
    if story.expert_is_demo and demo_expert is not None:
        lead, others = demo_expert, found[:1]
    else:
        lead, others = (found[0], found[1:]) if found else (None, [])
    if lead is not None:
        _add_expert(staff, engagement, lead, TeamRole.LEAD_EXPERT)
    for user in others:
        _add_expert(staff, engagement, user, TeamRole.EXPERT)
    team.team_member_add(
        actor=staff,
        engagement=engagement,
        user=_coordinator_of(provider),
        role=TeamRole.PROVIDER_COORDINATOR,
    )
    contact = engagement.assistance_request.requester
    if AgencyMembership.objects.filter(
        user=contact, agency_id=engagement.agency_id, status=MembershipStatus.VERIFIED
    ).exists():
        team.team_member_add(
            actor=staff, engagement=engagement, user=contact, role=TeamRole.AGENCY_CONTACT
        )
    return lead


def _work(staff, engagement, story, clock, lead, rng, *, until: float) -> None:
    """Milestones, activities, meetings and deliverables between day 14 and `until`."""
    actor = lead or staff
    attendees = [m.user for m in engagement.team.filter(left_at__isnull=True)]
    # One meeting in the past, scheduled ahead of time.
    when = clock.start + datetime.timedelta(days=16)
    with intake_demo._demo_clock(clock.at(14)):
        if when > clock.last + datetime.timedelta(hours=2):
            meetings.meeting_schedule(
                actor=staff,
                engagement=engagement,
                kind=MeetingKind.MEETING,
                title="Kick-off meeting",
                starts_at=when.replace(hour=14, minute=0, second=0, microsecond=0),
                ends_at=when.replace(hour=15, minute=0, second=0, microsecond=0),
                attendees=attendees,
                link="https://meet.example.gov/kick-off",
            )
    # Due and done days after the acceptance. Open engagements keep some work ahead: the
    # active one has an overdue milestone and its report due ahead, the reporting one its report.
    ahead = (clock.real_now - clock.start).days + 25
    plan = [
        ("Kick-off meeting with the command staff", 16, 17),
        ("Collect policies, data and training records", 25, 30),
        ("Site visit and interviews", 40, 43),
        ("Draft findings shared with the agency", 55, 54),
        ("Final report delivered", 80, 81),
    ]
    done_count = {EngagementStatus.ACTIVE: 3, EngagementStatus.REPORTING: 4}.get(story.target, 5)
    if story.target in (EngagementStatus.ACTIVE, EngagementStatus.REPORTING):
        plan[-1] = (plan[-1][0], ahead, plan[-1][2])
    with intake_demo._demo_clock(clock.at(14)):
        rows = [
            workplan.milestone_add(
                actor=staff,
                engagement=engagement,
                title=title,
                due_on=(clock.start + datetime.timedelta(days=due)).date(),
                owner=lead,
            )
            for title, due, _done in plan
        ]
    steps: list[tuple[float, Any]] = []
    for index, (row, (_title, _due, done)) in enumerate(zip(rows, plan, strict=True)):
        if index < done_count and done < until:
            steps.append((done, ("milestone", row)))
    kinds = [
        (ActivityKind.VIRTUAL_CONSULTATION, DeliveryMode.VIRTUAL, "0"),
        (ActivityKind.DOCUMENT_REVIEW, DeliveryMode.OFFLINE, "0"),
        (ActivityKind.SITE_VISIT, DeliveryMode.IN_PERSON, "1240.50"),
        (ActivityKind.FACILITATED_DISCUSSION, DeliveryMode.HYBRID, "385.00"),
        (ActivityKind.DATA_ANALYSIS, DeliveryMode.OFFLINE, "0"),
    ]
    day = 17
    for kind in kinds:
        if day >= until:
            break
        steps.append((day + 0.5, ("activity", kind)))
        day += rng.randint(6, 11)
    for when, (what, item) in sorted(steps, key=lambda step: step[0]):
        moment = clock.at(when, hour=17)
        done_on = timezone.localdate(moment)
        with intake_demo._demo_clock(moment):
            if what == "milestone":
                workplan.milestone_complete(actor=actor, milestone=item, completed_on=done_on)
                continue
            kind, mode, travel = item
            activities.activity_log(
                actor=actor,
                engagement=engagement,
                kind=kind,
                occurred_on=done_on,
                hours=Decimal(rng.choice(["1.5", "2", "3", "6", "8"])),
                delivery_mode=mode,
                participants=rng.randint(2, 14),
                travel_cost=Decimal(travel),
                notes="Demo activity.",
            )
    for title, kind, stop in story.deliverables:
        _deliverable(staff, engagement, clock, actor, title, kind, stop)


def _deliverable(staff, engagement, clock, actor, title, kind, stop) -> None:
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 1)):
        row = deliverables.deliverable_add(
            actor=actor,
            engagement=engagement,
            title=title,
            kind=kind,
            due_on=timezone.localdate() + datetime.timedelta(days=21),
            owner=actor if actor != staff else None,
        )
    if stop == "drafting":
        return
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 1)):
        document_attach(
            actor=actor,
            target=row,
            upload=Upload(
                file=_pdf(title),
                kind=DocumentKind.REPORT,
                name=f"{title}.pdf",
                visibility=int(TEAM_AND_AGENCY),
            ),
        )
        deliverables.deliverable_transition(
            actor=actor, deliverable=row, action="submit_for_review"
        )
    if stop == "internal_review":
        return
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 2)):
        deliverables.deliverable_transition(actor=actor, deliverable=row, action="send_to_agency")
    if stop == _FACT_CHECK:
        return
    contact = engagement.assistance_request.requester
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 3)):
        deliverables.deliverable_transition(actor=contact, deliverable=row, action="agency_confirm")
    if stop == _APPROVAL:
        return
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 2)):
        deliverables.deliverable_transition(actor=staff, deliverable=row, action="approve")
    if stop == "final":
        return
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 1)):
        deliverables.deliverable_transition(actor=staff, deliverable=row, action="publish")


def _days_in(clock: _Clock) -> float:
    return (clock.last - clock.start).total_seconds() / 86400


def _upcoming_meetings(staff, engagement, real_now) -> None:
    attendees = [m.user for m in engagement.team.filter(left_at__isnull=True)]
    base = timezone.localtime(real_now).replace(hour=0, minute=0, second=0, microsecond=0)
    for days, title, kind, place in (
        (6, "Progress check-in", MeetingKind.MEETING, ""),
        (20, "Site visit: patrol ride-alongs and interviews", MeetingKind.SITE_VISIT, "Police HQ"),
    ):
        start = base + datetime.timedelta(days=days, hours=10)
        meetings.meeting_schedule(
            actor=staff,
            engagement=engagement,
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2 if place else 1),
            attendees=attendees,
            place=place,
            link="" if place else "https://meet.example.gov/check-in",
        )


def _play(staff, engagement, story, provider, demo_expert, real_now, rng, hosts) -> None:
    start = engagement.assistance_request.decided_at or engagement.created_at
    clock = _Clock(start, real_now)
    with intake_demo._demo_clock(clock.at(1)):
        lead = _team(staff, engagement, story, provider, demo_expert)
        scope = (
            f"{engagement.program.name} for {engagement.agency}: "
            + ", ".join(s.name for s in engagement.services.all())
            + "."
        )
        lifecycle.engagement_plan_update(
            actor=staff,
            engagement=engagement,
            scope=scope,
            starts_on=(start + datetime.timedelta(days=14)).date(),
            ends_on=(start + datetime.timedelta(days=180)).date(),
        )
    if story.agreement:
        with intake_demo._demo_clock(clock.at(3)):
            row = agreement.agreement_prepare(
                actor=staff,
                engagement=engagement,
                point_of_contact=engagement.assistance_request.requester,
            )
        if story.agreement == "accepted":
            chief = _chief_of(engagement, staff)
            with intake_demo._demo_clock(clock.at(6)):
                agreement.agreement_accept(
                    actor=chief,
                    agreement=row,
                    name=chief.full_name,
                    title=chief.title or "Chief of Police",
                )
    if story.target == EngagementStatus.PLANNING:
        return
    with intake_demo._demo_clock(clock.at(14)):
        lifecycle.engagement_transition(actor=staff, engagement=engagement, action="start")
    until = {
        EngagementStatus.ACTIVE: 200,
        EngagementStatus.REPORTING: 200,
        EngagementStatus.MONITORING: 200,
        EngagementStatus.CLOSED: 200,
        EngagementStatus.TERMINATED: 35,
        EngagementStatus.WITHDRAWN: 30,
    }[story.target]
    _work(staff, engagement, story, clock, lead, rng, until=until)
    if story.peer_exchange and hosts:
        moment = clock.at(_days_in(clock) + 2, hour=17)
        with intake_demo._demo_clock(moment):
            peer_exchange.peer_exchange_record(
                actor=lead or staff,
                engagement=engagement,
                host_agency=hosts[0],
                occurred_on=timezone.localdate(moment) - datetime.timedelta(days=1),
                hours=Decimal("7"),
                delivery_mode=DeliveryMode.IN_PERSON,
                participants=4,
                notes="Two command staff members visited the host to see its early "
                "intervention system at work.",
            )
    if story.target in (EngagementStatus.WITHDRAWN, EngagementStatus.TERMINATED):
        _end(engagement, clock, story, "withdraw" if story.target == "withdrawn" else "terminate")
        return
    if story.target != EngagementStatus.ACTIVE:
        with intake_demo._demo_clock(clock.at(max(60, _days_in(clock) + 1))):
            lifecycle.engagement_transition(
                actor=staff, engagement=engagement, action="begin_reporting"
            )
    if story.follow_on:
        with intake_demo._demo_clock(clock.at(_days_in(clock) + 1)):
            follow_ons.follow_on_open(
                actor=staff,
                engagement=engagement,
                program=Program.objects.get(slug=story.follow_on),
                reason="The policy review found the agency's use-of-force reviews need an "
                "in-depth look with public reporting.",
            )
    if story.target == EngagementStatus.MONITORING:
        with intake_demo._demo_clock(clock.at(_days_in(clock) + 5)):
            lifecycle.engagement_transition(
                actor=staff, engagement=engagement, action="begin_monitoring"
            )
    if story.target in (
        EngagementStatus.ACTIVE,
        EngagementStatus.REPORTING,
        EngagementStatus.MONITORING,
    ):
        with intake_demo._demo_clock(real_now - datetime.timedelta(hours=1)):
            _upcoming_meetings(staff, engagement, real_now)
        return
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 4)):
        lifecycle.engagement_transition(actor=staff, engagement=engagement, action="close")
    if story.evaluation_answered:
        with intake_demo._demo_clock(clock.at(_days_in(clock) + 3)):
            evaluation.evaluation_answer(
                actor=engagement.assistance_request.requester,
                evaluation=engagement.evaluation,
                effectiveness=Effectiveness.EFFECTIVE,
                satisfaction=5,
                what_changed="We rewrote our after-action process and now brief the community "
                "within 30 days of a major incident.",
                would_recommend=True,
                respondent_name=engagement.assistance_request.requester.full_name,
            )


def _end(engagement, clock, story, action) -> None:
    actor = (
        engagement.assistance_request.requester
        if action == "withdraw"
        else _account("staff") or engagement.assistance_request.requester
    )
    with intake_demo._demo_clock(clock.at(_days_in(clock) + 2)):
        lifecycle.engagement_transition(
            actor=actor, engagement=engagement, action=action, reason=story.end_reason
        )


def _stories(engagements: list[Engagement], demo_agency) -> list[tuple[Engagement, Story]]:
    """Give each engagement its story, by program and services (the demo agency's own)."""

    def services(e: Engagement) -> set[str]:
        return {s.slug for s in e.services.all()}

    chosen: list[tuple[Engagement, Story]] = []
    used: set[int] = set()

    def take(test, story: Story) -> None:
        for e in engagements:
            if e.pk not in used and test(e):
                used.add(e.pk)
                chosen.append((e, story))
                return

    report = [("Draft report", DeliverableKind.REPORT, _PUBLISHED)]
    take(
        lambda e: demo_agency is not None and e.agency_id == demo_agency.pk,
        Story(EngagementStatus.PLANNING, expert_is_demo=True, agreement="prepared"),
    )
    take(
        lambda e: e.program.slug == "organizational-assessment",
        Story(
            EngagementStatus.MONITORING,
            expert_is_demo=True,
            deliverables=[
                ("Assessment report", DeliverableKind.ASSESSMENT, _PUBLISHED),
                ("First progress report", DeliverableKind.PROGRESS_REPORT, "internal_review"),
            ],
        ),
    )
    take(
        lambda e: "after-action-review" in services(e),
        Story(
            EngagementStatus.CLOSED,
            expert_is_demo=True,
            deliverables=[("After-action review", DeliverableKind.AFTER_ACTION_REVIEW, "final")],
            evaluation_answered=True,
        ),
    )
    take(
        lambda e: "bias-audit" in services(e),
        Story(EngagementStatus.CLOSED, deliverables=report),
    )
    take(
        lambda e: "peer-exchange" in services(e) and "executive-consultation" in services(e),
        Story(
            EngagementStatus.ACTIVE,
            expert_is_demo=True,
            peer_exchange=True,
            deliverables=[
                ("Peer exchange summary", DeliverableKind.REPORT, _FACT_CHECK),
                ("Early intervention roll-out plan", DeliverableKind.STRATEGIC_PLAN, "drafting"),
            ],
        ),
    )
    take(
        lambda e: {"policy-review", "training"} <= services(e),
        Story(
            EngagementStatus.REPORTING,
            expert_is_demo=True,
            follow_on="critical-response",
            deliverables=[
                (
                    "Use-of-force policy recommendations",
                    DeliverableKind.POLICY_RECOMMENDATIONS,
                    _APPROVAL,
                ),
                ("Training materials", DeliverableKind.TRAINING_MATERIALS, "internal_review"),
            ],
        ),
    )
    take(
        lambda e: "needs-assessment-recruitment" in services(e),
        Story(
            EngagementStatus.ACTIVE,
            deliverables=[("Recruitment needs assessment", DeliverableKind.ASSESSMENT, "drafting")],
        ),
    )
    take(
        lambda e: "needs-assessment-technology" in services(e),
        Story(
            EngagementStatus.WITHDRAWN,
            end_reason="A new chief arrived and wants to set the agency's priorities first.",
        ),
    )
    take(
        lambda e: services(e) == {"training"},
        Story(
            EngagementStatus.TERMINATED,
            end_reason="The agency stopped answering for three months; the program ended the "
            "engagement and the agency may ask again at any time.",
        ),
    )
    take(lambda e: True, Story(EngagementStatus.PLANNING, agreement=""))
    return chosen


def _extra_requests(report: DemoReport, real_now: datetime.datetime) -> None:
    """Accept two more requests through intake's services (skipped when they exist)."""
    reviewer = intake_demo._staff_reviewers()[0]
    picker = intake_demo._AgencyPicker(random.Random(DEMO_SEED))
    demo_agency = demo_agency_pick()
    used = Engagement.objects.values_list("agency_id", flat=True)
    picker.used_agencies.update(a for a in used if a)
    if demo_agency is not None:
        picker.reserved.add(demo_agency.pk)
    for scenario in EXTRA_SCENARIOS:
        email = intake_demo._email(scenario.requester[0])
        if User.objects.filter(email=email).exists():
            continue
        agency = picker.pick(scenario.agency_type, scenario.population)
        requester = intake_demo._requester_for(scenario, agency, None)
        start = real_now - datetime.timedelta(days=scenario.days_ago)
        ar = intake_demo._draft(scenario, agency, requester, start - datetime.timedelta(hours=1))
        with intake_demo._demo_clock(start):
            submission.request_submit(actor=requester, assistance_request=ar)
        for number, step in enumerate(scenario.steps):
            ar.refresh_from_db()
            moment = start + datetime.timedelta(days=step.day, minutes=30 * (number + 1))
            with intake_demo._demo_clock(moment):
                intake_demo._play_step(step, ar, requester, reviewer)
        report.say(f"Accepted one more demo request, from {agency}.")


def seed_engagements(*, report: DemoReport) -> int:
    """Play the demo engagements' stories; returns how many engagements were worked now."""
    demo_refuse_in_production()
    if demo_engagements_exist():
        report.say("Demo engagements exist already; none were added.")
        return 0
    staff = _account("staff")
    provider = demo_provider_pick()
    if staff is None or provider is None or not intake_demo.demo_requests_exist():
        report.say(
            "Demo engagements need the demo accounts and requests first: run seed_demo and "
            "seed_demo_requests, then seed_demo_engagements."
        )
        return 0
    from continuum.providers.demo import demo_expert_profile_ensure, seed_experts

    seed_experts(report=report)
    demo_expert = demo_expert_profile_ensure(report=report)
    real_now = timezone.now()
    rng = random.Random(DEMO_SEED)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        outbox_disabled(),
        transaction.atomic(),
    ):
        _extra_requests(report, real_now)
        engagements = list(
            Engagement.objects.filter(
                assistance_request__requester_email__iendswith=f"@{DEMO_EMAIL_DOMAIN}",
                status=EngagementStatus.PLANNING,
            )
            .select_related("program", "agency", "assistance_request__requester")
            .order_by("assistance_request__decided_at", "pk")
        )
        stories = _stories(engagements, demo_agency_pick())
        # Closed engagements first, so the peer exchange has a host that finished its own.
        order = {"closed": 0}
        stories.sort(key=lambda pair: order.get(pair[1].target, 1))
        others = list(ProviderOrganization.objects.exclude(pk=provider.pk).order_by("name")[:3])
        hosts: list[Any] = []
        for number, (engagement, story) in enumerate(stories):
            # The demo expert's engagements are IACP's (the demo coordinator's and provider
            # staff's organization); the others alternate with other partners.
            chosen = provider
            if others and not story.expert_is_demo and number % 2:
                chosen = others[number % len(others)]
            _play(staff, engagement, story, chosen, demo_expert, real_now, rng, hosts)
            engagement.refresh_from_db()
            if engagement.status == EngagementStatus.CLOSED and engagement.agency_id:
                hosts.append(engagement.agency)
            report.say(f"Engagement {engagement.public_id}: {engagement.get_status_display()}.")
    report.say(f"Demo engagements: {len(stories)} worked through their stories.")
    return len(stories)
