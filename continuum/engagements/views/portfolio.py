"""The program portfolio (program staff): every engagement with filters, counts by status, keyset
pages, overdue milestones and deliverables, expert workload and the evaluation metrics."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..forms.portfolio import PortfolioFilterForm
from ..metrics import evaluation_metrics
from ..portfolio import (
    expert_workload,
    overdue_deliverables,
    overdue_milestones,
    portfolio_counts,
    portfolio_engagements,
    portfolio_page,
)


@require_GET
def portfolio(request: HttpRequest):
    form = PortfolioFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped with a message; the rest still apply
    problems = form.problems() if form.is_bound else []
    filters, ordering = form.filters(), form.ordering()
    today = timezone.localdate()
    engagements = portfolio_engagements(viewer=request.user, filters=filters, today=today)
    try:
        page = portfolio_page(engagements, ordering=ordering, cursor=request.GET.get("cursor"))
    except ValidationError as error:  # a stale or broken page link: the first page instead
        problems += error.messages
        page = portfolio_page(engagements, ordering=ordering)
    without_cursor = request.GET.copy()
    without_cursor.pop("cursor", None)
    return render(
        request,
        "engagements/portfolio.html",
        {
            "filter_form": form,
            "filter_problems": problems,
            "page": page,
            "counts": portfolio_counts(viewer=request.user, filters=filters, today=today),
            "current_status": filters.get("status", ""),
            "overdue_milestones": overdue_milestones(
                viewer=request.user, today=today, filters=filters
            ),
            "overdue_deliverables": overdue_deliverables(
                viewer=request.user, today=today, filters=filters
            ),
            "workload": expert_workload(viewer=request.user),
            "metrics": evaluation_metrics(),
            "today": today,
            "query": without_cursor.urlencode(),
        },
    )
