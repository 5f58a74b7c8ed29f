"""Steps 1 to 3 of the request form, and what every step shares: the form of each step of
`continuum.intake.steps` (`STEP_FORMS`), its saved answers as form data, and completeness.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from continuum.accounts.models import User
from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import Agency, State
from continuum.agencies.selectors import agency_search as directory_search
from continuum.core.forms import ModelIdChoiceField

from ..steps import STEPS
from .base import StepForm, _required_messages, yes_no_initial
from .needs import IncidentStepForm, NeedsStepForm

# --- step 1: your agency ------------------------------------------------------------------------


class AgencySearchForm(forms.Form):
    """The directory search of step 1 (a GET form; htmx asks for the results fragment)."""

    q = forms.CharField(
        label=_("Search the national directory"),
        help_text=_("Type your agency's name, city, state or ORI (its 9-character FBI code)."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = ModelIdChoiceField(
        label=_("State or territory (optional)"),
        queryset=State.objects.all(),
        required=False,
        empty_label=_("Any state or territory"),
        error_messages={"invalid_choice": _("Choose a state or territory from the list.")},
    )

    def results(self) -> tuple[list[Agency], str]:
        """The matching agencies and the sentence to announce (the errors when invalid)."""
        if not self.is_valid():
            return [], " ".join(e for errors in self.errors.values() for e in errors)
        agencies, _count, status = agency_search_results(
            self.cleaned_data["q"], self.cleaned_data["state"]
        )
        return agencies, status


AGENCY_RESULTS_LIMIT = 20
_ORI_LIKE = re.compile(r"^[A-Za-z]{2}[A-Za-z0-9]{5}(?:[A-Za-z0-9]{2})?$")


def agency_search_results(query: str, state) -> tuple[list[Agency], int, str]:
    """Up to AGENCY_RESULTS_LIMIT directory matches, how many there are, and a sentence to
    announce (for the search of step 1)."""
    query = (query or "").strip()
    if len(query) < 2 and state is None:
        return [], 0, ""
    matches = directory_search(query=query, state=state)
    count = matches.count()
    agencies = list(matches.select_related("state")[:AGENCY_RESULTS_LIMIT])
    where = f" in {state.name}" if state is not None else ""
    if count == 0:
        if _ORI_LIKE.match(query):
            status = (
                f"No agency in the directory has the ORI “{query.upper()}”{where}. Check the "
                "code, search by name, or tick “My agency is not listed”."
            )
        else:
            status = (
                f"No agency matches “{query}”{where}. Check the spelling, try the city, or tick "
                "“My agency is not listed”."
            )
    elif count > len(agencies):
        status = (
            f"{count:,} agencies match. The first {len(agencies)} are shown: add the city or "
            "choose a state to narrow the list."
        )
    else:
        status = f"{count} {'agency matches' if count == 1 else 'agencies match'}."
    return agencies, count, status


def agency_choice_label(agency: Agency) -> str:
    city = agency.city.title() if agency.city else ""
    place = ", ".join(part for part in (city, agency.state.usps) if part)
    ori = f" · ORI {agency.ori9}" if agency.ori9 else ""
    return f"{agency.name} — {place}{ori}"


class AgencyStepForm(StepForm):
    agency = ModelIdChoiceField(
        label=_("Your agency"),
        help_text=_("Search the directory above, then choose your agency from the results."),
        queryset=Agency.objects.select_related("state"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": (
                _(
                    "That agency is not in the national directory. Search again and choose your "
                    "agency from the results, or tick “My agency is not listed”."
                )
            )
        },
    )
    agency_not_listed = forms.BooleanField(
        label=_("My agency is not listed"),
        help_text=_("Tell us about it below; program staff will add it to the directory."),
        required=False,
    )
    unlisted_agency_name = forms.CharField(
        label=_("Agency name"),
        max_length=200,
        required=False,
        help_text=_("Its full name, for example: Lakeview Police Department."),
    )
    unlisted_agency_type = forms.ChoiceField(
        label=_("Type of agency"),
        choices=[("", "- Select -"), *AgencyType.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a type of agency from the list.")},
    )
    unlisted_jurisdiction_level = forms.ChoiceField(
        label=_("Level of government"),
        choices=JurisdictionLevel.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose state, local, territorial or tribal.")},
    )
    unlisted_state = ModelIdChoiceField(
        label=_("State or territory"),
        queryset=State.objects.all(),
        required=False,
        empty_label=_("- Select -"),
        error_messages={"invalid_choice": _("Choose a state or territory from the list.")},
    )

    template_name = "intake/request/forms/agency_form.html"

    def set_agency_choices(self, agencies: list[Agency]) -> None:
        """Offer these agencies as the radio buttons (validation still uses the directory)."""
        self.fields["agency"].widget.choices = [(a.pk, agency_choice_label(a)) for a in agencies]

    def clean(self) -> dict:
        data = super().clean()
        agency = data.get("agency")
        not_listed = data.get("agency_not_listed")
        if self.partial or self.has_error("agency"):
            return data
        if agency and not_listed:
            self.add_error(
                "agency_not_listed",
                _(
                    "You chose an agency from the directory and ticked “My agency is not listed”. "
                    "Untick the box, or clear your choice and tell us about your agency."
                ),
            )
        elif not agency and not not_listed:
            self.add_error(
                "agency",
                _("Choose your agency from the search results, or tick “My agency is not listed”."),
            )
        elif not_listed:
            required = {
                "unlisted_agency_name": "Enter the name of your agency.",
                "unlisted_agency_type": "Choose the type of agency.",
                "unlisted_jurisdiction_level": (
                    "Choose the level of government: state, local, territorial or tribal."
                ),
                "unlisted_state": "Choose the state or territory of your agency.",
            }
            for name, message in required.items():
                if not data.get(name) and not self.has_error(name):
                    self.add_error(name, message)
        if agency:
            for name in (
                "unlisted_agency_name",
                "unlisted_agency_type",
                "unlisted_jurisdiction_level",
            ):
                data[name] = ""
            data["unlisted_state"] = None
        return data


# --- step 2: you ------------------------------------------------------------------------------

_PHONE_ALLOWED = re.compile(r"^[0-9+().\-\s/xXextEXT#]+$")


class YouStepForm(StepForm):
    requester_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        error_messages=_required_messages("Enter your full name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_title = forms.CharField(
        label=_("Your title"),
        max_length=150,
        help_text=_("For example: Deputy Chief, or Planning and Research Manager."),
        error_messages=_required_messages("Enter your title or position in the agency."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    requester_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send updates about the request here."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@agency.gov."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    requester_phone = forms.CharField(
        label=_("Your phone number"),
        help_text=_("With the area code, for example: 555-201-4477."),
        max_length=40,
        error_messages=_required_messages("Enter a phone number we can reach you at."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, with_account: bool = False, **kwargs: Any) -> None:
        self.with_account = with_account
        super().__init__(*args, **kwargs)
        if with_account:
            self.fields["password1"] = forms.CharField(
                label=_("Create a password"),
                help_text=(
                    _(
                        "At least 12 characters. Avoid common passwords and ones like your name or "
                        "email address."
                    )
                ),
                strip=False,
                required=not self.partial,
                error_messages=_required_messages("Create a password for your account."),
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )
            self.fields["password2"] = forms.CharField(
                label=_("Type the password again"),
                strip=False,
                required=not self.partial,
                error_messages=_required_messages("Type the password a second time."),
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean_requester_email(self) -> str:
        # Whether an account already uses the address is never said here (see
        # `requester_account_create`): the answer is the same either way.
        return (self.cleaned_data.get("requester_email") or "").strip().lower()

    def clean_requester_phone(self) -> str:
        phone = (self.cleaned_data.get("requester_phone") or "").strip()
        if not phone:
            return phone
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_ALLOWED.match(phone) or len(digits) < 10:
            raise forms.ValidationError(
                _("Enter a phone number with its area code, for example: 555-201-4477."),
                code="invalid_phone",
            )
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not self.with_account or self.partial:
            # Passwords are never kept in a draft.
            data.pop("password1", None)
            data.pop("password2", None)
            return data
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        elif password1:
            candidate = User(
                email=data.get("requester_email") or "",
                full_name=data.get("requester_name") or "",
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


# --- step 3: authorization ----------------------------------------------------------------------


class AuthorizationStepForm(StepForm):
    chief_name = forms.CharField(
        label=_("Chief executive's full name"),
        help_text=_("The chief, sheriff, commissioner or director who leads the agency."),
        max_length=150,
        error_messages=_required_messages("Enter the chief executive's full name."),
    )
    chief_title = forms.CharField(
        label=_("Chief executive's title"),
        help_text=_("For example: Chief of Police, or Sheriff."),
        max_length=150,
        error_messages=_required_messages("Enter the chief executive's title."),
    )
    chief_email = forms.EmailField(
        label=_("Chief executive's email address"),
        help_text=_("When you send the request, we email them a link to confirm their support."),
        max_length=254,
        error_messages={
            "required": _("Enter the chief executive's email address."),
            "invalid": _("Enter an email address like chief@agency.gov."),
        },
    )
    attests_voluntary = forms.BooleanField(
        label=_("Our agency asks for this assistance voluntarily."),
        error_messages=_required_messages(
            "Confirm that your agency asks for this assistance voluntarily."
        ),
    )
    attests_chief_supports = forms.BooleanField(
        label=_("Our chief executive knows about this request and supports it."),
        error_messages=_required_messages(
            "Confirm that your chief executive supports this request."
        ),
    )

    def clean_chief_email(self) -> str:
        return (self.cleaned_data.get("chief_email") or "").strip().lower()


STEP_FORMS: dict[str, type[StepForm]] = {
    "agency": AgencyStepForm,
    "you": YouStepForm,
    "authorization": AuthorizationStepForm,
    "needs": NeedsStepForm,
    "incident": IncidentStepForm,
}
if tuple(STEP_FORMS) != STEPS:  # pragma: no cover - a programming error, caught at import
    raise ImproperlyConfigured("STEP_FORMS must have one form per step of continuum.intake.steps.")


def step_initial(assistance_request, step: str) -> dict[str, Any]:
    """A step's saved answers, in the shape its form takes as initial (or bound) data."""
    ar = assistance_request
    if step == "agency":
        return {
            "agency": ar.agency_id,
            "agency_not_listed": bool(ar.agency_id is None and ar.unlisted_agency_name),
            "unlisted_agency_name": ar.unlisted_agency_name,
            "unlisted_agency_type": ar.unlisted_agency_type,
            "unlisted_jurisdiction_level": ar.unlisted_jurisdiction_level,
            "unlisted_state": ar.unlisted_state_id,
        }
    if step == "you":
        return {
            "requester_name": ar.requester_name,
            "requester_title": ar.requester_title,
            "requester_email": ar.requester_email,
            "requester_phone": ar.requester_phone,
        }
    if step == "authorization":
        return {
            "chief_name": ar.chief_name,
            "chief_title": ar.chief_title,
            "chief_email": ar.chief_email,
            "attests_voluntary": ar.attests_voluntary,
            "attests_chief_supports": ar.attests_chief_supports,
        }
    if step == "needs":
        answered = bool(ar.concern_scope or ar.narrative or ar.desired_timeframe)
        return {
            "services": [s.pk for s in ar.services.all()],
            "not_sure": ar.not_sure,
            "topics": [t.pk for t in ar.topics.all()],
            "goals": [g.pk for g in ar.goals.all()],
            "concern_scope": ar.concern_scope,
            "narrative": ar.narrative,
            "desired_timeframe": ar.desired_timeframe,
            "earlier_assistance": ar.earlier_assistance,
            "has_critical_incident": (
                yes_no_initial(ar.has_critical_incident)
                if answered or ar.has_critical_incident
                else None
            ),
        }
    if step == "incident":
        return {
            "incident_date": ar.incident_date.strftime("%m/%d/%Y") if ar.incident_date else "",
            "incident_kind": ar.incident_kind,
            "incident_public_attention": ar.incident_public_attention,
            "other_reviews_underway": yes_no_initial(ar.other_reviews_underway),
            "other_reviews_detail": ar.other_reviews_detail,
            "wants_immediate_consultation": ar.wants_immediate_consultation,
        }
    raise ValueError(f"Unknown step {step!r}.")


def step_is_complete(assistance_request, step: str) -> bool:
    """The saved answers of a step pass the step's own checks (for the review page)."""
    if step == "incident" and not assistance_request.has_critical_incident:
        return True
    data = {k: v for k, v in step_initial(assistance_request, step).items() if v is not None}
    data = {k: v for k, v in data.items() if v is not False}
    form = STEP_FORMS[step](data=data)
    return form.is_valid()
