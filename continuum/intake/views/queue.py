"""The staff triage queue: filters, sorting, bounded counts, keyset pages, urgent requests
pinned above them, saved views and bulk assignment.

The access map lets only program staff and administrators reach these URLs (404 for everyone
else); the selectors scope every row by the viewer. Invalid filters are dropped with a message;
the rest still apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from continuum.core.links import urls_by_public_id
from continuum.core.workflow import TransitionError

from .. import sla
from ..choices import RequestStatus
from ..forms.triage import (
    PAGE_SIZE,
    BulkAssignForm,
    SavedViewForm,
    TriageFilterForm,
    reviewer_choices,
)
from ..models import AssistanceRequest
from ..selectors import (
    queue_counts,
    queue_filters_with_default,
    sent_requests_visible_to,
    triage_queue_page,
    urgent_requests,
)
from ..selectors import (
    triage_queue as queue_selector,
)
from ..services.triage import (
    request_assign,
)
from .saved_views import saved_views_of

# --- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    request: AssistanceRequest
    age: int
    target: int
    overdue: bool
    urgent: bool
    #: What the row shows, worked out once per page rather than by template tags in each row
    #: (a row cost about 0.33 ms to render, a third of it `{% url %}`, the age's
    #: `{% blocktranslate %}` and reading the services three times).
    url: str
    age_label: str
    services: list
    #: The status as people read it (the row's tag; an include a row cost 0.13 ms).
    status_label: str


def queue_rows(requests, *, now, targets) -> list[QueueRow]:
    url_of = urls_by_public_id("intake:triage_detail")  # one reverse() for the page
    status_labels = {value: str(label) for value, label in RequestStatus.choices}
    age_labels: dict[tuple[int, int], str] = {}  # one translation per distinct age and target
    rows = []
    for ar in requests:
        age = sla.request_age_business_days(ar, now)
        target = sla.first_response_target(ar, targets=targets)
        if (age, target) not in age_labels:
            age_labels[age, target] = ngettext(
                "%(days)s business day (target %(target)s)",
                "%(days)s business days (target %(target)s)",
                age,
            ) % {"days": localize(age), "target": localize(target)}
        rows.append(
            QueueRow(
                request=ar,
                age=age,
                target=target,
                overdue=sla.is_overdue(ar, now, targets=targets),
                urgent=sla.is_urgent(ar),
                url=url_of(ar.public_id),
                age_label=age_labels[age, target],
                services=list(ar.services.all()),
                status_label=status_labels.get(ar.status, ar.status),
            )
        )
    return rows


def _filter_errors(form: TriageFilterForm) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def _queue_filters(request, form: TriageFilterForm) -> dict:
    """The form's filters, with the queue's default: open work unless a status is chosen
    (the empty choice of a submitted form is the default too; "all" shows every status)."""
    return queue_filters_with_default(form.filters())


@require_GET
def triage_queue(request):
    """Submitted requests with filters, sorting, bounded counts and keyset pages of 25: open
    ones unless the status filter says otherwise, open critical-incident requests pinned above
    the pages."""
    # The reviewers, read once for both selects (the filter's and the bulk assignment's).
    reviewer_options = reviewer_choices()
    form = TriageFilterForm(
        request.GET or None, viewer=request.user, reviewer_options=reviewer_options
    )
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped with a message; the rest still apply
    problems = _filter_errors(form)
    filters, ordering = _queue_filters(request, form), form.ordering()
    cursor = request.GET.get("cursor") or None
    try:
        queue = queue_selector(viewer=request.user, filters=filters, ordering=ordering)
        counts = queue_counts(viewer=request.user, filters=filters)
    except ValidationError as error:
        problems += error.messages
        filters, ordering = queue_filters_with_default({}), "newest"
        queue = queue_selector(viewer=request.user, filters=filters, ordering=ordering)
        counts = queue_counts(viewer=request.user, filters=filters)
    now = timezone.now()
    targets = sla.response_targets()
    # Open critical-incident requests are pinned above the pages, so the pages leave them out;
    # when there are more than the pinned list holds, those left over stay in the pages.
    pinned_page = urgent_requests(viewer=request.user, filters=filters, now=now)
    pinned = pinned_page.rows
    if pinned_page.has_next:
        paged = queue.exclude(pk__in=[ar.pk for ar in pinned])
    else:
        paged = queue.exclude(sla.urgent_q())
    try:
        page = triage_queue_page(paged, ordering=ordering, cursor=cursor, size=PAGE_SIZE)
    except ValidationError as error:  # a stale or broken page link: the first page instead
        problems += error.messages
        page = triage_queue_page(paged, ordering=ordering, size=PAGE_SIZE)
    without_page = request.GET.copy()
    without_page.pop("cursor", None)
    without_page.pop("page", None)
    status_labels = dict(AssistanceRequest._meta.get_field("status").choices)
    context = {
        "filter_form": form,
        "filter_problems": problems,
        "page": page,
        "cursor_next": page.next_cursor,
        "cursor_prev": page.prev_cursor,
        "rows": queue_rows(page.rows, now=now, targets=targets),
        "pinned_rows": queue_rows(pinned, now=now, targets=targets),
        "pinned_more": pinned_page.has_next,
        "counts": counts,
        "status_counts": [
            (status, status_labels[status], number)
            for status, number in counts["by_status"].items()
        ],
        "current_status": request.GET.get("status", ""),
        "assign_form": BulkAssignForm(prefix="bulk", reviewer_options=reviewer_options),
        "queue_query": without_page.urlencode(),
        "targets": targets,
        "saved_views": saved_views_of(request.user),
        "saved_view_form": SavedViewForm(
            prefix="saved", initial={"query": without_page.urlencode()}
        ),
    }
    template = "intake/triage/queue.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _queue_url(query: str) -> str:
    # Rebuild the query string from its parsed parts: only ever a URL of the queue.
    query = QueryDict(query or "").urlencode()
    url = reverse("intake:triage_queue")
    return f"{url}?{query}" if query else url


@require_POST
def triage_bulk_assign(request):
    """Assign the ticked requests to one reviewer, then go back to the same filtered page."""
    back = _queue_url(request.POST.get("queue_query", ""))
    form = BulkAssignForm(
        request.POST,
        prefix="bulk",
        requests_queryset=sent_requests_visible_to(request.user),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    chosen = list(form.cleaned_data["requests"])
    reviewer = form.cleaned_data["reviewer"]
    try:
        changed = request_assign(actor=request.user, assistance_requests=chosen, reviewer=reviewer)
    except (ValidationError, TransitionError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        return redirect(back)
    who = reviewer.full_name or reviewer.email
    if changed:
        messages.success(
            request,
            ngettext(
                "%(count)d request assigned to %(who)s.",
                "%(count)d requests assigned to %(who)s.",
                changed,
            )
            % {"count": changed, "who": who},
        )
    else:
        messages.info(
            request,
            _("Nothing changed: the ticked requests were already %(who)s's.") % {"who": who},
        )
    return redirect(back)


# --- one request ----------------------------------------------------------------------------
