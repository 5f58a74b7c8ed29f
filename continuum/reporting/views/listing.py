"""The engagement's public listing: program staff prepare, refresh, publish and take it down;
the agency's chief executive agrees to it (or withdraws the agreement). Everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.engagements.selectors import engagement_for_viewer

from ..forms import ConsentForm, ListingForm, UnlistForm, errors_onto_form
from ..models import PublicListing
from ..services.listings import (
    can_consent,
    can_manage_listing,
    consent_needed,
    listing_consent,
    listing_consent_withdraw,
    listing_create,
    listing_publish,
    listing_refresh,
    listing_unlist,
)
from .reports import reports_url


def _engagement_for(request: HttpRequest, public_id, allowed):
    engagement = engagement_for_viewer(viewer=request.user, public_id=public_id)
    if not allowed(request.user, engagement):
        raise Http404("No such page.")
    return engagement


def _problem(request: HttpRequest, error: Exception) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


def _listing_action(request, listing, action: str, unlist_form: UnlistForm):
    """Run the posted action on an existing listing; True when it succeeded."""
    actor = request.user
    try:
        if action == "refresh":
            listing_refresh(actor=actor, listing=listing)
            messages.success(request, _("The listing's facts were copied again."))
        elif action == "publish":
            listing_publish(actor=actor, listing=listing)
            messages.success(request, _("The engagement is on the public portal."))
        elif action == "unlist":
            if not unlist_form.is_valid():
                return False
            listing_unlist(actor=actor, listing=listing, reason=unlist_form.cleaned_data["reason"])
            messages.success(request, _("The engagement is off the public portal."))
        else:
            messages.error(request, _("Choose what to do with the listing."))
            return False
    except ValidationError as error:
        if action == "unlist" and hasattr(error, "error_dict"):
            errors_onto_form(unlist_form, error)
        else:
            _problem(request, error)
        return False
    except PermissionDenied as error:
        _problem(request, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
def listing_view(request: HttpRequest, public_id):
    engagement = _engagement_for(request, public_id, can_manage_listing)
    listing = PublicListing.objects.filter(engagement=engagement).first()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    create_form = ListingForm(
        request.POST if action == "create" else None,
        initial={
            "title": _("%(program)s: %(agency)s")
            % {"program": engagement.program.name, "agency": engagement.agency_label}
        },
    )
    unlist_form = UnlistForm(request.POST if action == "unlist" else None)
    if action == "create" and listing is None and create_form.is_valid():
        try:
            listing_create(actor=request.user, engagement=engagement, **create_form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(create_form, error)
        except PermissionDenied as error:
            _problem(request, error)
        else:
            messages.success(request, _("The listing is prepared; it is not public yet."))
            return redirect(reverse("reporting:listing", kwargs={"public_id": public_id}))
    elif (
        action
        and action != "create"
        and listing is not None
        and _listing_action(request, listing, action, unlist_form)
    ):
        return redirect(reverse("reporting:listing", kwargs={"public_id": public_id}))
    has_errors = bool(create_form.errors or unlist_form.errors)
    return render(
        request,
        "reporting/listing.html",
        {
            "engagement": engagement,
            "listing": listing,
            "consent_needed": consent_needed(engagement),
            "create_form": create_form,
            "unlist_form": unlist_form,
            "back": reports_url(engagement),
        },
        status=400 if has_errors else 200,
    )


@require_http_methods(["GET", "POST"])
def consent_view(request: HttpRequest, public_id):
    engagement = _engagement_for(request, public_id, can_consent)
    listing = PublicListing.objects.filter(engagement=engagement).first()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ConsentForm(request.POST if action == "consent" else None)
    try:
        if action == "consent" and form.is_valid():
            listing_consent(
                actor=request.user,
                engagement=engagement,
                typed_name=form.cleaned_data["typed_name"],
            )
            messages.success(request, _("Thank you: your agency agreed to the public listing."))
            return redirect(reports_url(engagement))
        if action == "withdraw":
            listing_consent_withdraw(actor=request.user, engagement=engagement)
            messages.success(request, _("Your agency's agreement is withdrawn."))
            return redirect(reports_url(engagement))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors_onto_form(form, error)
        else:
            _problem(request, error)
    except PermissionDenied as error:
        _problem(request, error)
    return render(
        request,
        "reporting/consent.html",
        {
            "engagement": engagement,
            "listing": listing,
            "consent_needed": consent_needed(engagement),
            "form": form,
            "back": reports_url(engagement),
        },
        status=400 if form.errors else 200,
    )
