"""The chief executive's link: the whole request, and "I support this" or "I do not support
this" (with a reason). GET shows; only POST records (a link scanner opening the link answers
nothing)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from ..forms.agency_side import ChiefAnswerForm
from ..forms.base import errors_onto_form
from ..services.chief import (
    chief_answer_of,
    chief_confirm_request,
    chief_respond,
    chief_respond_signed_in,
    request_for_chief,
)


def _page(request, assistance_request, form, *, status=200, action=None):
    return render(
        request,
        "intake/request/chief_confirm.html",
        {
            "assistance_request": assistance_request,
            "ar": assistance_request,
            "services": list(assistance_request.services.select_related("program")),
            "topics": list(assistance_request.topics.all()),
            "goals": list(assistance_request.goals.all()),
            "answer": chief_answer_of(assistance_request),
            "form": form,
            "action": action or request.path,
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def chief_confirm(request, token: str):
    try:
        assistance_request = chief_confirm_request(token=token)
    except ValidationError as error:
        return render(
            request,
            "intake/request/link_problem.html",
            {"title": _("We could not use this confirmation link"), "problems": error.messages},
            status=400,
        )
    if request.method != "POST":
        return _page(request, assistance_request, ChiefAnswerForm())
    form = ChiefAnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = chief_respond(
                token=token, supports=form.supports, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "intake/request/chief_confirmed.html",
                {"assistance_request": answered, "supports": form.supports},
            )
    return _page(request, assistance_request, form, status=422)


@require_http_methods(["GET", "POST"])
def chief_request(request, public_id):
    """The same page for a signed-in chief executive: their account's verified address is the
    one the request names (404 for anyone else)."""
    assistance_request = request_for_chief(request.user, public_id)
    if request.method != "POST":
        return _page(request, assistance_request, ChiefAnswerForm())
    form = ChiefAnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = chief_respond_signed_in(
                actor=request.user,
                assistance_request=assistance_request,
                supports=form.supports,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "intake/request/chief_confirmed.html",
                {"assistance_request": answered, "supports": form.supports},
            )
    return _page(request, assistance_request, form, status=422)
