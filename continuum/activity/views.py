"""Program staff's view of the outbox: the messages, their state, and a retry for failed ones.

The access map lets only program staff and administrators reach these URLs (404 for everyone
else); the selectors check again. Views are thin: parse, call one service, show the outcome.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from continuum.core.workflow import TransitionError

from .outbox.forms import MessageFilterForm
from .outbox.models import MessageState
from .outbox.selectors import message_counts, message_for_viewer, message_page
from .outbox.services import message_retry
from .outbox.workflow import MESSAGE_MACHINE


@require_GET
def outbox_list(request):
    form = MessageFilterForm(request.GET or None)
    problems = []
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = form.cleaned_data
        else:
            problems = [_("That filter or page is not valid; showing the newest messages.")]
    state = filters.get("state") or ""
    page = message_page(
        request.user, state=state, before=filters.get("before"), after=filters.get("after")
    )
    labels = dict(MessageState.choices)
    counts = [(key, labels[key], number) for key, number in message_counts(request.user).items()]
    return render(
        request,
        "activity/outbox/list.html",
        {
            "filter_form": form if form.is_bound and form.is_valid() else MessageFilterForm(),
            "problems": problems,
            "page": page,
            "state": state,
            "state_label": labels.get(state, ""),
            "counts": counts,
        },
    )


@require_GET
def outbox_detail(request, pk: int):
    message = message_for_viewer(request.user, pk)
    return render(
        request,
        "activity/outbox/detail.html",
        {
            "message": message,
            "about": message.target if message.target_type_id else None,
            "can_retry": MESSAGE_MACHINE.can(request.user, message, "retry"),
        },
    )


@require_POST
def outbox_retry(request, pk: int):
    message = message_for_viewer(request.user, pk)
    try:
        message_retry(actor=request.user, message=message)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("activity:outbox_detail", pk=message.pk)
