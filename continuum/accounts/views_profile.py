"""A person's own account: their profile, their password, and (for a verified agency member)
adding a colleague. Thin views: each calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from continuum.core.workflow import TransitionError

from .forms import ColleagueAddForm, ProfileForm
from .roles import agency_membership_of
from .services import agency_colleague_add, user_profile_update


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
def profile(request):
    """Your name, title and phone number; links to change your password."""
    user = request.user
    initial = {"full_name": user.full_name, "title": user.title, "phone": user.phone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "membership": agency_membership_of(user)},
        status=400 if form.errors else 200,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own password change (old password, new one twice, the password validators)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_http_methods(["GET", "POST"])
def colleague_add(request):
    """A verified member of an agency adds a colleague; program staff verify them first."""
    membership = agency_membership_of(request.user)
    if membership is None:
        messages.error(
            request,
            _(
                "Only a verified member of an agency can add a colleague. Program staff verify "
                "members; until then, contact them to add someone."
            ),
        )
        return redirect("accounts:dashboard")
    form = ColleagueAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = agency_colleague_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("accounts:dashboard")
        else:
            messages.success(
                request,
                _(
                    "We added %(name)s. Program staff will check with %(agency)s before they can "
                    "see its requests, and we emailed them how to sign in."
                )
                % {"name": added.user.full_name, "agency": membership.agency.name},
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/colleague_add.html",
        {"form": form, "membership": membership},
        status=400 if form.errors else 200,
    )
