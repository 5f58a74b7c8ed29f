"""The load benchmark's later stage: experts, provider staff and engagements, written in bulk.

`benchmarks/dataset.py` calls this module for each chunk of requests it writes:

- `pool_grow(ctx, scale)` (once per run): the provider organizations' staff (a coordinator and
  a few staff each, made once) and the expert pool, `EXPERTS_AT_1X` experts at 1× (a national
  pool does not grow with the number of requests: smaller scales get their share, larger ones
  the same pool). Each expert has a profile (most vetted; a home state, languages, travel,
  capacity), expertise in services and topics with levels, positions held, some availability
  windows and a few declared conflicts.
- `engagements_write(pool, requests, chosen)` (per chunk): one engagement per accepted request,
  in the status its age gives it (most closed; recent ones planning, active, reporting, or
  monitoring for a program that monitors; a few withdrawn or ended by the program), with its
  team (lead expert and experts of its provider organization where it has them, never beyond an
  expert's capacity while open; the provider coordinator; a program manager; the agency's point
  of contact), milestones (some overdue on open engagements), activities with hours and costs,
  and the events of its history with the audiences the access policy gives each verb.

Deterministic: every chunk has its own random generator, separate from the requests' (so the
requests are the same ones whether or not this stage runs), and the experts are numbered.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from .bulk import IdBlock, insert_objects, insert_rows

SEED = "2026-engagements"
#: Experts in the national pool at 1× (the matching benchmark ranks this many).
EXPERTS_AT_1X = 5_000
#: Per provider organization: one coordinator and this many staff.
ORGANIZATION_STAFF = 3
#: Engagements that ended early: the agency withdrew, or the program ended it.
WITHDRAWN_SHARE = 0.06
TERMINATED_SHARE = 0.02
#: How long the work runs, by program order (CRI-TAC, Critical Response, Org. Assessment).
DURATION_DAYS = {1: (60, 240), 2: (120, 365), 3: (540, 1_100)}
REPORTING_DAYS = (30, 90)
MONITORING_DAYS = 365
VETTING = [("vetted", 80), ("in_review", 8), ("not_started", 5), ("lapsed", 7)]
TRAVEL = [("national", 50), ("regional", 25), ("in_state", 15), ("none", 10)]
LANGUAGES = [[]] * 14 + [["es"]] * 4 + [["zh"], ["vi"], ["es", "pt"], ["ase"], ["nv"], ["ko"]]
RANKS = [
    ("Chief of Police", "chief_executive"),
    ("Sheriff", "chief_executive"),
    ("Deputy Chief", "command"),
    ("Captain", "command"),
    ("Lieutenant", "supervisor"),
    ("Sergeant", "supervisor"),
    ("Police Officer", "officer"),
    ("Crime Analyst", "civilian_leader"),
    ("Inspector General", "oversight"),
    ("Professor of Criminology", "academic"),
    ("Police Legal Advisor", "legal"),
    ("Community Organizer", "community"),
]
AGENCY_TYPES = ["municipal", "county", "sheriff", "state", "tribal", "university", "special"]
AGENCY_SIZES = ["very_small", "small", "medium", "large", "very_large"]
ACTIVITY_KINDS = [
    ("site_visit", "in_person", 25),
    ("virtual_consultation", "virtual", 25),
    ("training", "in_person", 12),
    ("peer_exchange", "in_person", 5),
    ("facilitated_discussion", "hybrid", 8),
    ("document_review", "offline", 15),
    ("data_analysis", "offline", 10),
]
KIND_WEIGHTS = [weight for _, _, weight in ACTIVITY_KINDS]
MILESTONES = [
    "Kick-off meeting with command staff",
    "Document request fulfilled",
    "Site visit",
    "Interviews and focus groups",
    "Draft findings shared with the agency",
    "Training delivered",
    "Final report delivered",
]
ACTIVITY_NOTES = [
    "Met the command staff and reviewed the current policy.",
    "Reviewed thirty use-of-force reports with the training unit.",
    "Walked through the early-intervention system with the analyst.",
    "Held a listening session with community members.",
    "Delivered the de-escalation module to two shifts.",
]


@dataclass
class Pool:
    """The people engagements are staffed from, and their current (open) workload."""

    now: datetime.datetime
    staff: list[int]
    members: dict[int, int]
    programs: dict[int, tuple[int, str, bool]]  # pk -> (order, name, has_monitoring)
    organizations: list[int]
    coordinators: dict[int, int]  # organization -> coordinator user id
    experts: list[tuple[int, int, int | None]]  # (user id, capacity, organization)
    experts_of: dict[int, list[int]] = field(default_factory=dict)  # org -> indexes
    load: dict[int, int] = field(default_factory=dict)  # expert user id -> open engagements
    engagement_type: int = 0
    audiences: dict[str, int] = field(default_factory=dict)
    engagement_ids: IdBlock | None = None


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[-1] for p in pairs])[0]


def _aware(day: datetime.date, rng) -> datetime.datetime:
    from django.utils import timezone

    moment = datetime.datetime.combine(day, datetime.time(9)) + datetime.timedelta(
        minutes=rng.randint(0, 8 * 60)
    )
    return timezone.make_aware(moment, datetime.UTC)


# --- the pool -------------------------------------------------------------------------------


def _organization_staff(now, organizations: list[int]) -> dict[int, int]:
    """A coordinator and staff for each provider organization (once); org -> coordinator."""
    from continuum.accounts.models import ProviderMembership, User

    existing = dict(
        ProviderMembership.objects.filter(role="coordinator").values_list(
            "organization_id", "user_id"
        )
    )
    missing = [org for org in organizations if org not in existing]
    people = [(org, n) for org in missing for n in range(1 + ORGANIZATION_STAFF)]
    users = User.objects.bulk_create(
        [
            User(
                email=f"provider{org}-{n}@bench.test",
                full_name=f"{'Coordinator' if n == 0 else 'Project Associate'} {org}-{n}",
                title="Project coordinator" if n == 0 else "Project associate",
                password="!",  # noqa: S106 - an unusable password
                date_joined=now - datetime.timedelta(days=2_000),
            )
            for org, n in people
        ]
    )
    ProviderMembership.objects.bulk_create(
        [
            ProviderMembership(
                user_id=user.pk,
                organization_id=org,
                role="coordinator" if n == 0 else "staff",
                created_at=now,
                updated_at=now,
            )
            for (org, n), user in zip(people, users, strict=True)
        ]
    )
    for (org, n), user in zip(people, users, strict=True):
        if n == 0:
            existing[org] = user.pk
    return existing


def _experts_create(
    rng, now, first: int, last: int, organizations, services, topics, states, agencies
):
    """Experts numbered `first` to `last - 1`, with their profiles and what matching reads."""
    from continuum.accounts.models import User
    from continuum.providers.models import (
        AvailabilityWindow,
        ConflictDeclaration,
        Expertise,
        ExpertProfile,
        Position,
    )

    users = User.objects.bulk_create(
        [
            User(
                email=f"expert{n}@bench.test",
                full_name=f"Expert {n}",
                title="Subject-matter expert",
                is_expert=True,
                password="!",  # noqa: S106 - an unusable password
                date_joined=now - datetime.timedelta(days=rng.randint(30, 2_400)),
            )
            for n in range(first, last)
        ],
        batch_size=2_000,
    )
    profiles = []
    for user in users:
        vetting = _weighted(rng, VETTING)
        profiles.append(
            ExpertProfile(
                user_id=user.pk,
                organization_id=rng.choice(organizations) if rng.random() < 0.7 else None,
                home_state_id=rng.choice(states),
                languages=rng.choice(LANGUAGES),
                travel=_weighted(rng, TRAVEL),
                capacity=rng.choice([1, 2, 2, 3, 3, 4]),
                vetting_status=vetting,
                vetted_on=(now - datetime.timedelta(days=rng.randint(10, 1_500))).date()
                if vetting in ("vetted", "lapsed")
                else None,
                public_bio="Thirty years in policing; led reforms of use-of-force policy.",
                is_active=rng.random() < 0.95,
                created_at=user.date_joined,
                updated_at=user.date_joined,
            )
        )
    profiles = ExpertProfile.objects.bulk_create(profiles, batch_size=2_000)
    expertise, positions, windows, conflicts = [], [], [], []
    for profile in profiles:
        for service in rng.sample(services, k=min(len(services), rng.randint(1, 4))):
            expertise.append((profile.pk, service, None, rng.randint(1, 3)))
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 5))):
            expertise.append((profile.pk, None, topic, rng.randint(1, 3)))
        year = rng.randint(1985, 2015)
        for _ in range(rng.randint(1, 3)):
            title, rank = rng.choice(RANKS)
            end = year + rng.randint(2, 10)
            listed = rng.random() < 0.6
            positions.append(
                (
                    profile.pk,
                    title,
                    rank,
                    rng.choice(agencies) if listed else None,
                    "" if listed else "Regional Police Academy",
                    rng.choice(AGENCY_TYPES),
                    rng.choice(AGENCY_SIZES),
                    year,
                    end if end < now.year else None,
                )
            )
            year = min(end, now.year)
        if rng.random() < 0.4:
            start = now.date() + datetime.timedelta(days=rng.randint(-60, 200))
            kind = rng.choice(["available", "unavailable"])
            windows.append((profile.pk, kind, start, start + datetime.timedelta(days=90), ""))
        if rng.random() < 0.1:
            state = rng.random() < 0.3
            conflicts.append(
                (
                    profile.pk,
                    None if state else rng.choice(agencies),
                    rng.choice(states) if state else None,
                    "Worked there." if not state else "Serves on the state's standards board.",
                    now,
                )
            )
    insert_rows(Expertise, ["expert_id", "service_id", "topic_id", "level"], expertise)
    insert_rows(
        Position,
        [
            "expert_id",
            "title",
            "rank_level",
            "agency_id",
            "organization_name",
            "agency_type",
            "agency_size",
            "start_year",
            "end_year",
        ],
        positions,
    )
    insert_rows(AvailabilityWindow, ["expert_id", "kind", "starts_on", "ends_on", "note"], windows)
    insert_rows(
        ConflictDeclaration,
        ["expert_id", "agency_id", "state_id", "reason", "declared_at"],
        conflicts,
    )


def pool_grow(ctx, scale: float) -> Pool:
    """The provider staff and the expert pool for `scale` (adding what is missing); the pool
    with the open workload of each expert, to staff engagements from."""
    from django.contrib.contenttypes.models import ContentType

    from continuum.catalog.models import Program, ProviderOrganization
    from continuum.core.policy import Audience, policy_for
    from continuum.engagements.choices import OPEN_ENGAGEMENT_STATUSES
    from continuum.engagements.models import Engagement, TeamMember
    from continuum.providers.models import ExpertProfile

    organizations = list(ProviderOrganization.objects.order_by("pk").values_list("pk", flat=True))
    if not organizations:
        raise SystemExit("No provider organizations: run the migrations first (they seed them).")
    coordinators = _organization_staff(ctx.now, organizations)
    have = ExpertProfile.objects.count()
    want = round(EXPERTS_AT_1X * min(scale, 1))
    services = [s for program in ctx.services.values() for s in program]
    for first in range(have, want, 1_000):
        _experts_create(
            random.Random(f"{SEED}-experts-{first}"),
            ctx.now,
            first,
            min(first + 1_000, want),
            organizations,
            services,
            ctx.topics,
            ctx.states,
            ctx.agencies,
        )
    experts = list(
        ExpertProfile.objects.filter(is_active=True, vetting_status="vetted")
        .order_by("pk")
        .values_list("user_id", "capacity", "organization_id")
    )
    experts_of: dict[int, list[int]] = {}
    for index, (_, _, org) in enumerate(experts):
        if org is not None:
            experts_of.setdefault(org, []).append(index)
    load: dict[int, int] = {}
    for user in TeamMember.objects.filter(
        left_at__isnull=True,
        role__in=["lead_expert", "expert"],
        engagement__status__in=OPEN_ENGAGEMENT_STATUSES,
    ).values_list("user_id", flat=True):
        load[user] = load.get(user, 0) + 1
    policy = policy_for(Engagement)
    verbs = [
        "engagement_created",
        "engagement_started",
        "engagement_reporting",
        "engagement_monitoring",
        "engagement_closed",
        "engagement_withdrawn",
        "engagement_terminated",
    ]
    return Pool(
        now=ctx.now,
        staff=ctx.staff,
        members=ctx.members,
        programs={
            pk: (order, name, monitoring)
            for pk, order, name, monitoring in Program.objects.values_list(
                "pk", "order", "name", "has_monitoring"
            )
        },
        organizations=organizations,
        coordinators=coordinators,
        experts=experts,
        experts_of=experts_of,
        load=load,
        engagement_type=ContentType.objects.get_for_model(Engagement).pk,
        audiences={verb: int(policy.event_audience(verb) | Audience.STAFF) for verb in verbs},
        engagement_ids=IdBlock(Engagement),
    )


# --- engagements ----------------------------------------------------------------------------


def _story(pool: Pool, rng, ar) -> dict:
    """The status and dates of the engagement of accepted request `ar`, from its age."""
    order, _, monitors = pool.programs[ar.decided_program_id]
    today = pool.now.date()
    decided = ar.decided_at.date()
    starts = decided + datetime.timedelta(days=rng.randint(14, 45))
    low, high = DURATION_DAYS.get(order, DURATION_DAYS[1])
    ends = starts + datetime.timedelta(days=rng.randint(low, high))
    reported = ends + datetime.timedelta(days=rng.randint(*REPORTING_DAYS))
    monitored = reported + datetime.timedelta(days=MONITORING_DAYS) if monitors else reported
    path = [("engagement_created", "", "planning", decided)]
    early = rng.random()
    if early < WITHDRAWN_SHARE + TERMINATED_SHARE:
        end_status = "withdrawn" if early < WITHDRAWN_SHARE else "terminated"
        ended = starts + datetime.timedelta(days=rng.randint(-10, max(1, (ends - starts).days)))
        if ended <= today:
            steps = [("engagement_started", "planning", "active", starts)] if ended > starts else []
            state = "active" if steps else "planning"
            return {
                "starts": starts,
                "ends": ends,
                "status": end_status,
                "path": path + steps + [(f"engagement_{end_status}", state, end_status, ended)],
                "closed": ended,
            }
    steps = [
        ("engagement_started", "planning", "active", starts),
        ("engagement_reporting", "active", "reporting", ends),
    ]
    if monitors:
        steps.append(("engagement_monitoring", "reporting", "monitoring", reported))
    steps.append(("engagement_closed", steps[-1][2], "closed", monitored))
    done = [step for step in steps if step[3] <= today]
    status = done[-1][2] if done else "planning"
    return {
        "starts": starts,
        "ends": ends,
        "status": status,
        "path": path + done,
        "closed": monitored if status == "closed" else None,
    }


def _pick_experts(
    pool: Pool, rng, organization: int | None, count: int, is_open: bool
) -> list[int]:
    """`count` experts, from the organization's where it has them, none at capacity if open."""
    candidates = pool.experts_of.get(organization) or range(len(pool.experts))
    chosen: list[int] = []
    for _ in range(count * 8):
        if len(chosen) == count or not candidates:
            break
        user, capacity, _ = pool.experts[rng.choice(candidates)]
        if user in chosen or (is_open and pool.load.get(user, 0) >= capacity):
            continue
        chosen.append(user)
    if is_open:
        for user in chosen:
            pool.load[user] = pool.load.get(user, 0) + 1
    return chosen


def engagements_write(pool: Pool, start: int, requests, chosen: dict, names: dict) -> int:
    """One engagement per accepted request of this chunk (see the module's docstring).

    `chosen`: request id -> (its services, its topics); `names`: agency id -> sort name."""
    from continuum.activity.models import Event
    from continuum.engagements.models import Activity, Engagement, Milestone, TeamMember
    from continuum.intake.models import agency_sort_key

    from .dataset import EVENT_COLUMNS

    rng = random.Random(f"{SEED}-{start}")
    today = pool.now.date()
    engagements, services, topics, team, milestones, activities, events = [], [], [], [], [], [], []
    for ar in requests:
        if ar.status != "accepted":
            continue
        story = _story(pool, rng, ar)
        status = story["status"]
        is_open = status in ("planning", "active", "reporting", "monitoring")
        organization = rng.choice(pool.organizations)
        created = ar.decided_at
        _, program_name, _ = pool.programs[ar.decided_program_id]
        engagement = Engagement(
            pk=pool.engagement_ids.take(),
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            agency_id=ar.agency_id,
            assistance_request_id=ar.pk,
            program_id=ar.decided_program_id,
            provider_id=organization,
            status=status,
            scope="Review of policy, training and supervision, with recommendations.",
            starts_on=story["starts"],
            ends_on=story["ends"],
            end_reason={
                "withdrawn": "The agency's new chief asked to pause the work.",
                "terminated": "The agency did not provide the records the work needs.",
            }.get(status, ""),
            closed_at=_aware(story["closed"], rng) if story["closed"] else None,
            agency_sort_name=names.get(ar.agency_id) or agency_sort_key(ar.unlisted_agency_name),
            created_at=created,
            updated_at=_aware(story["path"][-1][3], rng) if len(story["path"]) > 1 else created,
        )
        engagements.append(engagement)
        asked, subjects = chosen.get(ar.pk, ([], []))
        services += [(engagement.pk, service) for service in asked]
        topics += [(engagement.pk, topic) for topic in subjects]

        experts = _pick_experts(pool, rng, organization, rng.randint(1, 3), is_open)
        joined = created + datetime.timedelta(days=rng.randint(1, 20))
        people = [(user, "lead_expert" if i == 0 else "expert") for i, user in enumerate(experts)]
        people.append((pool.coordinators[organization], "provider_coordinator"))
        people.append((ar.decided_by_id or rng.choice(pool.staff), "program_manager"))
        if ar.agency_id is not None and ar.agency_id in pool.members:
            people.append((pool.members[ar.agency_id], "agency_contact"))
        adder = pool.coordinators[organization]
        for user, role in people:
            team.append((joined, joined, engagement.pk, user, role, adder, "", [], None))
        lead = experts[0] if experts else None

        if status != "planning" or rng.random() < 0.5:
            span = max(1, (story["ends"] - story["starts"]).days)
            for index in range(rng.randint(3, 6)):
                due = story["starts"] + datetime.timedelta(days=span * (index + 1) // 6)
                done = due <= today and (not is_open or rng.random() < 0.8)
                completed = min(due + datetime.timedelta(days=rng.randint(-5, 10)), today)
                milestones.append(
                    (
                        created,
                        created,
                        engagement.pk,
                        MILESTONES[index % len(MILESTONES)],
                        "",
                        lead,
                        due,
                        completed if done else None,
                    )
                )
        worked_until = min(story["ends"], today, story["closed"] or today)
        if story["starts"] < worked_until and experts:
            days = (worked_until - story["starts"]).days
            for _ in range(rng.randint(2, 8)):
                kind, mode, _ = rng.choices(ACTIVITY_KINDS, weights=KIND_WEIGHTS)[0]
                occurred = story["starts"] + datetime.timedelta(days=rng.randint(0, days))
                travel = mode == "in_person"
                moment = _aware(occurred, rng)
                activities.append(
                    (
                        moment,
                        moment,
                        engagement.pk,
                        kind,
                        occurred,
                        Decimal(rng.randint(2, 64)) / 4,
                        Decimal(rng.randint(150, 2_500)) if travel else Decimal(0),
                        mode,
                        rng.randint(0, 60) if mode != "offline" else 0,
                        rng.choice(ACTIVITY_NOTES),
                        rng.choice(experts),
                        None,
                    )
                )
        target = str(engagement.pk)
        label = f"{program_name} engagement for {ar.tracking_number}"
        for verb, from_state, to_state, day in story["path"]:
            actor = (
                ar.decided_by_id
                if verb in ("engagement_created", "engagement_terminated")
                else (ar.requester_id if verb == "engagement_withdrawn" else rng.choice(pool.staff))
            )
            when = created if verb == "engagement_created" else _aware(day, rng)
            events.append(
                (
                    when,
                    actor,
                    verb,
                    pool.engagement_type,
                    target,
                    label,
                    from_state,
                    to_state,
                    engagement.end_reason if to_state in ("withdrawn", "terminated") else "",
                    pool.audiences[verb],
                    {},
                )
            )
    insert_objects(Engagement, engagements)
    insert_rows(Engagement.services.through, ["engagement_id", "service_id"], services)
    insert_rows(Engagement.topics.through, ["engagement_id", "topic_id"], topics)
    insert_rows(
        TeamMember,
        [
            "created_at",
            "updated_at",
            "engagement_id",
            "user_id",
            "role",
            "added_by_id",
            "override_reason",
            "overridden_exclusions",
            "left_at",
        ],
        team,
    )
    insert_rows(
        Milestone,
        [
            "created_at",
            "updated_at",
            "engagement_id",
            "title",
            "description",
            "owner_id",
            "due_on",
            "completed_on",
        ],
        milestones,
    )
    insert_rows(
        Activity,
        [
            "created_at",
            "updated_at",
            "engagement_id",
            "kind",
            "occurred_on",
            "hours",
            "travel_cost",
            "delivery_mode",
            "participants",
            "notes",
            "logged_by_id",
            "peer_agency_id",
        ],
        activities,
    )
    insert_rows(Event, EVENT_COLUMNS, events)
    return len(engagements)
