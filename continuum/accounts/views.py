from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .forms import PasswordResetRequestForm, SignInForm
from .landing import engagement_work_links, landing_url, sees_agency_pages
from .roles import Role, pending_agency_membership_of, role_descriptions, roles_of
from .selectors import email_is_verified, user_with_memberships
from .services import (
    LinkSendLimited,
    requester_email_verify,
    requester_verification_send,
    sign_in_failures_clear,
)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("You are signed in as %(email)s.") % {"email": form.get_user().email}
        )
        return response

    def get_default_redirect_url(self):
        """Without a `next` address, each person lands on their own work (see `landing`)."""
        return landing_url(self.request.user)


@method_decorator(login_not_required, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """Sign-out is a POST (the header's form); a GET answers 405."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You are signed out."))
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self):
        return {"site_name": settings.CONTINUUM["SITE_NAME"]}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the account's email may sign in again at once.
        sign_in_failures_clear(user=form.user)
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def dashboard(request):
    """My work: who you are, your roles, and what you can do today."""
    user = user_with_memberships(viewer=request.user)
    roles = roles_of(user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "account": user,
            "roles": roles,
            "role_names": {str(role) for role in roles},
            "role_descriptions": role_descriptions(user),
            "has_work_role": bool(roles - {Role.PUBLIC}),
            "pending_membership": pending_agency_membership_of(user),
            "agency_links": (agency_links := sees_agency_pages(user)),
            "show_agency_nav": agency_links,
            "can_add_colleague": Role.AGENCY_MEMBER in roles,
            "engagement_links": engagement_work_links(user),
        },
    )


# --- email verification -------------------------------------------------------------------------


@login_not_required
@require_GET
def verify_email(request, token: str):
    """The link emailed to confirm an account's address."""
    try:
        user = requester_email_verify(token=token)
    except ValidationError as error:
        return render(
            request,
            "accounts/link_problem.html",
            {"title": _("We could not confirm your email address"), "problems": error.messages},
            status=400,
        )
    return render(request, "accounts/email_verified.html", {"verified_user": user})


@require_POST
def verify_email_resend(request):
    """Send the signed-in account a new link to confirm its address (rate-limited)."""
    if email_is_verified(request.user):
        messages.info(request, _("Your email address is already confirmed."))
    else:
        try:
            requester_verification_send(user=request.user)
        except LinkSendLimited as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("We emailed a new confirmation link to %(email)s.")
                % {"email": request.user.email},
            )
    return redirect("intake:my_requests")
