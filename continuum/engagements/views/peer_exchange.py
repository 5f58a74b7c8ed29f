"""Peer exchange: "Find a host agency" for an engagement with a peer-exchange service (the
ranked candidates with their reasons, and the form that records the exchange), and the
engagement page's section listing the exchanges recorded.

Program staff and the working side only; anyone else gets 404, as does an engagement without
a peer-exchange service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..forms.peer_exchange import PeerExchangeForm
from ..models import Engagement
from ..policy import ENGAGEMENTS, Relation
from ..selectors import engagement_for_viewer
from ..services.peer_exchange import (
    has_peer_exchange,
    peer_candidates,
    peer_exchange_record,
    peer_exchanges_of,
)


@require_http_methods(["GET", "POST"])
def peer_exchange_view(request: HttpRequest, public_id):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not ENGAGEMENTS.allows("work", request.user, engagement) or not has_peer_exchange(
        engagement
    ):
        raise Http404("No such page.")
    candidates = peer_candidates(engagement)
    form = PeerExchangeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            peer_exchange_record(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The peer exchange with %(agency)s is recorded on both engagements.")
                % {"agency": form.cleaned_data["host_agency"]},
            )
            return redirect(engagement.get_absolute_url() + "#peer-exchange-heading")
    return render(
        request,
        "engagements/peer_exchange.html",
        {"engagement": engagement, "candidates": candidates, "form": form},
        status=400 if form.errors else 200,
    )


def peer_exchange_section(
    request: HttpRequest, engagement: Engagement, relation: Relation
) -> dict[str, Any] | None:
    """The peer exchanges recorded, for the working side and staff of a peer-exchange
    engagement (activities are team-only)."""
    if not (relation.staff or relation.working) or not has_peer_exchange(engagement):
        return None
    return {
        "exchanges": peer_exchanges_of(engagement),
        "find_url": reverse(
            "engagements:peer_exchange", kwargs={"public_id": engagement.public_id}
        ),
    }
