"""Reads of the catalog for public pages. The catalog is public, so nothing is scoped by viewer.

Every selector runs a fixed number of queries, however many rows the catalog holds.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Goal, PartnerMembership, Program, ProviderOrganization, Service, Topic


def programs_with_services() -> QuerySet[Program]:
    """Active programs in continuum order, with their active top-level services and kinds.

    Three queries: programs, their top-level services, and the services' kinds.
    """
    services = (
        Service.objects.active()
        .filter(parent__isnull=True)
        .prefetch_related(
            Prefetch("kinds", queryset=Service.objects.active().order_by("order", "name"))
        )
        .order_by("order", "name")
    )
    return Program.objects.active().prefetch_related(Prefetch("services", queryset=services))


@dataclass(frozen=True)
class ProgramOnContinuum:
    """One program with its place on the continuum and its neighbours on either side."""

    program: Program
    programs: list[Program]
    position: int
    previous: Program | None
    next: Program | None

    @property
    def count(self) -> int:
        return len(self.programs)

    @property
    def is_first(self) -> bool:
        return self.previous is None

    @property
    def is_last(self) -> bool:
        return self.next is None


def program_on_continuum(*, slug: str) -> ProgramOnContinuum | None:
    """The active program with this slug, placed on the continuum; None when there is none."""
    programs = list(programs_with_services())
    for index, program in enumerate(programs):
        if program.slug == slug:
            return ProgramOnContinuum(
                program=program,
                programs=programs,
                position=index + 1,
                previous=programs[index - 1] if index > 0 else None,
                next=programs[index + 1] if index + 1 < len(programs) else None,
            )
    return None


def goals_all() -> QuerySet[Goal]:
    return Goal.objects.all()


def topics_active() -> QuerySet[Topic]:
    return Topic.objects.active().order_by("name")


def partners_current(*, on: datetime.date) -> QuerySet[ProviderOrganization]:
    """Partner organizations on `on`, the lead first, each annotated `is_lead` (one query)."""
    lead_membership_on_date = PartnerMembership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        organization=OuterRef("pk"),
        start_date__lte=on,
        is_lead=True,
    )
    return (
        ProviderOrganization.objects.partners_on(on)
        .annotate(is_lead=Exists(lead_membership_on_date))
        .order_by("-is_lead", "name")
    )
