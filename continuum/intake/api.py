"""API endpoints for requests, mounted under /api/v1/ (see `continuum.api.api`).

The same operations as the pages, through the same code: drafts are validated by the request
form's step forms and saved by `draft_save_step`; every other write is a service of
`continuum.intake.services`; every read starts from `requests_visible_to`. A request the caller
may not see answers 404; an action the caller may not take on a request they see answers 403;
an action the request's state refuses answers 409; bad input answers 422 with one message per
field (`loc` names the field).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import Agency, State
from continuum.catalog.models import Goal, Program, Service, Topic
from continuum.core.workflow import TransitionNotAllowed

from . import permissions, sla
from .choices import (
    ConcernScope,
    DeclineReason,
    IncidentKind,
    PublicAttention,
    ReferralTarget,
    RequestStatus,
    Timeframe,
)
from .forms_request import STEP_FORMS
from .selectors import (
    DEFAULT_QUEUE_ORDERING,
    messages_for_viewer,
    queue_counts,
    request_for_viewer,
    requests_visible_to,
    timeline_for_viewer,
    triage_queue,
)
from .services import triage as triage_services
from .services.drafts import STEP_FIELDS, draft_create, draft_save_step
from .services.submission import request_submit
from .views.triage import queue_page
from .workflow import REQUEST_MACHINE

router = Router(tags=["Requests"])

PAGE_SIZE = 25
PAGE_SIZE_MAX = 100


# --- schemas: what comes in ----------------------------------------------------------------


class RequestDraftIn(Schema):
    """Answers of a draft. Every field is optional: send what you have, as often as you like;
    `POST /requests/{public_id}/submit` checks that nothing is missing."""

    agency_ori: str | None = Field(
        None, description="The agency's ORI (9 or 7 characters) in the national directory."
    )
    unlisted_agency_name: str | None = Field(None, description="Only when not in the directory.")
    unlisted_agency_type: AgencyType | None = None
    unlisted_jurisdiction_level: JurisdictionLevel | None = None
    unlisted_state: str | None = Field(None, description="USPS code, for example VA.")
    requester_name: str | None = None
    requester_title: str | None = None
    requester_email: str | None = None
    requester_phone: str | None = None
    chief_name: str | None = None
    chief_title: str | None = None
    chief_email: str | None = None
    attests_voluntary: bool | None = None
    attests_chief_supports: bool | None = None
    services: list[str] | None = Field(None, description="Service slugs, e.g. policy-review.")
    not_sure: bool | None = None
    topics: list[str] | None = Field(None, description="Topic slugs.")
    goals: list[str] | None = Field(None, description="Goal slugs.")
    concern_scope: ConcernScope | None = None
    narrative: str | None = None
    desired_timeframe: Timeframe | None = None
    earlier_assistance: str | None = None
    has_critical_incident: bool | None = None
    incident_date: datetime.date | None = None
    incident_kind: IncidentKind | None = None
    incident_public_attention: PublicAttention | None = None
    other_reviews_underway: bool | None = None
    other_reviews_detail: str | None = None


class QuestionIn(Schema):
    question: str


class AnswerIn(Schema):
    answer: str


class AcceptIn(Schema):
    program: str = Field(description="Program slug, e.g. cri-tac.")
    services: list[str] = Field(description="Service slugs of that program.")
    note: str = ""


class DeclineIn(Schema):
    reason: DeclineReason
    note: str


class ReferIn(Schema):
    target: ReferralTarget
    note: str


class AssignIn(Schema):
    reviewer_id: int | None = Field(description="A program staff member's id; null unassigns.")


class NoteIn(Schema):
    note: str


class MessageIn(Schema):
    body: str


class WithdrawIn(Schema):
    reason: str = ""


class QueueFilters(Schema):
    status: str | None = Field(None, description='A status, "open" or "decided".')
    program: str | None = Field(None, description="Program slug (recommended or decided).")
    state: str | None = Field(None, description="USPS code.")
    agency_type: str | None = None
    jurisdiction_level: str | None = None
    critical_incident: bool | None = None
    assignee: str | None = Field(None, description='A user id, "me" or "unassigned".')
    age: str | None = Field(None, description='"overdue" or N (older than N business days).')
    q: str | None = Field(None, description="Part of a tracking number or agency name.")
    ordering: str = Field(
        DEFAULT_QUEUE_ORDERING, description="newest, oldest, agency_name or tracking_number."
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


class ListParams(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)


# --- schemas: what goes out ----------------------------------------------------------------


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
    count: int
    page: int
    pages: int
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
    count: int
    page: int
    pages: int
    counts: dict[str, Any]
    items: list[QueueItemOut]


class NoteOut(Schema):
    created_at: datetime.datetime
    note: str


class ErrorOut(Schema):
    detail: Any


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- turning rows into answers ---------------------------------------------------------------


def _agency(ar) -> dict:
    if ar.agency_id:
        return {
            "name": ar.agency.name,
            "ori": ar.agency.ori9 or ar.agency.ori7 or None,
            "state": ar.agency.state.usps if ar.agency.state_id else None,
            "in_directory": True,
        }
    return {
        "name": ar.unlisted_agency_name,
        "ori": None,
        "state": ar.unlisted_state.usps if ar.unlisted_state_id else None,
        "in_directory": False,
    }


def _summary(ar) -> dict:
    return {
        "public_id": ar.public_id,
        "tracking_number": ar.tracking_number,
        "status": ar.status,
        "status_label": ar.get_status_display(),
        "agency": _agency(ar),
        "submitted_at": ar.submitted_at,
        "updated_at": ar.updated_at,
    }


def _answers(ar) -> dict:
    return {
        "unlisted_agency_type": ar.unlisted_agency_type,
        "unlisted_jurisdiction_level": ar.unlisted_jurisdiction_level,
        "requester_name": ar.requester_name,
        "requester_title": ar.requester_title,
        "requester_email": ar.requester_email,
        "requester_phone": ar.requester_phone,
        "chief_name": ar.chief_name,
        "chief_title": ar.chief_title,
        "chief_email": ar.chief_email,
        "attests_voluntary": ar.attests_voluntary,
        "attests_chief_supports": ar.attests_chief_supports,
        "services": [s.slug for s in ar.services.all()],
        "not_sure": ar.not_sure,
        "topics": [t.slug for t in ar.topics.all()],
        "goals": [g.slug for g in ar.goals.all()],
        "concern_scope": ar.concern_scope,
        "narrative": ar.narrative,
        "desired_timeframe": ar.desired_timeframe,
        "earlier_assistance": ar.earlier_assistance,
        "has_critical_incident": ar.has_critical_incident,
        "incident_date": ar.incident_date.isoformat() if ar.incident_date else None,
        "incident_kind": ar.incident_kind,
        "incident_public_attention": ar.incident_public_attention,
        "other_reviews_underway": ar.other_reviews_underway,
        "other_reviews_detail": ar.other_reviews_detail,
    }


def _detail(user, ar) -> dict:
    staff = permissions.can_triage(user)
    data = _summary(ar) | {
        "answers": _answers(ar),
        "chief_confirmed": ar.chief_confirmed_at is not None,
        "decision": {
            "decided_at": ar.decided_at,
            "program": ar.decided_program.slug if ar.decided_program_id else None,
            "decline_reason": ar.decline_reason,
            "referral_target": ar.referral_target,
            "note": ar.decision_note,
        },
        "available_actions": [t.action for t in REQUEST_MACHINE.available(user, ar)],
        "timeline": [
            {
                "when": e.when,
                "verb": e.verb,
                "label": e.label,
                "note": e.note,
                "actor": e.actor_label,
                "internal": e.internal,
            }
            for e in timeline_for_viewer(viewer=user, ar=ar)
        ],
        "messages": [
            {
                "kind": m.kind,
                "from_staff": m.from_staff,
                "body": m.body,
                "created_at": m.created_at,
            }
            for m in messages_for_viewer(viewer=user, ar=ar)
        ],
    }
    if staff and ar.status != RequestStatus.DRAFT:
        data |= {
            "recommendation": {
                "program": ar.recommended_program.slug if ar.recommended_program_id else None,
                "services": [s.slug for s in ar.recommended_services.all()],
                "reasons": list(ar.recommendation_reasons or []),
                "routing_table_version": ar.routing_table.version if ar.routing_table_id else None,
            },
            "reviewer_id": ar.reviewer_id,
            "age_business_days": sla.request_age_business_days(ar),
            "overdue": sla.is_overdue(ar),
        }
    return data


def _page(queryset, page: int, page_size: int):
    paginator = Paginator(queryset, page_size)
    return paginator, paginator.get_page(page)


def _viewer_request(request, public_id):
    return request_for_viewer(viewer=request.user, public_id=public_id)


def _fresh(request, ar):
    return _detail(request.user, _viewer_request(request, ar.public_id))


# --- drafts: from API fields to the request form's steps -------------------------------------


def _by_slug(model, slugs: list[str], field: str, what: str, queryset=None) -> list[int]:
    queryset = queryset if queryset is not None else model.objects.all()
    found = dict(queryset.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        names = ", ".join(f"“{slug}”" for slug in unknown)
        raise ValidationError({field: f"{names}: not {what}. Use the slugs the catalog lists."})
    return [found[slug] for slug in slugs]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _form_data(payload: dict) -> dict:
    """The payload in the shape the step forms read (ids for choices, yes/no for booleans)."""
    data: dict[str, Any] = {}
    for name, value in payload.items():
        if name == "agency_ori":
            ori = (value or "").strip().upper()
            if not ori:
                data["agency"] = ""
                continue
            agency = Agency.objects.filter(ori9=ori).first() or (
                Agency.objects.filter(ori7=ori).order_by("pk").first() if len(ori) == 7 else None
            )
            if agency is None:
                raise ValidationError(
                    {
                        "agency_ori": f"No agency in the national directory has the ORI {ori}. "
                        "Check it, or leave it out and fill the unlisted_agency_ fields."
                    }
                )
            data["agency"] = agency.pk
        elif name == "unlisted_state":
            usps = (value or "").strip().upper()
            state = State.objects.filter(usps=usps).first() if usps else None
            if usps and state is None:
                raise ValidationError({name: f"“{usps}” is not a state or territory code."})
            data[name] = state.pk if state else ""
            data["agency_not_listed"] = True
        elif name == "services":
            data[name] = _by_slug(
                Service, value or [], name, "a service on offer", Service.objects.active()
            )
        elif name == "topics":
            data[name] = _by_slug(Topic, value or [], name, "a topic", Topic.objects.active())
        elif name == "goals":
            data[name] = _by_slug(Goal, value or [], name, "a goal")
        elif name in {"has_critical_incident", "other_reviews_underway"}:
            data[name] = _yes_no(value)
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else value
    return data


def _draft_save(actor, ar, payload: dict) -> None:
    """Validate the given answers with the step forms, then save each step touched."""
    if ar.status != RequestStatus.DRAFT:
        raise TransitionNotAllowed(
            "This request has been sent already, so its answers can no longer be changed."
        )
    names = {"agency" if name == "agency_ori" else name for name in payload}
    data = _form_data(payload)
    steps = {step: names & set(fields) for step, fields in STEP_FIELDS.items()}
    cleaned_by_step = {}
    errors: dict[str, list[str]] = {}
    for step, given in steps.items():
        if not given:
            continue
        form = STEP_FORMS[step](data=data, partial=True)
        if not form.is_valid():
            for field, messages in form.errors.items():
                key = "agency_ori" if field == "agency" else field
                errors.setdefault(key, []).extend(messages)
            continue
        cleaned_by_step[step] = {k: v for k, v in form.cleaned_data.items() if k in given}
    if errors:
        raise ValidationError(errors)
    for step, cleaned in cleaned_by_step.items():
        ar = draft_save_step(actor=actor, assistance_request=ar, step=step, cleaned_data=cleaned)


# --- the agency's operations -------------------------------------------------------------------


@router.get(
    "/requests/",
    response={200: RequestPageOut, 401: ErrorOut},
    url_name="request_list",
    summary="List the requests you may see",
)
def request_list(request, params: Query[ListParams]):
    """The requests you may see: your own (drafts included), your agency's; all for staff."""
    requests = (
        requests_visible_to(request.user)
        .select_related("agency__state", "unlisted_state")
        .order_by("-submitted_at", "-created_at", "-pk")
    )
    paginator, page = _page(requests, params.page, params.page_size)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_summary(ar) for ar in page.object_list],
    }


@router.post(
    "/requests/",
    response={201: RequestOut, **ERRORS},
    url_name="request_create",
    summary="Start a draft request",
)
def request_create(request, payload: RequestDraftIn):
    """Start a draft with any answers you have now."""
    answers = payload.dict(exclude_unset=True)
    # One transaction: answers that do not validate leave no empty draft behind.
    with transaction.atomic():
        ar = draft_create(actor=request.user, session={})
        if answers:
            _draft_save(request.user, ar, answers)
    return Status(201, _fresh(request, ar))


@router.get(
    "/requests/{public_id}",
    response={200: RequestOut, **ERRORS},
    url_name="request_read",
    summary="Read one request",
)
def request_read(request, public_id: uuid.UUID):
    """One request you may see (404 otherwise)."""
    return _detail(request.user, _viewer_request(request, public_id))


@router.patch(
    "/requests/{public_id}",
    response={200: RequestOut, **ERRORS},
    url_name="request_update",
    summary="Change a draft's answers",
)
def request_update(request, public_id: uuid.UUID, payload: RequestDraftIn):
    """Change a draft's answers (only the fields you send). A sent request answers 409."""
    ar = _viewer_request(request, public_id)
    _draft_save(request.user, ar, payload.dict(exclude_unset=True))
    return _fresh(request, ar)


@router.post(
    "/requests/{public_id}/submit",
    response={200: RequestOut, **ERRORS},
    url_name="request_submit",
    summary="Submit a draft",
)
def request_submit_endpoint(request, public_id: uuid.UUID):
    """Send a complete draft: it gets its tracking number. 422 lists what is missing."""
    ar = _viewer_request(request, public_id)
    request_submit(actor=request.user, assistance_request=ar)
    return _fresh(request, ar)


@router.post(
    "/requests/{public_id}/answer",
    response={200: RequestOut, **ERRORS},
    url_name="request_answer",
    summary="Answer a request for information",
)
def request_answer(request, public_id: uuid.UUID, payload: AnswerIn):
    """Answer the program's request for information."""
    ar = _viewer_request(request, public_id)
    triage_services.request_information_answer(
        actor=request.user, assistance_request=ar, answer=payload.answer
    )
    return _fresh(request, ar)


@router.post(
    "/requests/{public_id}/withdraw",
    response={200: RequestOut, **ERRORS},
    url_name="request_withdraw",
    summary="Withdraw a request",
)
def request_withdraw(request, public_id: uuid.UUID, payload: WithdrawIn):
    """Withdraw a request before the decision; its record is kept."""
    ar = _viewer_request(request, public_id)
    triage_services.request_withdraw(
        actor=request.user, assistance_request=ar, reason=payload.reason
    )
    return _fresh(request, ar)


# --- program staff: the queue and the decisions ------------------------------------------------


def _staff_only(request) -> None:
    if not permissions.can_triage(request.user):
        raise PermissionDenied("Only program staff can use the triage queue.")


@router.get(
    "/triage/queue",
    response={200: QueuePageOut, **ERRORS},
    url_name="triage_queue",
    summary="The triage queue (program staff)",
    tags=["Triage"],
)
def queue(request, params: Query[QueueFilters]):
    """Submitted requests, filtered and sorted, a page at a time (program staff)."""
    _staff_only(request)
    filters = params.dict(exclude={"ordering", "page", "page_size"}, exclude_none=True)
    rows = triage_queue(viewer=request.user, filters=filters, ordering=params.ordering)
    counts = queue_counts(viewer=request.user, filters=filters)
    page = queue_page(rows, count=counts["matching"], number=params.page, size=params.page_size)
    now = timezone.now()
    items = [
        _summary(ar)
        | {
            "recommended_program": (
                ar.recommended_program.slug if ar.recommended_program_id else None
            ),
            "services": [s.slug for s in ar.services.all()],
            "not_sure": ar.not_sure,
            "reviewer_id": ar.reviewer_id,
            "has_critical_incident": ar.has_critical_incident,
            "age_business_days": sla.request_age_business_days(ar, now),
            "overdue": sla.is_overdue(ar, now),
        }
        for ar in page.rows
    ]
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "counts": counts,
        "items": items,
    }


def _decision_route(path: str, name: str, summary: str):
    return router.post(
        f"/requests/{{public_id}}/{path}",
        response={200: RequestOut, **ERRORS},
        url_name=name,
        summary=summary,
        tags=["Triage"],
    )


@_decision_route("start-review", "request_start_review", "Start the review (program staff)")
def request_start_review(request, public_id: uuid.UUID):
    """Start the review (program staff)."""
    ar = _viewer_request(request, public_id)
    triage_services.request_review_start(actor=request.user, assistance_request=ar)
    return _fresh(request, ar)


@_decision_route(
    "request-information", "request_information", "Ask the agency for information (program staff)"
)
def request_information(request, public_id: uuid.UUID, payload: QuestionIn):
    """Ask the agency for information; the first-response clock pauses (program staff)."""
    ar = _viewer_request(request, public_id)
    triage_services.request_information_ask(
        actor=request.user, assistance_request=ar, question=payload.question
    )
    return _fresh(request, ar)


@_decision_route("accept", "request_accept", "Accept into a program (program staff)")
def request_accept(request, public_id: uuid.UUID, payload: AcceptIn):
    """Accept into a program with chosen services: creates the engagement (program staff)."""
    ar = _viewer_request(request, public_id)
    program = Program.objects.filter(slug=payload.program).first()
    if program is None:
        raise ValidationError({"program": f"“{payload.program}” is not a program."})
    service_ids = _by_slug(Service, payload.services, "services", "a service")
    services = sorted(Service.objects.filter(pk__in=service_ids), key=lambda s: s.pk)
    triage_services.request_accept(
        actor=request.user,
        assistance_request=ar,
        program=program,
        services=services,
        note=payload.note,
    )
    return _fresh(request, ar)


@_decision_route("decline", "request_decline", "Decline (program staff)")
def request_decline(request, public_id: uuid.UUID, payload: DeclineIn):
    """Decline with a reason from the list and a note the agency reads (program staff)."""
    ar = _viewer_request(request, public_id)
    triage_services.request_decline(
        actor=request.user, assistance_request=ar, reason=payload.reason.value, note=payload.note
    )
    return _fresh(request, ar)


@_decision_route("refer", "request_refer", "Refer elsewhere (program staff)")
def request_refer(request, public_id: uuid.UUID, payload: ReferIn):
    """Refer to resources or another office, with a referral note (program staff)."""
    ar = _viewer_request(request, public_id)
    triage_services.request_refer(
        actor=request.user, assistance_request=ar, target=payload.target.value, note=payload.note
    )
    return _fresh(request, ar)


@_decision_route("assign", "request_assign", "Assign a reviewer (program staff)")
def request_assign(request, public_id: uuid.UUID, payload: AssignIn):
    """Assign a reviewer, or remove the reviewer with null (program staff)."""
    ar = _viewer_request(request, public_id)
    reviewer = None
    if payload.reviewer_id is not None:
        reviewer = get_user_model().objects.filter(pk=payload.reviewer_id).first()
        if reviewer is None:
            raise ValidationError({"reviewer_id": "Nobody has that id."})
    triage_services.request_assign(actor=request.user, assistance_requests=[ar], reviewer=reviewer)
    return _fresh(request, ar)


@router.post(
    "/requests/{public_id}/notes",
    response={201: NoteOut, **ERRORS},
    url_name="request_note",
    summary="Add an internal note (program staff)",
    tags=["Triage"],
)
def request_note(request, public_id: uuid.UUID, payload: NoteIn):
    """Add an internal note: never shown to the agency (program staff)."""
    ar = _viewer_request(request, public_id)
    event = triage_services.request_note_add(
        actor=request.user, assistance_request=ar, note=payload.note
    )
    return Status(201, {"created_at": event.created_at, "note": event.note})


@router.post(
    "/requests/{public_id}/messages",
    response={201: MessageOut, **ERRORS},
    url_name="request_message",
    summary="Message the requester (program staff)",
    tags=["Triage"],
)
def request_message(request, public_id: uuid.UUID, payload: MessageIn):
    """Send the requester a message; they are emailed (program staff)."""
    ar = _viewer_request(request, public_id)
    message = triage_services.request_message_send(
        actor=request.user, assistance_request=ar, body=payload.body
    )
    return Status(
        201,
        {
            "kind": message.kind,
            "from_staff": message.from_staff,
            "body": message.body,
            "created_at": message.created_at,
        },
    )
