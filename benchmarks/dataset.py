"""National-scale data for the load benchmark, written in bulk (benchmarks/bulk.py).

`populate(scale)` writes `scale` × 25,000 assistance requests across the agencies already in
the database (the real directory: `manage.py import_agencies`), with what years of use leave
behind: most requests closed (accepted, declined, referred, withdrawn) and the open ones recent,
some abandoned drafts, first responses recorded, reviewers, requested and recommended services,
topics and goals, critical incidents, a few agencies not in the directory, the events of each
request's history (with the audiences the access policy gives them), messages between staff
and agencies, and the notification outbox. People: program staff (a team of 40 for each 25,000
requests, so each person's caseload is the same at every scale: `team_of`), and for each agency
that asks for help a member (verified where the model records verification; a few still waiting).
A later stage (benchmarks/engagements_data.py) adds the expert pool and provider staff, and an
engagement for each accepted request (most closed) with its team, milestones, activities and
history.

It is deterministic (seeded) and additive: `populate(10, start_scale=1)` adds the requests that
take a 1× database to 10×, the same ones a fresh 10× run writes. Run it in a migrated database.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass

from .bulk import IdBlock, insert_objects, insert_rows, reset_sequences
from .common import weighted
from .engagements_data import engagements_write, pool_grow
from .people import (
    STAFF_PER_SCALE,
    members_by_agency,
    members_create,
    staff_grow,
    unlisted_requesters_create,
)
from .story import DECISION_TEMPLATE, request_with_history

REQUESTS_PER_SCALE = 25_000
CHUNK = 5_000
SEED = 2026
DRAFT_SHARE = 0.06
UNLISTED_SHARE = 0.03
STATUSES = [
    ("submitted", 2),
    ("in_review", 3),
    ("needs_information", 1),
    ("accepted", 40),
    ("declined", 17),
    ("referred", 13),
    ("withdrawn", 24),
]
#: Skew of requests over agencies: the n-th busiest agency asks 1/n**SKEW as often as the first.
SKEW = 0.5


@dataclass
class Context:
    rng: random.Random
    now: datetime.datetime
    #: Every program staff member of the data, and the team of the requests being written
    #: (`team_of`): the 40 of their 25,000.
    all_staff: list[int]
    staff: list[int]
    agencies: list[int]
    cum_weights: list[float]
    members: dict[int, int]
    programs: dict[int, str]
    services: dict[int, list[int]]
    topics: list[int]
    goals: list[int]
    routing_table: int | None
    request_type: int
    audiences: dict[str, int]
    counters: dict[int, int]
    states: list[int]
    request_ids: IdBlock
    message_ids: IdBlock


def _catalog_and_policy():
    from django.contrib.contenttypes.models import ContentType

    from continuum.catalog.models import Goal, Program, Service, Topic
    from continuum.core.policy import Audience, policy_for
    from continuum.intake.models import AssistanceRequest, RoutingTable

    programs = dict(Program.objects.order_by("order", "pk").values_list("pk", "slug"))
    services = {pk: [] for pk in programs}
    for pk, program in Service.objects.order_by("pk").values_list("pk", "program_id"):
        services[program].append(pk)
    if not programs or not all(services.values()):
        raise SystemExit("The catalog is empty: run the migrations first (they seed it).")
    policy = policy_for(AssistanceRequest)
    verbs = [
        "created",
        "submitted",
        "routing_recommended",
        "reviewer_assigned",
        "review_started",
        "information_requested",
        "information_provided",
        "message_sent",
        "note_added",
        *DECISION_TEMPLATE,
    ]
    audiences = {
        verb: int((policy.event_audience(verb) if policy else Audience.STAFF) | Audience.STAFF)
        for verb in verbs
    }
    table = RoutingTable.objects.filter(is_active=True).values_list("pk", flat=True).first()
    return {
        "programs": programs,
        "services": services,
        "topics": list(Topic.objects.order_by("pk").values_list("pk", flat=True)),
        "goals": list(Goal.objects.order_by("pk").values_list("pk", flat=True)),
        "routing_table": table,
        "request_type": ContentType.objects.get_for_model(AssistanceRequest).pk,
        "audiences": audiences,
    }


def _context(now, last: int) -> Context:
    from continuum.agencies.models import Agency, State
    from continuum.intake.models import AssistanceRequest, RequestMessage, TrackingCounter

    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    if not agencies:
        raise SystemExit("The directory is empty: run `manage.py import_agencies` first.")
    # A fixed order of how busy each agency is, whatever the scale.
    random.Random(SEED).shuffle(agencies)
    cum_weights = list(
        itertools.accumulate(1 / (rank + 1) ** SKEW for rank in range(len(agencies)))
    )
    blocks = -(-last // REQUESTS_PER_SCALE)  # each 25,000 requests (or part) has its team
    staff = staff_grow(now, STAFF_PER_SCALE * max(blocks, 1))
    return Context(
        rng=random.Random(SEED),
        now=now,
        all_staff=staff,
        staff=team_of(staff, 0),
        agencies=agencies,
        cum_weights=cum_weights,
        members=members_by_agency(),
        counters=dict(TrackingCounter.objects.values_list("year", "last_number")),
        states=list(State.objects.order_by("pk").values_list("pk", flat=True)),
        request_ids=IdBlock(AssistanceRequest),
        message_ids=IdBlock(RequestMessage),
        **_catalog_and_policy(),
    )


def team_of(all_staff: list[int], n: int) -> list[int]:
    """The program staff who handle request number `n`: the team of its 25,000 (a region's, in
    effect), so that each person's own work is the same at every scale."""
    block = n // REQUESTS_PER_SCALE
    return all_staff[block * STAFF_PER_SCALE : (block + 1) * STAFF_PER_SCALE]


def busiest_agency_id() -> int:
    """The agency that asks most often, at every scale (the benchmark's agency member's)."""
    from continuum.agencies.models import Agency

    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    random.Random(SEED).shuffle(agencies)
    return agencies[0]


def populate(scale: float, *, start_scale: float = 0, now=None, progress=None) -> dict:
    """Write the requests that take the database from `start_scale` to `scale` (see above)."""
    from django.db import transaction
    from django.utils import timezone

    from continuum.intake.models import AssistanceRequest, RequestMessage, TrackingCounter

    first, last = round(start_scale * REQUESTS_PER_SCALE), round(scale * REQUESTS_PER_SCALE)
    if last <= first:
        raise SystemExit("Choose a scale larger than the data already written.")
    from continuum.engagements.models import Engagement
    from continuum.engagements.services.workload import expert_workload_recount

    with transaction.atomic():
        ctx = _context(now or timezone.now(), last)
        pool = pool_grow(ctx, scale)
    start = first
    while start < last:
        # A chunk never spans two teams' requests.
        end = min(start + CHUNK, last, (start // REQUESTS_PER_SCALE + 1) * REQUESTS_PER_SCALE)
        ctx.rng = random.Random(f"{SEED}-{start}")
        ctx.staff = pool.staff = team_of(ctx.all_staff, start)
        with transaction.atomic():
            _write_chunk(ctx, start, end, pool)
        if progress:
            progress(end)
        start = end
    with transaction.atomic():
        TrackingCounter.objects.bulk_create(
            [TrackingCounter(year=y, last_number=n) for y, n in ctx.counters.items()],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last_number"],
        )
        reset_sequences(AssistanceRequest, RequestMessage, Engagement)
        # The team rows were written in bulk, past the services that keep each expert's count
        # of open engagements: count them once, as the migration that made the table did.
        expert_workload_recount()
    return {"requests": last, "engagements": Engagement.objects.count()}


def _write_chunk(ctx: Context, start: int, end: int, pool) -> None:
    from continuum.activity.models import Event, OutboundMessage
    from continuum.agencies.models import Agency
    from continuum.intake.models import AssistanceRequest, RequestMessage, agency_sort_key

    rng = ctx.rng
    plans = []
    for n in range(start, end):
        status = "draft" if rng.random() < DRAFT_SHARE else weighted(rng, STATUSES)
        unlisted = rng.random() < UNLISTED_SHARE
        agency = None if unlisted else rng.choices(ctx.agencies, cum_weights=ctx.cum_weights)[0]
        plans.append((n, status, agency))
    new_agencies = sorted({a for _, _, a in plans if a is not None and a not in ctx.members})
    if new_agencies:
        busiest = ctx.agencies[0]
        ctx.members.update(
            members_create(rng, new_agencies, ctx.staff, ctx.now, always_verified=busiest)
        )
    unlisted_users = unlisted_requesters_create([n for n, _, a in plans if a is None], ctx.now)

    requests, histories = [], []
    for n, status, agency in plans:
        ar, history = request_with_history(ctx, n, status, agency, unlisted_users.get(n))
        requests.append(ar)
        histories.append(history)
    insert_objects(AssistanceRequest, requests)
    chosen = _write_choices(ctx, requests)
    messages = [m for history in histories for m in history["messages"]]
    insert_objects(RequestMessage, messages)
    events, outbox = [], []
    for ar, history in zip(requests, histories, strict=True):
        target_id, target_repr = str(ar.pk), str(ar)
        for verb, actor, when, from_state, to_state, note, message in history["events"]:
            events.append(
                (
                    when,
                    actor,
                    verb,
                    ctx.request_type,
                    target_id,
                    target_repr,
                    from_state,
                    to_state,
                    note,
                    ctx.audiences.get(verb, 1),
                    {"message": message.pk} if message is not None else {},
                )
            )
        for key, when in history["outbox"]:
            outbox.append(_outbound(ctx, ar, key, when))
    insert_rows(Event, EVENT_COLUMNS, events)
    insert_rows(OutboundMessage, OUTBOX_COLUMNS, outbox)
    listed = {ar.agency_id for ar in requests if ar.status == "accepted" and ar.agency_id}
    names = {
        pk: agency_sort_key(name)
        for pk, name in Agency.objects.filter(pk__in=listed).values_list("pk", "name")
    }
    engagements_write(pool, start, requests, chosen, names)


def _write_choices(ctx: Context, requests) -> dict[int, tuple[list[int], list[int]]]:
    """Requested and recommended services, topics and goals; returns, for each accepted
    request, its services and topics (its engagement's)."""
    from continuum.intake.models import AssistanceRequest

    rng = ctx.rng
    asked, routed, topics, goals = [], [], [], []
    accepted: dict[int, tuple[list[int], list[int]]] = {}
    for ar in requests:
        program = ar.recommended_program_id or rng.choice(list(ctx.programs))
        choices = ctx.services[program]
        chosen = rng.sample(choices, k=min(len(choices), rng.randint(1, 3)))
        asked += [(ar.pk, service) for service in chosen]
        if ar.submitted_at is not None:
            routed.append((ar.pk, chosen[0]))
        subjects = rng.sample(ctx.topics, k=rng.randint(1, 3))
        topics += [(ar.pk, topic) for topic in subjects]
        if ar.status == "accepted":
            accepted[ar.pk] = (chosen, subjects)
        goals += [(ar.pk, goal) for goal in rng.sample(ctx.goals, k=rng.randint(0, 2))]
    for relation, other, rows in (
        (AssistanceRequest.services, "service_id", asked),
        (AssistanceRequest.recommended_services, "service_id", routed),
        (AssistanceRequest.topics, "topic_id", topics),
        (AssistanceRequest.goals, "goal_id", goals),
    ):
        insert_rows(relation.through, ["assistancerequest_id", other], rows)
    return accepted


EVENT_COLUMNS = [
    "created_at",
    "actor_id",
    "verb",
    "target_type_id",
    "target_id",
    "target_repr",
    "from_state",
    "to_state",
    "note",
    "audiences",
    "data",
]
OUTBOX_COLUMNS = [
    "created_at",
    "template_key",
    "recipients",
    "subject",
    "body",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "sent_at",
    "target_type_id",
    "target_id",
    "attachments",
]


def _outbound(ctx: Context, ar, key: str, when) -> tuple:
    """One notification (OUTBOX_COLUMNS): nearly all sent at once; a few recent ones failed."""
    recent = ctx.now - when < datetime.timedelta(days=3)
    failed = ctx.rng.random() < (0.05 if recent else 0.002)
    return (
        when,
        key,
        [ar.requester_email],
        f"Your request {ar.tracking_number}",
        f"About your request {ar.tracking_number} to the Collaborative Reform Initiative.",
        "failed" if failed else "sent",
        8 if failed else 1,
        "The mail server refused the address." if failed else "",
        when,
        None if failed else when,
        ctx.request_type,
        str(ar.pk),
        [],
    )
