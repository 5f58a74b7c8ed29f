"""Program staff add an agency the directory lacks, often one a request described."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError
from continuum.intake.selectors import request_for_viewer
from continuum.intake.services.directory import request_unlisted_agency_add, unlisted_answers

from .forms import AgencyAddForm
from .services import agency_add as agency_add_service


def _request_of(request):
    """The request named by `?request=<public id>` (404 for one the viewer may not see), or
    None. A value that is not a request's id is ignored."""
    raw = request.POST.get("request") or request.GET.get("request") or ""
    try:
        public_id = uuid.UUID(raw)
    except ValueError:
        return None
    return request_for_viewer(viewer=request.user, public_id=public_id)


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
def agency_add(request):
    """Add an agency to the directory; from a request, the request then names it."""
    assistance_request = _request_of(request)
    if assistance_request is not None and assistance_request.agency_id is not None:
        messages.info(request, _("This request already names an agency of the directory."))
        return redirect("intake:triage_detail", public_id=assistance_request.public_id)
    initial = unlisted_answers(assistance_request) if assistance_request is not None else {}
    form = AgencyAddForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if assistance_request is not None:
                agency = request_unlisted_agency_add(
                    actor=request.user, assistance_request=assistance_request, **form.cleaned_data
                )
            else:
                agency = agency_add_service(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s is now in the directory.") % {"name": agency.name}
            )
            if assistance_request is not None:
                return redirect("intake:triage_detail", public_id=assistance_request.public_id)
            return redirect("agencies:agency", pk=agency.pk)
    return render(
        request,
        "agencies/agency_add.html",
        {"form": form, "assistance_request": assistance_request},
        status=400 if form.errors else 200,
    )
