from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.utils.translation import gettext_lazy as _

from .models import LIVE_MEMBERSHIP_STATES, AgencyMembership, User, VerificationMethod


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@agency.gov."),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    error_messages = {
        "invalid_login": "The email address or password is not right. Check both and try again.",
        "inactive": "This account is turned off. Contact the program team for help.",
    }

    def clean_username(self) -> str:
        # Accounts are stored in lower case; one spelling also means one count of failed tries.
        return self.cleaned_data["username"].strip().lower()


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address you sign in with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@agency.gov."),
        },
    )


class _EmailUniqueMixin:
    """Email addresses are unique whatever their letter case."""

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email


class UserAdminCreationForm(_EmailUniqueMixin, AdminUserCreationForm):
    """The administration site's form to add an account: email, name and a password."""

    class Meta:
        model = User
        fields = ("email", "full_name")


class UserAdminChangeForm(_EmailUniqueMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipVerifyForm(forms.Form):
    """Program staff verify a membership and say how they checked."""

    method = forms.ChoiceField(
        label=_("How did you check that this person acts for the agency?"),
        choices=VerificationMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you checked that this person acts for the agency."),
            "invalid_choice": _("Choose one of the ways listed."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Who you spoke to, the number you called, or what you checked. Required for "
            "“Other”. Up to 2,000 characters."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Shorten the note to 2,000 characters or fewer.")},
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("method") == VerificationMethod.OTHER and not data.get("note", "").strip():
            self.add_error(
                "note", _("Explain how you checked that this person acts for the agency.")
            )
        return data


class MembershipRefuseForm(forms.Form):
    """Program staff refuse a membership, with a reason."""

    reason = forms.CharField(
        label=_("Why is the membership refused?"),
        help_text=_("Kept on the record for staff. Up to 2,000 characters."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the membership is refused."),
            "max_length": _("Shorten the reason to 2,000 characters or fewer."),
        },
    )


class AgencyMembershipAdminForm(forms.ModelForm):
    """The administration site's form to add a membership. Without a method the membership
    waits for program staff; with one it is verified at once (and says how)."""

    verification_method = forms.ChoiceField(
        label=_("Verified how? (leave empty to let program staff verify it)"),
        choices=[("", _("Not verified yet")), *VerificationMethod.choices],
        required=False,
    )
    verification_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = AgencyMembership
        fields = ["user", "agency", "role"]

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("verification_method") == VerificationMethod.OTHER
            and not data.get("verification_note", "").strip()
        ):
            self.add_error("verification_note", _("Explain how you checked."))
        user = data.get("user")
        if user is not None:
            if (
                AgencyMembership.objects.filter(user=user, status__in=LIVE_MEMBERSHIP_STATES)
                .exclude(agency=data.get("agency"))
                .exists()
            ):
                self.add_error(
                    "user",
                    _("This person already acts for another agency, or asked to. End that first."),
                )
            actor = getattr(self, "actor", None)
            if data.get("verification_method") and actor is not None and actor.pk == user.pk:
                self.add_error(
                    "verification_method",
                    _("Nobody can verify their own membership. Ask another staff member."),
                )
        return data

    def _post_clean(self) -> None:
        # The model's own checks (one live membership per user, ...) run in the service.
        pass


class ProfileForm(forms.Form):
    """A person's own name, title and phone number."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    title = forms.CharField(
        label=_("Your title"),
        max_length=150,
        required=False,
        help_text=_("For example, Lieutenant or Grants manager."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Your work phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 7 or any(c not in "0123456789+-(). extEXT" for c in phone)):
            raise forms.ValidationError(
                _("Enter a phone number like 202-555-0142, with digits, spaces or dashes.")
            )
        return phone


class ColleagueAddForm(forms.Form):
    """A verified agency member names a colleague to add (program staff verify them)."""

    full_name = forms.CharField(
        label=_("Your colleague's name"),
        max_length=150,
        error_messages={"required": _("Enter your colleague's name.")},
    )
    title = forms.CharField(label=_("Their title"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Their work email address"),
        help_text=_("We email them how to sign in. Use the agency's address, not a personal one."),
        error_messages={
            "required": _("Enter your colleague's email address."),
            "invalid": _("Enter an email address like name@agency.gov."),
        },
    )
