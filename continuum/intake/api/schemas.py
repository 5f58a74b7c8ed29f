"""What the intake API takes in and gives back.

Every string a caller sends is `Text` (no NUL characters, no unpaired surrogates), every id
a `DatabaseId`, every date a `PastDate` (see `continuum.api.fields`): bad input answers 422
with a message for the field, before any query runs.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Field, Schema

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.api.fields import DatabaseId, PastDate, Text

from ..choices import (
    ConcernScope,
    DeclineReason,
    IncidentKind,
    PublicAttention,
    ReferralTarget,
    Timeframe,
)
from ..selectors import DEFAULT_QUEUE_ORDERING

PAGE_SIZE = 25
PAGE_SIZE_MAX = 100
#: The longest search text the queue takes (the page's search box takes as many).
SEARCH_MAX = 100
CURSOR_MAX = 1000
CURSOR_HELP = (
    "Where the page starts: `next_cursor` or `previous_cursor` of the page before. "
    "Leave it out for the first page."
)
COUNT_HELP = (
    "How many there are, counted up to a limit: when `count_capped` is true there are more "
    "than `count` (the lists page by cursor, so nothing else depends on the total)."
)


# --- what comes in -----------------------------------------------------------------------------


class RequestDraftIn(Schema):
    """Answers of a draft. Every field is optional: send what you have, as often as you like;
    `POST /requests/{public_id}/submit` checks that nothing is missing."""

    agency_ori: Text | None = Field(
        None, description="The agency's ORI (9 or 7 characters) in the national directory."
    )
    unlisted_agency_name: Text | None = Field(None, description="Only when not in the directory.")
    unlisted_agency_type: AgencyType | None = None
    unlisted_jurisdiction_level: JurisdictionLevel | None = None
    unlisted_state: Text | None = Field(None, description="USPS code, for example VA.")
    requester_name: Text | None = None
    requester_title: Text | None = None
    requester_email: Text | None = None
    requester_phone: Text | None = None
    chief_name: Text | None = None
    chief_title: Text | None = None
    chief_email: Text | None = None
    attests_voluntary: bool | None = None
    attests_chief_supports: bool | None = None
    services: list[Text] | None = Field(None, description="Service slugs, e.g. policy-review.")
    not_sure: bool | None = None
    topics: list[Text] | None = Field(None, description="Topic slugs.")
    goals: list[Text] | None = Field(None, description="Goal slugs.")
    concern_scope: ConcernScope | None = None
    narrative: Text | None = None
    desired_timeframe: Timeframe | None = None
    earlier_assistance: Text | None = None
    has_critical_incident: bool | None = None
    incident_date: PastDate | None = Field(
        None, description="From 1900-01-01 up to today (not in the future)."
    )
    incident_kind: IncidentKind | None = None
    incident_public_attention: PublicAttention | None = None
    other_reviews_underway: bool | None = None
    other_reviews_detail: Text | None = None
    wants_immediate_consultation: bool | None = None


class QuestionIn(Schema):
    question: Text


class AnswerIn(Schema):
    answer: Text


class AcceptIn(Schema):
    program: Text = Field(description="Program slug, e.g. cri-tac.")
    services: list[Text] = Field(description="Service slugs of that program.")
    note: Text = ""


class DeclineIn(Schema):
    reason: DeclineReason
    note: Text


class ReferIn(Schema):
    target: ReferralTarget
    note: Text


class AssignIn(Schema):
    reviewer_id: DatabaseId | None = Field(
        description="A program staff member's id; null unassigns."
    )


class NoteIn(Schema):
    note: Text


class MessageIn(Schema):
    body: Text


class WithdrawIn(Schema):
    reason: Text = ""


class QueueFilters(Schema):
    status: Text | None = Field(
        None, description='A status, "open" (the default), "decided" or "all".'
    )
    program: Text | None = Field(None, description="Program slug (recommended or decided).")
    state: Text | None = Field(None, description="USPS code.")
    agency_type: Text | None = None
    jurisdiction_level: Text | None = None
    critical_incident: bool | None = None
    assignee: Text | None = Field(None, description='A user id, "me" or "unassigned".')
    age: Text | None = Field(
        None, description='"overdue", or N: older than N business days (N from 0 to 3650).'
    )
    q: Text | None = Field(
        None, max_length=SEARCH_MAX, description="Part of a tracking number or agency name."
    )
    ordering: Text = Field(
        DEFAULT_QUEUE_ORDERING, description="newest, oldest, agency_name or tracking_number."
    )
    cursor: Text | None = Field(None, max_length=CURSOR_MAX, description=CURSOR_HELP)
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


class ListParams(Schema):
    cursor: Text | None = Field(None, max_length=CURSOR_MAX, description=CURSOR_HELP)
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


# --- what goes out -----------------------------------------------------------------------------


class AgencyOut(Schema):
    name: str
    ori: str | None = None
    state: str | None = None
    in_directory: bool


class RecommendationOut(Schema):
    program: str | None
    services: list[str]
    reasons: list[str]
    routing_table_version: int | None


class DecisionOut(Schema):
    decided_at: datetime.datetime | None
    program: str | None
    decline_reason: str
    referral_target: str
    note: str


class TimelineEntryOut(Schema):
    when: datetime.datetime
    verb: str
    label: str
    note: str
    actor: str
    internal: bool


class MessageOut(Schema):
    kind: str
    from_staff: bool
    body: str
    created_at: datetime.datetime


class RequestSummaryOut(Schema):
    public_id: uuid.UUID
    tracking_number: str | None
    status: str
    status_label: str
    agency: AgencyOut
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime


class RequestOut(RequestSummaryOut):
    answers: dict[str, Any]
    chief_confirmed: bool
    decision: DecisionOut
    available_actions: list[str]
    timeline: list[TimelineEntryOut]
    messages: list[MessageOut]
    #: Program staff only (null for everyone else).
    recommendation: RecommendationOut | None = None
    reviewer_id: int | None = None
    age_business_days: int | None = None
    overdue: bool | None = None


class RequestPageOut(Schema):
    count: int = Field(description=COUNT_HELP)
    count_capped: bool
    next_cursor: str | None = Field(description="The next page's cursor; null on the last.")
    previous_cursor: str | None = Field(description="The page before's cursor; null on the first.")
    items: list[RequestSummaryOut]


class QueueItemOut(RequestSummaryOut):
    recommended_program: str | None
    services: list[str]
    not_sure: bool
    reviewer_id: int | None
    has_critical_incident: bool
    age_business_days: int
    overdue: bool


class QueuePageOut(Schema):
    count: int = Field(description=COUNT_HELP)
    count_capped: bool
    next_cursor: str | None = Field(description="The next page's cursor; null on the last.")
    previous_cursor: str | None = Field(description="The page before's cursor; null on the first.")
    counts: dict[str, Any] = Field(
        description="Counts by tab, each up to `counts.cap`; `counts.capped` names those past it."
    )
    items: list[QueueItemOut]


class NoteOut(Schema):
    created_at: datetime.datetime
    note: str


class ErrorOut(Schema):
    detail: Any


#: The error answers every authenticated operation may give (see `continuum.api.errors`).
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
