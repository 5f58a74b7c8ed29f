"""Saved views of the triage queue: save the current filters under a name, open, delete.

Program staff only (the access map); each saved view is its owner's (404 for anyone else's).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from continuum.core.validation import DATABASE_ID_MAX

from ..forms.triage import SavedViewForm
from ..policy import SAVED_VIEWS
from ..services.saved_views import saved_view_create, saved_view_delete, saved_view_query


def saved_views_of(user) -> list:
    """The viewer's saved views of the queue, by name, each with its URL."""
    base = reverse("intake:triage_queue")
    views = list(SAVED_VIEWS.queryset(user).order_by("name", "pk"))
    for saved in views:
        saved.url = f"{base}?{saved.query}" if saved.query else f"{base}?status=all"
    return views


def _queue(query: str):
    query = saved_view_query(query)
    url = reverse("intake:triage_queue")
    return redirect(f"{url}?{query}" if query else url)


@require_POST
def saved_view_save(request):
    form = SavedViewForm(request.POST, prefix="saved")
    query = request.POST.get("saved-query", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _queue(query)
    try:
        saved = saved_view_create(
            actor=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _queue(query)
    messages.success(
        request,
        _("The view “%(name)s” is saved. Open it from “Your saved views”.") % {"name": saved.name},
    )
    return _queue(saved.query)


@require_POST
def saved_view_remove(request, pk: int):
    if not 1 <= pk <= DATABASE_ID_MAX:
        raise Http404("No such saved view.")
    saved = SAVED_VIEWS.queryset(request.user).filter(pk=pk).first()
    if saved is None:
        raise Http404("No such saved view.")
    saved_view_delete(actor=request.user, saved=saved)
    messages.success(request, _("The view “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("intake:triage_queue")
