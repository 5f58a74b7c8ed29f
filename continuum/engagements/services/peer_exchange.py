"""Peer exchange (issue 9 §6): find a host agency for an engagement's peer exchange, and record
the exchange on both agencies' engagements.

Candidates are agencies with a CLOSED engagement that shares topics or services with this one
(they have been through the same work). They are ranked by how much they are like the visiting
agency, each part with a one-line reason:

    agency type     same type                                  +3
    size            same size band (`size_of`)                 +2, next band +1
    region          same state +3, else same Census region     +1.5
    topics          each shared topic                          +1 (at most 5)
    services        each shared service                        +0.5

Ties go to the agency with more completed engagements, then by name.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.agencies.choices import AgencySize, AgencyType, size_of
from continuum.agencies.models import Agency
from continuum.catalog.models import Service, Topic
from continuum.core.workflow import TransitionForbidden

from ..choices import ActivityKind, EngagementStatus
from ..models import Activity, Engagement
from ..policy import ENGAGEMENTS

#: A service is a peer exchange when its slug says so (catalog seed: "peer-exchange").
PEER_EXCHANGE_SLUG_PART = "peer-exchange"
#: Closed engagements looked at, most recently closed first (bounds the work per page).
SCAN_MAX = 2000

#: The four Census regions of the states and DC (territories have none).
CENSUS_REGIONS: dict[str, str] = {
    **dict.fromkeys(["CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"], "Northeast"),
    **dict.fromkeys(
        ["IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"], "Midwest"
    ),
    **dict.fromkeys(
        [
            "DE",
            "FL",
            "GA",
            "MD",
            "NC",
            "SC",
            "VA",
            "DC",
            "WV",
            "AL",
            "KY",
            "MS",
            "TN",
            "AR",
            "LA",
            "OK",
            "TX",
        ],
        "South",
    ),
    **dict.fromkeys(
        ["AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"], "West"
    ),
}
SIZE_ORDER = [AgencySize.SMALL, AgencySize.MEDIUM, AgencySize.LARGE, AgencySize.VERY_LARGE]


def has_peer_exchange(engagement: Engagement) -> bool:
    return any(PEER_EXCHANGE_SLUG_PART in s.slug for s in engagement.services.all())


@dataclass(frozen=True)
class Part:
    name: str
    points: float
    reason: str


@dataclass
class PeerCandidate:
    agency: Agency
    parts: list[Part] = field(default_factory=list)
    closed_engagements: int = 0

    @property
    def score(self) -> float:
        return sum(part.points for part in self.parts)


@dataclass(frozen=True)
class _Profile:
    """What the comparison needs of the visiting agency (listed or not in the directory)."""

    agency_type: str
    size: str
    state_usps: str
    state_name: str


def _profile_of(engagement: Engagement) -> _Profile:
    if engagement.agency_id:
        agency = engagement.agency
        return _Profile(
            agency.agency_type,
            size_of(agency.population_served),
            agency.state.usps,
            agency.state.name,
        )
    ar = engagement.assistance_request
    state = ar.unlisted_state
    return _Profile(
        ar.unlisted_agency_type or "",
        "",
        state.usps if state else "",
        state.name if state else "",
    )


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _parts(visitor: _Profile, host: Agency, topics: list[str], services: list[str]) -> list[Part]:
    parts = []
    host_type = _label(AgencyType, host.agency_type)
    if visitor.agency_type and host.agency_type == visitor.agency_type:
        parts.append(Part("type", 3, _("Same type of agency: %(type)s.") % {"type": host_type}))
    else:
        parts.append(
            Part("type", 0, _("A different type of agency: %(type)s.") % {"type": host_type})
        )

    host_size = size_of(host.population_served)
    if not host_size or not visitor.size:
        parts.append(Part("size", 0, _("Size not compared: the population served is not known.")))
    else:
        gap = abs(SIZE_ORDER.index(host_size) - SIZE_ORDER.index(visitor.size))
        size_label = _label(AgencySize, host_size)
        if gap == 0:
            parts.append(Part("size", 2, _("Same size: %(size)s.") % {"size": size_label}))
        elif gap == 1:
            parts.append(Part("size", 1, _("Close in size: %(size)s.") % {"size": size_label}))
        else:
            parts.append(Part("size", 0, _("A different size: %(size)s.") % {"size": size_label}))

    host_usps = host.state.usps
    host_region = CENSUS_REGIONS.get(host_usps, "")
    if visitor.state_usps and host_usps == visitor.state_usps:
        parts.append(Part("region", 3, _("Same state: %(state)s.") % {"state": host.state.name}))
    elif host_region and host_region == CENSUS_REGIONS.get(visitor.state_usps):
        parts.append(
            Part(
                "region",
                1.5,
                _("Same Census region: the %(region)s (%(state)s).")
                % {"region": host_region, "state": host.state.name},
            )
        )
    else:
        parts.append(
            Part("region", 0, _("Another region: %(state)s.") % {"state": host.state.name})
        )

    if topics:
        parts.append(
            Part(
                "topics",
                min(len(topics), 5),
                _("Completed work on the same topics: %(topics)s.")
                % {"topics": ", ".join(sorted(topics))},
            )
        )
    else:
        parts.append(Part("topics", 0, _("No topic in common.")))
    if services:
        parts.append(
            Part(
                "services",
                0.5 * len(services),
                _("Received the same services: %(services)s.")
                % {"services": ", ".join(sorted(services))},
            )
        )
    return parts


def peer_candidates(engagement: Engagement, *, limit: int = 15) -> list[PeerCandidate]:
    """Host agencies for `engagement`'s peer exchange, most alike first. A fixed number of
    queries whatever the number of candidates."""
    topic_ids = set(engagement.topics.values_list("pk", flat=True))
    service_ids = set(engagement.services.values_list("pk", flat=True))
    if not topic_ids and not service_ids:
        return []
    closed = (
        Engagement.objects.filter(status=EngagementStatus.CLOSED, agency__isnull=False)
        .filter(Q(topics__in=topic_ids) | Q(services__in=service_ids))
        .values("pk")
    )
    rows = list(
        Engagement.objects.filter(pk__in=closed)
        .exclude(agency_id=engagement.agency_id)
        .order_by("-closed_at", "-pk")
        .values_list("pk", "agency_id")[:SCAN_MAX]
    )
    if not rows:
        return []
    agency_of = dict(rows)
    shared_topics: dict[int, set[int]] = defaultdict(set)
    for engagement_id, topic_id in Engagement.topics.through.objects.filter(
        engagement_id__in=agency_of, topic_id__in=topic_ids
    ).values_list("engagement_id", "topic_id"):
        shared_topics[agency_of[engagement_id]].add(topic_id)
    shared_services: dict[int, set[int]] = defaultdict(set)
    for engagement_id, service_id in Engagement.services.through.objects.filter(
        engagement_id__in=agency_of, service_id__in=service_ids
    ).values_list("engagement_id", "service_id"):
        shared_services[agency_of[engagement_id]].add(service_id)
    counts: dict[int, int] = defaultdict(int)
    for agency_id in agency_of.values():
        counts[agency_id] += 1
    topic_names = dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name"))
    service_names = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "name"))
    visitor = _profile_of(engagement)
    candidates = []
    for agency in Agency.objects.filter(pk__in=set(agency_of.values())).select_related("state"):
        candidates.append(
            PeerCandidate(
                agency=agency,
                parts=_parts(
                    visitor,
                    agency,
                    [topic_names[t] for t in shared_topics[agency.pk]],
                    [service_names[s] for s in shared_services[agency.pk]],
                ),
                closed_engagements=counts[agency.pk],
            )
        )
    candidates.sort(key=lambda c: (-c.score, -c.closed_engagements, c.agency.name, c.agency.pk))
    return candidates[:limit]


def _host_engagement(host_agency: Agency) -> Engagement | None:
    return (
        Engagement.objects.filter(agency=host_agency, status=EngagementStatus.CLOSED)
        .order_by("-closed_at", "-pk")
        .first()
    )


@transaction.atomic
def peer_exchange_record(
    *,
    actor: Any,
    engagement: Engagement,
    host_agency: Agency,
    occurred_on: datetime.date,
    hours: Decimal,
    delivery_mode: str,
    participants: int,
    notes: str = "",
) -> tuple[Activity, Activity]:
    """Record a peer exchange: an activity on this engagement (the host as its peer agency)
    and one on the host's most recently closed engagement (the visiting agency as its peer),
    each with an event, together or not at all. Returns (visit, hosting)."""
    if not ENGAGEMENTS.allows("work", actor, engagement):
        raise TransitionForbidden(_("Only program staff and the team record peer exchanges."))
    if not has_peer_exchange(engagement):
        raise ValidationError(_("This engagement does not include a peer exchange."))
    if engagement.agency_id is None:
        raise ValidationError(
            _("Add the agency to the national directory before recording a peer exchange.")
        )
    if host_agency is None or host_agency.pk == engagement.agency_id:
        raise ValidationError({"host_agency": _("Choose another agency as the host.")})
    host_engagement = _host_engagement(host_agency)
    if host_engagement is None:
        raise ValidationError(
            {
                "host_agency": _("%(agency)s has no completed engagement to record it on.")
                % {"agency": host_agency}
            }
        )
    visit = Activity(
        engagement=engagement,
        kind=ActivityKind.PEER_EXCHANGE,
        occurred_on=occurred_on,
        hours=hours,
        delivery_mode=delivery_mode,
        participants=participants,
        notes=(notes or "").strip(),
        logged_by=actor,
        peer_agency=host_agency,
    )
    visit.full_clean()
    hosting = Activity(
        engagement=host_engagement,
        kind=ActivityKind.PEER_EXCHANGE,
        occurred_on=occurred_on,
        hours=hours,
        delivery_mode=delivery_mode,
        participants=participants,
        # The visiting team's notes stay on its own engagement.
        notes=_("Hosted a peer exchange visit from %(agency)s.") % {"agency": engagement.agency},
        logged_by=actor,
        peer_agency=engagement.agency,
    )
    hosting.full_clean()
    visit.save()
    hosting.save()
    event_record(
        actor=actor,
        verb="peer_exchange_recorded",
        target=engagement,
        note=_("Peer exchange with %(agency)s on %(date)s.")
        % {"agency": host_agency, "date": occurred_on.isoformat()},
        data={"activity": visit.pk, "host_agency": host_agency.pk},
    )
    event_record(
        actor=actor,
        verb="peer_exchange_hosted",
        target=host_engagement,
        note=_("Hosted a peer exchange visit from %(agency)s on %(date)s.")
        % {"agency": engagement.agency, "date": occurred_on.isoformat()},
        data={"activity": hosting.pk, "visiting_agency": engagement.agency_id},
    )
    return visit, hosting


def peer_exchanges_of(engagement: Engagement) -> list[Activity]:
    return list(
        Activity.objects.filter(engagement=engagement, kind=ActivityKind.PEER_EXCHANGE)
        .select_related("peer_agency__state")
        .order_by("-occurred_on", "-pk")
    )
