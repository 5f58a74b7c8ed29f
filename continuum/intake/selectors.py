"""Every non-trivial read of assistance requests, always scoped by the viewer.

The visibility rule lives in `requests_visible_to`; every list, count and page of this app
starts from it, so nothing can leak another agency's request.

The triage queue (`triage_queue`, `queue_counts`) takes a dict of filters, parsed by
`continuum.intake.queue_filters` (bad values raise `ValidationError` naming the filter). Lists
page by keyset (`triage_queue_page`, `request_list_page`) and count with a bound, so their cost
does not grow with the table (ADR 0012).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.accounts.roles import agency_membership_of
from continuum.activity.selectors import timeline_for
from continuum.core.lookups import one_by_public_id
from continuum.core.paging import COUNT_CAP, BoundedCount, KeysetPage, bounded_counts, keyset_page
from continuum.core.policy import Audience

from . import permissions
from .choices import OPEN_STATUSES, RequestStatus
from .models import AssistanceRequest
from .policy import REQUESTS
from .queue_filters import about, filters_q, is_empty, overdue_q, status_q
from .workflow import event_label

QUEUE_ORDERINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "newest": ("Newest first", ("-submitted_at", "-pk")),
    "oldest": ("Oldest first", ("submitted_at", "pk")),
    "agency_name": ("Agency name (A to Z)", ("agency_sort_name", "pk")),
    "tracking_number": ("Tracking number", ("tracking_number",)),  # unique
}
DEFAULT_QUEUE_ORDERING = "newest"

_ROW_RELATED = (
    "agency__state",
    "unlisted_state",
    "reviewer",
    "recommended_program",
    "decided_program",
)


# --- visibility ----------------------------------------------------------------------------


def requests_visible_to(user) -> QuerySet[AssistanceRequest]:
    """The requests this user may see at all (drafts only their creator's): the policy's rows."""
    return REQUESTS.queryset(user)


#: "My requests" lists sent requests newest first (the `(requester, submitted_at)` and
#: `(agency, submitted_at)` indexes serve it), and drafts last saved first.
SENT_REQUEST_KEYS = ("-submitted_at", "-pk")
DRAFT_KEYS = ("-updated_at", "-pk")


def _own_and_agency_parts(viewer) -> list[QuerySet[AssistanceRequest]]:
    """The policy's rule for a signed-in user who is not program staff, split in parts that
    each seek on one index: their own requests (drafts included) and, for a verified member,
    their agency's sent ones. The parts overlap where the viewer sent for their own agency
    (the merge keeps each row once). `requests_visible_to` is their union; a test holds the
    two to the same rows."""
    parts = [AssistanceRequest.objects.filter(requester_id=viewer.pk)]
    membership = agency_membership_of(viewer)
    if membership is not None:
        parts.append(
            AssistanceRequest.objects.filter(agency_id=membership.agency_id).exclude(
                status=RequestStatus.DRAFT
            )
        )
    return parts


def _rows_of(parts: list[QuerySet[AssistanceRequest]]) -> QuerySet[AssistanceRequest]:
    """The rows of a page, read by primary key from the union of its parts (one OR: the page's
    ids are looked up first, so the OR is only checked on those rows)."""
    rows = parts[0]
    for part in parts[1:]:
        rows = rows | part
    return rows.select_related("agency__state", "unlisted_state")


def sent_requests_page(*, viewer, cursor: str | None = None, size: int = 25) -> KeysetPage:
    """One keyset page of the viewer's sent requests and their agency's, newest first (the
    "My requests" page: staff see only theirs and their agency's there too).
    ValidationError for a cursor that is not one of this list's."""
    parts = [
        part.exclude(status=RequestStatus.DRAFT)
        for part in _own_and_agency_parts(viewer)
        if viewer.is_authenticated and viewer.is_active
    ] or [AssistanceRequest.objects.none()]
    return keyset_page(
        _rows_of(parts), keys=SENT_REQUEST_KEYS, cursor=cursor, size=size, tag="sent", parts=parts
    )


def drafts_page(*, viewer, cursor: str | None = None, size: int = 10) -> KeysetPage:
    """One keyset page of the viewer's own drafts, last saved first.
    ValidationError for a cursor that is not one of this list's.

    The page's ids are found as "the viewer's requests without `submitted_at`" (a request has
    one exactly when it has left the draft state), which the `(requester, submitted_at)`
    index finds without reading the viewer's sent requests; naming the status there instead
    would steer SQLite to the `(status, submitted_at)` index and every draft of everyone.
    The rows are then read as drafts of the viewer."""
    unsent = AssistanceRequest.objects.filter(requester_id=viewer.pk, submitted_at__isnull=True)
    if not (viewer.is_authenticated and viewer.is_active):
        unsent = unsent.none()
    rows = unsent.filter(status=RequestStatus.DRAFT).select_related(
        "agency__state", "unlisted_state"
    )
    return keyset_page(
        rows, keys=DRAFT_KEYS, cursor=cursor, size=size, tag="drafts", parts=[unsent]
    )


def request_for_viewer(*, viewer, public_id) -> AssistanceRequest:
    """One request by its public id, or Http404 when it does not exist or is not the viewer's."""
    try:
        public_id = uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404("No such request.") from exc
    # Found by its public id, then checked with the policy's one-object rule (a test holds it to
    # the list rule): for an agency member the list rule is a union of every id of their own
    # and their agency's requests, which grows with them (1,676 ids at 10x, 2 ms a page).
    found = one_by_public_id(
        AssistanceRequest.objects.select_related(
            *_ROW_RELATED, "requester", "decided_by", "routing_table"
        ),
        public_id,
    )
    if found is None or not REQUESTS.view(viewer, found):
        raise Http404("No such request.")
    prefetch_related_objects(
        [found], "services__program", "recommended_services", "topics", "goals"
    )
    return found


# --- the triage queue ----------------------------------------------------------------------


def sent_requests_visible_to(viewer) -> QuerySet[AssistanceRequest]:
    """Sent requests the viewer may see (the policy's `sent_visible_to`). A request has
    `submitted_at` exactly when it has left the draft state (`request_submit` sets it in the
    `submit` transition)."""
    return AssistanceRequest.objects.filter(REQUESTS.sent_visible_to(viewer))


def queue_filters_with_default(filters: dict | None) -> dict:
    """The queue shows open work unless a status is asked for ("all" for every status)."""
    filters = dict(filters or {})
    if is_empty(filters.get("status")):
        filters["status"] = "open"
    return filters


def triage_queue(
    *, viewer, filters: dict | None = None, ordering: str = DEFAULT_QUEUE_ORDERING, now=None
) -> QuerySet[AssistanceRequest]:
    """Submitted requests the viewer may see, filtered and sorted, ready to page with
    `triage_queue_page` (keyset pages: each sort has an index, see `QUEUE_ORDERINGS`).

    Program staff see every submitted request; anyone else only what `requests_visible_to`
    gives them. A page of rows costs a fixed number of queries (one for the page's ids, one
    for the rows with their agency, state, reviewer and programs, two for the requested and
    recommended services). Filters are taken as given: callers add the open-work default with
    `queue_filters_with_default`.
    """
    now = now or timezone.now()
    ordering = ordering or DEFAULT_QUEUE_ORDERING
    if ordering not in QUEUE_ORDERINGS:
        raise ValidationError(_("Choose how to sort the queue from the list."))
    requests = (
        sent_requests_visible_to(viewer)
        .filter(filters_q(viewer, filters or {}, now))
        .select_related(*_ROW_RELATED)
        .prefetch_related("services", "recommended_services")
    )
    return requests.order_by(*QUEUE_ORDERINGS[ordering][1])


def triage_queue_page(
    queue: QuerySet[AssistanceRequest],
    *,
    ordering: str = DEFAULT_QUEUE_ORDERING,
    cursor: str | None = None,
    size: int = 25,
) -> KeysetPage:
    """One keyset page of `triage_queue(...)` after or before `cursor` (ValidationError for a
    cursor that is not one of this sort's)."""
    ordering = ordering or DEFAULT_QUEUE_ORDERING
    keys = QUEUE_ORDERINGS[ordering][1]
    return keyset_page(queue, keys=keys, cursor=cursor, size=size, tag=f"queue:{ordering}")


def queue_counts(*, viewer, filters: dict | None = None, now=None, cap: int = COUNT_CAP) -> dict:
    """Counts for the queue's tabs and summary, in one query, each bounded (ADR 0012).

    Each count reads at most `COUNT_CAP + 1` index entries; one at the cap is a
    `BoundedCount` whose `capped` is true (shown "1,000+"). ``total`` and ``by_status`` ignore
    the status filter (so each tab shows its own count); ``matching`` applies every filter;
    ``overdue`` and ``unassigned`` count open requests.
    """
    now = now or timezone.now()
    filters = dict(filters or {})
    status_filter = filters.pop("status", None)
    requests = sent_requests_visible_to(viewer).filter(filters_q(viewer, filters, now))
    open_requests = requests.filter(status__in=list(OPEN_STATUSES))
    counted: dict[str, QuerySet] = {
        "total": requests,
        "open": open_requests,
        "overdue": requests.filter(overdue_q(now)),
        "unassigned": open_requests.filter(reviewer__isnull=True),
    }
    for status in RequestStatus.values:
        if status != RequestStatus.DRAFT:
            counted[f"status_{status}"] = requests.filter(status=status)
    if not is_empty(status_filter) and status_filter != "all":
        with about("status"):
            counted["matching"] = requests.filter(status_q(status_filter))
    row = bounded_counts(counted, cap=cap)
    by_status = {
        status: row.pop(f"status_{status}")
        for status in RequestStatus.values
        if status != RequestStatus.DRAFT
    }
    return {
        "total": row["total"],
        "matching": row.get("matching", row["total"]),
        "open": row["open"],
        "overdue": row["overdue"],
        "unassigned": row["unassigned"],
        "by_status": by_status,
        "cap": cap,
    }


# --- the request list of the API ----------------------------------------------------------

#: The request list's order: newest first by creation (the primary key's index).
REQUEST_LIST_KEYS = ("-pk",)


def request_list_parts(viewer) -> list[QuerySet[AssistanceRequest]]:
    """The request list as parts that each seek on one index.

    For program staff the policy's rule ("every submitted request, and my own drafts") is an
    OR no index serves; here it is two disjoint parts: `status IN (every submitted status)`
    and the viewer's own drafts. An agency member's rule (their own requests and their
    agency's sent ones) is two parts too, which overlap (the merge keeps each row once).
    Anyone else has one part, the policy's queryset.
    """
    visible = requests_visible_to(viewer)
    if not permissions.can_triage(viewer):
        if not (viewer.is_authenticated and viewer.is_active):
            return [visible]
        return _own_and_agency_parts(viewer)
    submitted = [status for status in RequestStatus.values if status != RequestStatus.DRAFT]
    return [
        AssistanceRequest.objects.filter(status__in=submitted),
        AssistanceRequest.objects.filter(status=RequestStatus.DRAFT, requester_id=viewer.pk),
    ]


def bounded_union_count(
    parts: list[QuerySet[AssistanceRequest]], *, cap: int = COUNT_CAP
) -> BoundedCount:
    """How many distinct requests the parts hold, reading at most `cap + 1` ids of each: the
    union of the bounded id lists. When a part stops at its bound the union has more than
    `cap` ids, so the count says "or more"; otherwise every id was read and it is exact."""
    if len(parts) == 1:
        return bounded_counts({"only": parts[0]}, cap=cap)["only"]
    selects, params = [], []
    for index, part in enumerate(parts):
        sql, part_params = part.order_by().values("pk")[: cap + 1].query.sql_with_params()
        # The SQL is the ORM's own, with its parameters kept apart: nothing is interpolated.
        selects.append(f"SELECT * FROM ({sql}) part_{index}")  # noqa: S608
        params.extend(part_params)
    with connections[parts[0].db].cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({' UNION '.join(selects)}) counted",  # noqa: S608
            params,
        )
        (total,) = cursor.fetchone()
    return BoundedCount(total, cap=cap)


def request_list_page(*, viewer, cursor: str | None = None, size: int = 25) -> KeysetPage:
    """One keyset page of the requests the viewer may see, newest first, with a bounded count
    in `page.extra["count"]`. ValidationError for a cursor that is not one of this list's."""
    parts = request_list_parts(viewer)
    page = keyset_page(
        _rows_of(parts),
        keys=REQUEST_LIST_KEYS,
        cursor=cursor,
        size=size,
        tag="requests",
        parts=parts,
    )
    page.extra["count"] = bounded_union_count(parts, cap=COUNT_CAP)
    return page


# --- one request's timeline, related work, duplicates --------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    verb: str
    label: str
    note: str
    actor_label: str
    internal: bool
    from_state: str
    to_state: str


def timeline_for_viewer(*, viewer, ar, as_audience: Audience | None = None) -> list[TimelineEntry]:
    """What happened to the request, oldest first, as far as the viewer's audience may see
    (internal notes only for program staff); agency users see staff as "Program staff".
    `as_audience` narrows it to what that audience is shown (the agency's page shows staff
    what the agency sees). Http404 when not visible."""
    audience = REQUESTS.audience_of(viewer, ar)
    if not audience:
        raise Http404("No such request.")
    staff_viewer = Audience.STAFF in audience
    if as_audience is not None:
        audience &= as_audience
    entries = []
    for event in timeline_for(ar, audience=audience):
        actor = event.actor
        if actor is None:
            actor_label = "Continuum"
        elif staff_viewer or not (actor.is_program_staff or actor.is_superuser):
            actor_label = str(actor)
        else:
            actor_label = "Program staff"
        entries.append(
            TimelineEntry(
                when=event.created_at,
                verb=event.verb,
                label=event_label(event.verb),
                note=event.note,
                actor_label=actor_label,
                internal=not event.shown_to(Audience.AGENCY),
                from_state=event.from_state,
                to_state=event.to_state,
            )
        )
    return entries


def messages_for_viewer(*, viewer, ar):
    """Messages between staff and the agency (never internal notes). Http404 when not visible."""
    if not permissions.can_view_request(viewer, ar):
        raise Http404("No such request.")
    return ar.messages.select_related("author").order_by("created_at", "id")


@dataclass
class RelatedWork:
    other_requests: list[AssistanceRequest] = field(default_factory=list)
    engagements: list = field(default_factory=list)


def _same_agency_q(ar) -> Q | None:
    if ar.agency_id:
        return Q(agency_id=ar.agency_id)
    if ar.unlisted_agency_name.strip():
        return Q(
            agency__isnull=True,
            unlisted_agency_name__iexact=ar.unlisted_agency_name.strip(),
            unlisted_state_id=ar.unlisted_state_id,
        )
    return None


def related_work(ar, *, limit: int = 25) -> RelatedWork:
    """The agency's other submitted requests and its engagements (for program staff)."""
    from continuum.engagements.models import Engagement

    same_agency = _same_agency_q(ar)
    if same_agency is None:
        return RelatedWork()
    others = list(
        AssistanceRequest.objects.filter(same_agency)
        .exclude(pk=ar.pk)
        .exclude(status=RequestStatus.DRAFT)
        .select_related("recommended_program", "decided_program")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    engagements = []
    if ar.agency_id:
        engagements = list(
            Engagement.objects.filter(agency_id=ar.agency_id)
            .select_related("program", "assistance_request")
            .prefetch_related("services")
            .order_by("-created_at", "-pk")[:limit]
        )
    return RelatedWork(other_requests=others, engagements=engagements)


DUPLICATE_WINDOW_DAYS = 90


def possible_duplicates(ar) -> QuerySet[AssistanceRequest]:
    """Other submitted requests of the same agency within 90 days (either side) that ask for an
    overlapping service, or that are "not sure" too when this one is."""
    same_agency = _same_agency_q(ar)
    if same_agency is None:
        return AssistanceRequest.objects.none()
    when = ar.submitted_at or timezone.now()
    window = datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    overlap = Q(services__in=list(ar.services.values_list("pk", flat=True)))
    if ar.not_sure:
        overlap |= Q(not_sure=True)
    matches = (
        AssistanceRequest.objects.filter(same_agency)
        .exclude(pk=ar.pk)
        .exclude(status=RequestStatus.DRAFT)
        .filter(submitted_at__range=(when - window, when + window))
        .filter(overlap)
        .values("pk")
    )
    return (
        AssistanceRequest.objects.filter(pk__in=matches)
        .select_related("recommended_program", "decided_program")
        .order_by("-submitted_at", "-pk")
    )


# --- urgent requests and the on-call rota ---------------------------------------------------


def on_call_staff(*, day: datetime.date):
    """Active program staff (or administrators) with an on-call shift covering `day`."""
    from django.contrib.auth import get_user_model

    from .models import OnCallShift

    shifts = OnCallShift.objects.filter(starts_on__lte=day, ends_on__gte=day).values("staff_id")
    return (
        get_user_model()
        .objects.filter(pk__in=shifts, is_active=True)
        .filter(Q(is_program_staff=True) | Q(is_superuser=True))
        .order_by("full_name", "email")
    )


#: At most this many urgent requests are pinned above the queue's pages: the oldest, the ones
#: to answer first. More would push the queue itself off the screen and make every page's cost
#: grow with the number of open incidents; the others stay in the pages below, in their order.
URGENT_PINNED_MAX = 10


def urgent_requests(*, viewer, filters: dict | None = None, now=None) -> KeysetPage:
    """Open critical-incident requests matching the queue's filters, oldest first: pinned at
    the top of the queue. At most `URGENT_PINNED_MAX` (the page's `has_next` says whether there
    are more), so the page's cost stays bounded.

    Found as one part per open status, each seeking on the partial index of critical-incident
    requests by (status, submitted_at): an `IN` over the statuses would make the database
    either sort every open urgent request or walk the whole submission-time index.
    """
    from .sla import urgent_q

    now = now or timezone.now()
    urgent = sent_requests_visible_to(viewer).filter(filters_q(viewer, filters or {}, now))
    urgent = urgent.filter(urgent_q())
    parts = [urgent.filter(status=status) for status in OPEN_STATUSES]
    rows = urgent.select_related(*_ROW_RELATED).prefetch_related("services", "recommended_services")
    return keyset_page(
        rows, keys=("submitted_at", "pk"), size=URGENT_PINNED_MAX, tag="urgent", parts=parts
    )
