"""What every register view does first: find the engagement the viewer may see (else 404)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect

from continuum.engagements.models import Engagement
from continuum.engagements.selectors import engagement_for_viewer

from ..policy import can_edit_register


def viewed_engagement(request: HttpRequest, public_id) -> Engagement:
    return engagement_for_viewer(viewer=request.user, public_id=public_id)


def edited_engagement(request: HttpRequest, public_id) -> Engagement:
    """The engagement, when the viewer may change its register; 404 otherwise (the agency side
    reads the register but has no edit pages)."""
    engagement = viewed_engagement(request, public_id)
    if not can_edit_register(request.user, engagement):
        raise Http404("No such page.")
    return engagement


def register_url(engagement: Engagement) -> str:
    from django.urls import reverse

    return reverse("recommendations:register", kwargs={"public_id": engagement.public_id})


def back_to_register(engagement: Engagement):
    return redirect(register_url(engagement))


def messages_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
