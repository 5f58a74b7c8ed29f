from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)

from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@agency.gov.",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
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
        label="Email address",
        max_length=254,
        help_text="The address you sign in with.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@agency.gov.",
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
            raise forms.ValidationError("Another account already uses this email address.")
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
