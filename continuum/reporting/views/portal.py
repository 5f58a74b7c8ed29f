"""The public portal's pages (issue 10 §6): no sign-in, no JavaScript needed, cached.

Every page reads through `continuum.reporting.public` only (published snapshots, listings,
public documents and the published dashboard) and answers 404 for anything not published. The
one staff page here, `dashboard_manage`, publishes the dashboard through its service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from continuum.core.cache import public_page
from continuum.documents.validation import INLINE
from continuum.recommendations.choices import Priority

from .. import public
from ..charts import burndown_svg, burndown_table, status_by_category_svg, status_table
from ..dashboard import DIMENSIONS, count_bars_svg, count_text, dashboard_publish
from ..portal_forms import PortalFilterForm

PRIORITIES = dict(Priority.choices)

# --- helpers -----------------------------------------------------------------------------------


def report_links(report) -> dict:
    """The addresses of a published report's page and its PDF (the reports pages')."""
    kwargs = {"report_id": report.public_id}
    return {
        "page": reverse("portal:report", kwargs=kwargs),
        "pdf": reverse("portal:report_pdf", kwargs=kwargs),
    }


def _value_labels(snapshot: dict) -> dict[str, dict[str, str]]:
    return {
        scale["key"]: {value["key"]: value["label"] for value in scale["values"]}
        for scale in snapshot["scales"]
    }


def snapshot_view(snapshot: dict) -> dict:
    """What the engagement page shows of a report's snapshot: the share done, both charts each
    with its table, and the recommendation rows with their status labels per scale."""
    primary = snapshot.get("primary_scale")
    labels = _value_labels(snapshot)
    objectives = {c["number"]: c["name"] for c in snapshot["categories"]}
    overall = snapshot["figures"][primary]["overall"] if primary else None
    rows = [
        {
            **row,
            "objective": objectives.get(row["category"], ""),
            "priority_label": PRIORITIES.get(row.get("priority") or "", _("Not set")),
            "statuses": [
                labels[scale["key"]].get(row["status"].get(scale["key"]), _("Not set"))
                for scale in snapshot["scales"]
            ],
        }
        for row in snapshot["recommendations"]
    ]
    charts = []
    if primary:
        charts = [
            {
                "id": "status-by-objective",
                "title": _("Recommendations by objective and status"),
                "svg": status_by_category_svg(snapshot, primary, chart_id="status-by-objective"),
                "table": status_table(snapshot, primary),
            },
            {
                "id": "burndown",
                "title": _("Open and done recommendations over time"),
                "svg": burndown_svg(snapshot, chart_id="burndown"),
                "table": burndown_table(snapshot),
            },
        ]
    return {
        "overall": overall,
        "percent_done": round(overall["share_done"] * 100)
        if overall and overall["share_done"] is not None
        else None,
        "scales": snapshot["scales"],
        "rows": rows,
        "charts": charts,
    }


# --- the list, one engagement, one agency ------------------------------------------------------


@login_not_required
@require_GET
@public_page("portal")
def engagements(request):
    """Listed engagements with filters, a page at a time (keyset) and a bounded count."""
    form = PortalFilterForm(request.GET or None, choices=public.filter_choices())
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped with a message; the rest still apply
    problems = form.problems() if form.is_bound else []
    today = timezone.localdate()
    queryset = public.listings(filters=form.filters(), today=today)
    try:
        page = public.listings_page(queryset, cursor=request.GET.get("cursor"))
    except ValidationError as error:  # a stale or broken page link: the first page instead
        problems += error.messages
        page = public.listings_page(queryset)
    return render(
        request,
        "reporting/portal/engagements.html",
        {
            "filter_form": form,
            "filter_problems": problems,
            "page": page,
            "count": public.listings_count(queryset),
        },
    )


@login_not_required
@require_GET
@public_page("portal")
def engagement(request, slug: str):
    """One listed engagement: its facts, promised and published reports, the latest report's
    figures, charts and recommendation table (from its snapshot), and its public documents."""
    listing = public.listing_by_slug(slug)
    if listing is None:
        raise Http404("No listed engagement has this address.")
    today = timezone.localdate()
    reports = public.engagement_reports(listing.engagement_id)
    latest = public.latest_report(listing.engagement_id) if reports else None
    return render(
        request,
        "reporting/portal/engagement.html",
        {
            "listing": listing,
            "dues": public.reports_due(listing.engagement_id, today=today),
            "reports": [(report, report_links(report)) for report in reports],
            "latest": latest,
            "latest_links": report_links(latest) if latest else {},
            "view": snapshot_view(latest.snapshot) if latest else None,
            "documents": public.public_documents(listing.engagement_id),
        },
    )


@login_not_required
@require_GET
@public_page("portal")
def agency(request, ori: str):
    """An agency's listed engagements (404 when it has none listed)."""
    rows = public.agency_listings(ori.upper(), today=timezone.localdate())
    if not rows:
        raise Http404("No listed engagement of this agency.")
    return render(
        request,
        "reporting/portal/agency.html",
        {"agency_name": rows[0].agency_name, "agency_state": rows[0].agency_state, "rows": rows},
    )


@login_not_required
@require_GET
def document(request, document_id):
    """The newest version of a public document of a listed engagement (404 otherwise).

    Served through the application, as the documents app serves files: PDFs and pictures are
    shown in the browser, everything else is downloaded; the browser must not guess the type."""
    version = public.public_document_version(document_id)
    if version is None:
        raise Http404("No public document has this address.")
    try:
        handle = default_storage.open(version.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is missing.") from exc
    inline = version.content_type in INLINE and request.GET.get("download") != "1"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=version.download_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if version.content_type != "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# --- the national dashboard --------------------------------------------------------------------


def _sections(figures: dict) -> list[dict]:
    """The dashboard's charts, each with the rows of its data table."""
    titles = {
        "by_program": _("by program"),
        "by_service": _("by service"),
        "by_state": _("by state or territory"),
        "by_agency_type": _("by agency type"),
        "by_year": _("by year"),
    }
    sections = []
    for group, heading in (
        ("requests", _("Requests for assistance")),
        ("engagements", _("Engagements")),
    ):
        for dimension in DIMENSIONS:
            rows = figures.get(group, {}).get(dimension, [])
            chart_id = f"{group}-{dimension.replace('_', '-')}"
            title = f"{heading} {titles[dimension]}"
            sections.append(_section(chart_id, title, rows))
    sections.append(
        _section("top-topics", _("Top topics of requests"), figures.get("top_topics", []))
    )
    return sections


def _section(chart_id: str, title: str, rows: list[dict]) -> dict:
    return {
        "id": chart_id,
        "title": title,
        "svg": count_bars_svg(rows, title=title, chart_id=chart_id),
        "rows": [(row["label"], count_text(row)) for row in rows],
    }


def dashboard_context(snapshot) -> dict:
    if snapshot is None:
        return {"snapshot": None}
    figures = snapshot.figures
    effective = figures.get("effective", {})
    share = effective.get("share")
    return {
        "snapshot": snapshot,
        "figures": figures,
        "requests_total": count_text(figures["requests"]["total"]),
        "engagements_total": count_text(figures["engagements"]["total"]),
        "effective": effective,
        "effective_percent": None if share is None else round(share * 100),
        "effective_rows": [
            {**row, "percent": None if row["share"] is None else round(row["share"] * 100)}
            for row in effective.get("by_program", [])
        ],
        "first_response": figures.get("first_response", {}),
        "sections": _sections(figures),
    }


@login_not_required
@require_GET
@public_page("portal")
def dashboard(request):
    """The national dashboard: the latest published figures only (one query)."""
    return render(
        request, "reporting/portal/dashboard.html", dashboard_context(public.latest_dashboard())
    )


@require_http_methods(["GET", "POST"])
def dashboard_manage(request):
    """Program staff: the last published dashboard, and a button to publish it now."""
    if request.method == "POST":
        try:
            snapshot = dashboard_publish(actor=request.user)
        except PermissionDenied as error:
            raise Http404("Not found.") from error
        messages.success(
            request,
            _("The dashboard is published with the figures as of %(date)s.")
            % {"date": snapshot.as_of.isoformat()},
        )
        return redirect("portal:dashboard_manage")
    return render(
        request, "reporting/portal/dashboard_manage.html", {"latest": public.latest_dashboard()}
    )
