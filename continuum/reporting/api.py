"""The public API (issue 10 §6), mounted under /api/v1/public/ with no authentication.

It gives what the public portal shows, read through `continuum.reporting.public` only: the
listed engagements, one engagement with its promised and published reports and public
documents, one published report with its snapshot rows and figures, and the latest published
dashboard. Anything not published answers 404, exactly as what does not exist.

Every operation has an explicit `operation_id`, also its URL name, mapped `Access.PUBLIC` in
the access map.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as InputError

from continuum.api.errors import validation_error_details
from continuum.api.fields import Text
from continuum.intake.api.schemas import CURSOR_MAX, ErrorOut

from . import public

LIMIT = 25
LIMIT_MAX = 100
ERRORS = {404: ErrorOut, 422: ErrorOut}

router = Router(tags=["Public"], auth=None)


# --- schemas -----------------------------------------------------------------------------------


class ListingParams(Schema):
    q: Text | None = Field(None, max_length=100, description="Part of the agency's name.")
    program: Text | None = Field(None, max_length=80, description="A program's slug.")
    state: Text | None = Field(None, max_length=2, description="A USPS state code, e.g. CA.")
    agency_type: Text | None = Field(None, max_length=200, description="An agency type.")
    year: int | None = Field(None, ge=1990, le=2100, description="The year the work started.")
    after: Text | None = Field(
        None,
        max_length=CURSOR_MAX,
        description="The `next` cursor of the page before; leave it out for the first page.",
    )
    limit: int = Field(LIMIT, ge=1, le=LIMIT_MAX, description="How many to a page (1 to 100).")


class ReportSummaryOut(Schema):
    id: uuid.UUID
    number: int
    title: str = ""
    as_of: datetime.date
    share_done: float | None = Field(None, description="On the primary scale, 0 to 1.")


class ListingOut(Schema):
    slug: str
    title: str
    summary: str
    agency_name: str
    agency_ori: str
    agency_state: str
    agency_type: str
    program: str
    program_slug: str
    services: list[str]
    topics: list[str]
    started_on: datetime.date | None
    report_overdue: bool
    latest_report: ReportSummaryOut | None


class ListingPageOut(Schema):
    next: str | None = Field(description="The next page's cursor (send it as `after`).")
    items: list[ListingOut]


class DueOut(Schema):
    due_on: datetime.date
    label: str
    overdue: bool
    fulfilled_by_report: int | None


class DocumentOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    url: str


class EngagementOut(ListingOut):
    reports_due: list[DueOut]
    reports: list[ReportSummaryOut]
    documents: list[DocumentOut]


class ReportOut(Schema):
    id: uuid.UUID
    engagement: str = Field(description="The engagement's slug.")
    number: int
    title: str
    as_of: datetime.date
    published_at: datetime.datetime
    corrects_number: int | None
    correction_note: str
    snapshot: dict[str, Any] = Field(
        description="Rows, figures, changes and burndown as published (layout version 1)."
    )


class DashboardOut(Schema):
    as_of: datetime.date | None
    published_at: datetime.datetime | None
    figures: dict[str, Any] | None


# --- presenters --------------------------------------------------------------------------------


def _listing(listing, *, latest=None, overdue: bool = False) -> dict:
    return {
        "slug": listing.slug,
        "title": listing.title,
        "summary": listing.summary,
        "agency_name": listing.agency_name,
        "agency_ori": listing.agency_ori,
        "agency_state": listing.agency_state,
        "agency_type": listing.agency_type,
        "program": listing.program_name,
        "program_slug": listing.program_slug,
        "services": [str(s) for s in listing.services],
        "topics": [str(t) for t in listing.topics],
        "started_on": listing.started_on,
        "report_overdue": overdue,
        "latest_report": _latest(latest),
    }


def _latest(latest) -> dict | None:
    if latest is None:
        return None
    return {
        "id": latest.public_id,
        "number": latest.number,
        "as_of": latest.as_of,
        "share_done": latest.share_done,
    }


def operation(path: str, name: str, summary: str, *, out):
    """A GET operation whose operationId and URL name are both `name`."""
    return router.get(
        path, response={200: out, **ERRORS}, operation_id=name, url_name=name, summary=summary
    )


# --- operations --------------------------------------------------------------------------------


@operation(
    "/public/engagements/",
    "public_engagement_list",
    "List the public engagements",
    out=ListingPageOut,
)
def public_engagement_list(request, params: Query[ListingParams]):
    """Engagements on the public portal, by agency name, a page at a time (send `next` back as
    `after`), with the latest published report's date and share done."""
    filters = params.dict(include={"q", "program", "state", "agency_type", "year"})
    queryset = public.listings(filters=filters, today=timezone.localdate())
    try:
        page = public.listings_page(queryset, cursor=params.after, size=params.limit)
    except ValidationError as error:
        cursor_error = ValidationError({"after": error.messages})
        raise InputError(validation_error_details(cursor_error, where="query")) from error
    items = [_listing(row, latest=row.latest, overdue=row.report_overdue) for row in page.rows]
    return {"next": page.next_cursor, "items": items}


@operation(
    "/public/engagements/{slug}/",
    "public_engagement_read",
    "Read one public engagement",
    out=EngagementOut,
)
def public_engagement_read(request, slug: str):
    """One listed engagement: its promised reports (overdue or not), its published reports and
    its public documents (404 when it is not listed)."""
    listing = public.listing_by_slug(slug[:120])
    if listing is None:
        raise Http404("No listed engagement has this address.")
    today = timezone.localdate()
    dues = public.reports_due(listing.engagement_id, today=today)
    reports = public.engagement_reports(listing.engagement_id)
    latest = public.latest_figures([reports[0].pk]).get(reports[0].pk) if reports else None
    return {
        **_listing(listing, latest=latest, overdue=any(due.overdue for due in dues)),
        "reports_due": [
            {
                "due_on": due.due_on,
                "label": due.label,
                "overdue": due.overdue,
                "fulfilled_by_report": due.fulfilled_number,
            }
            for due in dues
        ],
        "reports": [
            {"id": r.public_id, "number": r.number, "title": r.title, "as_of": r.as_of}
            for r in reports
        ],
        "documents": [
            {
                "id": d.public_id,
                "name": d.name,
                "kind": d.kind,
                "url": reverse("portal:document", kwargs={"document_id": d.public_id}),
            }
            for d in public.public_documents(listing.engagement_id)
        ],
    }


@operation(
    "/public/reports/{report_id}/", "public_report_read", "Read one published report", out=ReportOut
)
def public_report_read(request, report_id: uuid.UUID):
    """A published progress report of a listed engagement, with its snapshot as published: the
    scales, objectives, findings, recommendation rows with statuses, figures, what changed and
    the burndown (404 for a draft or an unlisted engagement's report)."""
    report = public.report_by_public_id(report_id)
    if report is None:
        raise Http404("No published report has this id.")
    return {
        "id": report.public_id,
        "engagement": report.engagement.public_listing.slug,
        "number": report.number,
        "title": report.title,
        "as_of": report.as_of,
        "published_at": report.published_at,
        "corrects_number": report.corrects.number if report.corrects_id else None,
        "correction_note": report.correction_note,
        "snapshot": report.snapshot,
    }


@operation(
    "/public/dashboard/", "public_dashboard", "Read the national dashboard", out=DashboardOut
)
def public_dashboard(request):
    """The latest published figures of the national dashboard (all null before the first)."""
    snapshot = public.latest_dashboard()
    if snapshot is None:
        return {"as_of": None, "published_at": None, "figures": None}
    return {
        "as_of": snapshot.as_of,
        "published_at": snapshot.published_at,
        "figures": snapshot.figures,
    }
