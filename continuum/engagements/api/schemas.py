"""What the engagements API takes in and gives back.

Every string a caller sends is `Text` (no NUL characters, no unpaired surrogates), every id a
`DatabaseId`, and every number and date is bounded here, so bad input answers 422 with a
message naming the field before any query runs (see `continuum.api.fields`).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from continuum.api.fields import DatabaseId, PastDate, Text
from continuum.intake.api.schemas import CURSOR_MAX, ErrorOut

from ..choices import ActivityKind, DeliveryMode, EngagementStatus
from ..models import NOTE_MAX

LIMIT = 25
LIMIT_MAX = 100
AFTER_HELP = (
    "Where the page starts: the `next` cursor of the page before. Leave it out for the first page."
)
#: The dates a workplan may plan for: anything else is a typing mistake, not a plan.
PLAN_EARLIEST = datetime.date(2000, 1, 1)
PLAN_LATEST = datetime.date(2100, 12, 31)


def _check_plan_date(value: datetime.date) -> datetime.date:
    if not PLAN_EARLIEST <= value <= PLAN_LATEST:
        raise ValueError(
            _("Enter a date from %(earliest)s to %(latest)s.")
            % {"earliest": PLAN_EARLIEST.isoformat(), "latest": PLAN_LATEST.isoformat()}
        )
    return value


PlanDate = Annotated[datetime.date, AfterValidator(_check_plan_date)]


# --- what comes in -----------------------------------------------------------------------------


class EngagementListParams(Schema):
    status: EngagementStatus | None = Field(None, description="Only engagements in this status.")
    program: Text | None = Field(
        None,
        max_length=50,
        description="Only engagements of this program (its slug, e.g. cri-tac).",
    )
    after: Text | None = Field(None, max_length=CURSOR_MAX, description=AFTER_HELP)
    limit: int = Field(LIMIT, ge=1, le=LIMIT_MAX, description="How many to a page (1 to 100).")


class ActivityIn(Schema):
    """One piece of work the team did for the engagement."""

    kind: ActivityKind = Field(description="What kind of work it was.", examples=["site_visit"])
    occurred_on: PastDate = Field(
        description="When: from 1900-01-01 up to today.", examples=["2026-11-20"]
    )
    hours: Decimal = Field(
        ge=0,
        le=1000,
        max_digits=6,
        decimal_places=2,
        description="Hours the team spent, from 0 to 1000, to the hundredth (e.g. 6.5).",
        examples=["6.50"],
    )
    delivery_mode: DeliveryMode = Field(
        description="How the work was delivered.", examples=["in_person"]
    )
    participants: int = Field(
        0, ge=0, le=100_000, description="How many people from the agency took part."
    )
    travel_cost: Decimal = Field(
        Decimal("0"),
        ge=0,
        le=1_000_000,
        max_digits=10,
        decimal_places=2,
        description="Travel cost in US dollars, from 0 to 1,000,000, to the cent.",
    )
    notes: Text = Field("", max_length=NOTE_MAX, description="What was done, in a few lines.")
    peer_agency_ori: Text | None = Field(
        None,
        max_length=9,
        description="For a peer exchange: the other agency's ORI (9 or 7 characters).",
    )


class MilestoneIn(Schema):
    """A step of the workplan."""

    title: Text = Field(
        min_length=1,
        max_length=200,
        description="What is to be done.",
        examples=["Review the use-of-force policy"],
    )
    due_on: PlanDate = Field(
        description="When it is due (2000-01-01 to 2100-12-31).", examples=["2027-01-15"]
    )
    owner_id: DatabaseId | None = Field(
        None, description="The team member responsible (their user id); leave out for none."
    )
    description: Text = Field("", max_length=NOTE_MAX, description="More about the step.")


class MilestoneCompleteIn(Schema):
    completed_on: PastDate | None = Field(
        None, description="When it was done (up to today); leave out for today."
    )


# --- what goes out -----------------------------------------------------------------------------


class CatalogEntryOut(Schema):
    slug: str
    name: str


class EngagementAgencyOut(Schema):
    name: str
    ori: str | None = None
    state: str | None = None


class ProviderOrganizationOut(Schema):
    slug: str
    name: str


class TeamMemberOut(Schema):
    user_id: int = Field(description="Their user id (a milestone's `owner_id` is one of these).")
    name: str
    role: str
    role_label: str


class EngagementSummaryOut(Schema):
    public_id: uuid.UUID
    status: EngagementStatus
    status_label: str
    program: CatalogEntryOut
    agency: EngagementAgencyOut
    provider: ProviderOrganizationOut | None = Field(
        description="The provider organization; null if none."
    )
    services: list[CatalogEntryOut]
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EngagementOut(EngagementSummaryOut):
    scope: str
    topics: list[CatalogEntryOut]
    closed_at: datetime.datetime | None
    team: list[TeamMemberOut] = Field(description="The people on the team now, with their roles.")


class EngagementPageOut(Schema):
    next: str | None = Field(description="The next page's cursor (send it as `after`); null last.")
    items: list[EngagementSummaryOut]


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    kind_label: str
    occurred_on: datetime.date
    hours: Decimal
    delivery_mode: DeliveryMode
    participants: int
    travel_cost: Decimal
    notes: str
    peer_agency: EngagementAgencyOut | None
    logged_by: str | None
    created_at: datetime.datetime


class ActivityListOut(Schema):
    total_hours: Decimal = Field(description="Hours of every activity of the engagement.")
    total_travel_cost: Decimal = Field(description="Travel cost of every activity, in US dollars.")
    items: list[ActivityOut]


class MilestoneOut(Schema):
    id: int
    title: str
    description: str
    due_on: datetime.date
    completed_on: datetime.date | None
    overdue: bool = Field(description="Due before today and not done.")
    owner: str | None = Field(description="The owner's name; null if none.")
    owner_id: int | None


class MilestoneListOut(Schema):
    items: list[MilestoneOut]


#: The error answers every operation may give (see `continuum.api.errors`).
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
