"""The forms of the request form (one per step) and of the agency's side of a request.

Every form renders through the USWDS renderer (`{{ form }}`): labels, hints, the error summary
and field errors. Every message says what is wrong and how to fix it. A step form built with
`partial=True` ("Save and finish later") requires nothing, so whatever was typed can be kept,
but still refuses values that cannot be stored (an over-long text, a forged id).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.html import format_html

from continuum.accounts.models import User
from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import Agency, State
from continuum.catalog.models import Goal, Service, Topic

from .choices import ConcernScope, IncidentKind, PublicAttention, Timeframe
from .models import NARRATIVE_MAX

EARLIER_ASSISTANCE_MAX = 3000
OTHER_REVIEWS_DETAIL_MAX = 2000
MESSAGE_MAX = 4000
WITHDRAWAL_REASON_MAX = 2000

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: Any) -> bool | None:
    if value in ("", None):
        return None
    return value == "yes"


def yes_no_initial(value: bool | None) -> str | None:
    if value is None:
        return None
    return "yes" if value else "no"


def _text_limit(value: str, limit: int, what: str) -> str:
    """Normalize line breaks and refuse a text longer than `limit`, saying by how much."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        raise forms.ValidationError(
            f"{what} is {len(value):,} characters long. Shorten it to {limit:,} characters or "
            f"fewer (remove {len(value) - limit:,}).",
            code="max_length",
        )
    return value


def _required_messages(message: str) -> dict[str, str]:
    return {"required": message}


class StepForm(forms.Form):
    """A step of the request form. `partial=True` makes every field optional."""

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partial = partial
        if partial:
            for field in self.fields.values():
                field.required = False


# --- step 1: your agency ------------------------------------------------------------------------


class AgencySearchForm(forms.Form):
    """The directory search of step 1 (a GET form; htmx asks for the results fragment)."""

    q = forms.CharField(
        label="Search the national directory",
        help_text="Type your agency's name, city, state or ORI (its 9-character FBI code).",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ModelChoiceField(
        label="State or territory (optional)",
        queryset=State.objects.all(),
        required=False,
        empty_label="Any state or territory",
        error_messages={"invalid_choice": "Choose a state or territory from the list."},
    )


def agency_choice_label(agency: Agency) -> str:
    city = agency.city.title() if agency.city else ""
    place = ", ".join(part for part in (city, agency.state.usps) if part)
    ori = f" · ORI {agency.ori9}" if agency.ori9 else ""
    return f"{agency.name} — {place}{ori}"


class AgencyStepForm(StepForm):
    agency = forms.ModelChoiceField(
        label="Your agency",
        help_text="Search the directory above, then choose your agency from the results.",
        queryset=Agency.objects.select_related("state"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": (
                "That agency is not in the national directory. Search again and choose your "
                "agency from the results, or tick “My agency is not listed”."
            )
        },
    )
    agency_not_listed = forms.BooleanField(
        label="My agency is not listed",
        help_text="Tell us about it below; program staff will add it to the directory.",
        required=False,
    )
    unlisted_agency_name = forms.CharField(
        label="Agency name",
        max_length=200,
        required=False,
        help_text="Its full name, for example: Lakeview Police Department.",
    )
    unlisted_agency_type = forms.ChoiceField(
        label="Type of agency",
        choices=[("", "- Select -"), *AgencyType.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type of agency from the list."},
    )
    unlisted_jurisdiction_level = forms.ChoiceField(
        label="Level of government",
        choices=JurisdictionLevel.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose state, local, territorial or tribal."},
    )
    unlisted_state = forms.ModelChoiceField(
        label="State or territory",
        queryset=State.objects.all(),
        required=False,
        empty_label="- Select -",
        error_messages={"invalid_choice": "Choose a state or territory from the list."},
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
                "You chose an agency from the directory and ticked “My agency is not listed”. "
                "Untick the box, or clear your choice and tell us about your agency.",
            )
        elif not agency and not not_listed:
            self.add_error(
                "agency",
                "Choose your agency from the search results, or tick “My agency is not listed”.",
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
        label="Your full name",
        max_length=150,
        error_messages=_required_messages("Enter your full name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_title = forms.CharField(
        label="Your title",
        max_length=150,
        help_text="For example: Deputy Chief, or Planning and Research Manager.",
        error_messages=_required_messages("Enter your title or position in the agency."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    requester_email = forms.EmailField(
        label="Your email address",
        help_text="We send updates about the request here.",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@agency.gov.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    requester_phone = forms.CharField(
        label="Your phone number",
        help_text="With the area code, for example: 555-201-4477.",
        max_length=40,
        error_messages=_required_messages("Enter a phone number we can reach you at."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, with_account: bool = False, **kwargs: Any) -> None:
        self.with_account = with_account
        super().__init__(*args, **kwargs)
        if with_account:
            self.fields["password1"] = forms.CharField(
                label="Create a password",
                help_text=(
                    "At least 12 characters. Avoid common passwords and ones like your name or "
                    "email address."
                ),
                strip=False,
                required=not self.partial,
                error_messages=_required_messages("Create a password for your account."),
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )
            self.fields["password2"] = forms.CharField(
                label="Type the password again",
                strip=False,
                required=not self.partial,
                error_messages=_required_messages("Type the password a second time."),
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean_requester_email(self) -> str:
        email = (self.cleaned_data.get("requester_email") or "").strip().lower()
        if (
            email
            and self.with_account
            and not self.partial
            and User.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(
                "An account already uses this email address. Sign in with it to go on (your "
                "answers so far are kept), or use another address.",
                code="email_taken",
            )
        return email

    def clean_requester_phone(self) -> str:
        phone = (self.cleaned_data.get("requester_phone") or "").strip()
        if not phone:
            return phone
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_ALLOWED.match(phone) or len(digits) < 10:
            raise forms.ValidationError(
                "Enter a phone number with its area code, for example: 555-201-4477.",
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
            self.add_error("password2", "The two passwords are not the same. Type them again.")
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
        label="Chief executive's full name",
        help_text="The chief, sheriff, commissioner or director who leads the agency.",
        max_length=150,
        error_messages=_required_messages("Enter the chief executive's full name."),
    )
    chief_title = forms.CharField(
        label="Chief executive's title",
        help_text="For example: Chief of Police, or Sheriff.",
        max_length=150,
        error_messages=_required_messages("Enter the chief executive's title."),
    )
    chief_email = forms.EmailField(
        label="Chief executive's email address",
        help_text="When you send the request, we email them a link to confirm their support.",
        max_length=254,
        error_messages={
            "required": "Enter the chief executive's email address.",
            "invalid": "Enter an email address like chief@agency.gov.",
        },
    )
    attests_voluntary = forms.BooleanField(
        label="Our agency asks for this assistance voluntarily.",
        error_messages=_required_messages(
            "Confirm that your agency asks for this assistance voluntarily."
        ),
    )
    attests_chief_supports = forms.BooleanField(
        label="Our chief executive knows about this request and supports it.",
        error_messages=_required_messages(
            "Confirm that your chief executive supports this request."
        ),
    )

    def clean_chief_email(self) -> str:
        return (self.cleaned_data.get("chief_email") or "").strip().lower()


# --- step 4: what you need ----------------------------------------------------------------------


def service_choice_label(service: Service) -> str:
    return format_html(
        '{} <span class="usa-checkbox__label-description">{}</span>', service.name, service.summary
    )


def grouped_service_choices(services: list[Service]) -> list[tuple[str, list]]:
    """Active services grouped by program, in continuum order, each with its one-line summary."""
    groups: dict[int, tuple[str, list]] = {}
    for service in services:
        label = service.program.full_label
        groups.setdefault(service.program_id, (label, []))[1].append(
            (service.pk, service_choice_label(service))
        )
    return list(groups.values())


class NeedsStepForm(StepForm):
    template_name = "intake/request/forms/needs_form.html"
    field_order = [
        "services",
        "not_sure",
        "narrative",
        "concern_scope",
        "has_critical_incident",
        "desired_timeframe",
        "goals",
        "topics",
        "earlier_assistance",
    ]

    services = forms.ModelMultipleChoiceField(
        label="What kind of help would you like?",
        help_text="Choose all that apply. Program staff will help you refine this.",
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": (
                "One of the services you chose is not offered now. Choose from the list."
            ),
            "invalid_pk_value": "Choose the services from the list.",
            "invalid_list": "Choose the services from the list.",
        },
    )
    not_sure = forms.BooleanField(
        label="We are not sure which kind of help we need",
        help_text="Tell us what is going on below, and program staff will suggest the right help.",
        required=False,
    )
    concern_scope = forms.ChoiceField(
        label="How wide is the issue?",
        choices=ConcernScope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how wide the issue is.",
            "invalid_choice": "Choose one of the answers listed.",
        },
    )
    topics = forms.ModelMultipleChoiceField(
        label="Topics the request is about",
        help_text="Choose any that apply.",
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "One of the topics you chose is not in the list. Choose again.",
            "invalid_pk_value": "Choose the topics from the list.",
            "invalid_list": "Choose the topics from the list.",
        },
    )
    goals = forms.ModelMultipleChoiceField(
        label="Goals (optional)",
        help_text="What should the assistance help your agency achieve?",
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "One of the goals you chose is not in the list. Choose again.",
            "invalid_pk_value": "Choose the goals from the list.",
            "invalid_list": "Choose the goals from the list.",
        },
    )
    narrative = forms.CharField(
        label="Tell us what happened, or what your agency wants to change",
        help_text=(
            f"In your own words: the situation, what you have tried, and what help would look "
            f"like. Up to {NARRATIVE_MAX:,} characters."
        ),
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required_messages(
            "Tell us what happened, or what your agency wants to change."
        ),
    )
    desired_timeframe = forms.ChoiceField(
        label="When would you like the help to start?",
        choices=Timeframe.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when you would like the help to start.",
            "invalid_choice": "Choose one of the answers listed.",
        },
    )
    earlier_assistance = forms.CharField(
        label="Technical assistance your agency received before (optional)",
        help_text=(f"Who helped, when, and on what. Up to {EARLIER_ASSISTANCE_MAX:,} characters."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    has_critical_incident = forms.TypedChoiceField(
        label="Is this about a critical incident?",
        help_text=(
            "For example an officer-involved shooting, a death in custody, a mass casualty event "
            "or civil unrest. If yes, the next step asks a few questions about it."
        ),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Answer yes or no: is this about a critical incident?",
            "invalid_choice": "Answer yes or no.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = Service.objects.active().filter(program__is_active=True)
        services = services.select_related("program").order_by("program__order", "order", "name")
        self.fields["services"].queryset = services
        self.fields["services"].choices = grouped_service_choices(list(services))
        self.fields["topics"].queryset = Topic.objects.active().order_by("name")

    def clean_narrative(self) -> str:
        return _text_limit(
            self.cleaned_data.get("narrative", ""), NARRATIVE_MAX, "Your description"
        )

    def clean_earlier_assistance(self) -> str:
        return _text_limit(
            self.cleaned_data.get("earlier_assistance", ""),
            EARLIER_ASSISTANCE_MAX,
            "Your description of earlier assistance",
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.partial or self.has_error("services"):
            return data
        if not data.get("services") and not data.get("not_sure"):
            self.add_error(
                "services",
                "Choose at least one kind of help, or tick “We are not sure which kind of help "
                "we need”.",
            )
        return data


# --- step 5: critical incident ------------------------------------------------------------------


class IncidentStepForm(StepForm):
    incident_date = forms.DateField(
        label="Date of the incident",
        help_text="For example: 3/14/2025. If you do not know the exact day, give the closest.",
        input_formats=["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y"],
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter the date of the incident.",
            "invalid": "Enter the date of the incident like this: 3/14/2025.",
        },
    )
    incident_kind = forms.ChoiceField(
        label="What kind of incident was it?",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of incident it was.",
            "invalid_choice": "Choose one of the kinds listed.",
        },
    )
    incident_public_attention = forms.ChoiceField(
        label="How much public attention has it drawn?",
        choices=PublicAttention.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how much public attention it has drawn.",
            "invalid_choice": "Choose one of the answers listed.",
        },
    )
    other_reviews_underway = forms.TypedChoiceField(
        label="Are other reviews or investigations under way?",
        help_text="For example by a state agency, a prosecutor, an inspector general or a court.",
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Answer yes or no: are other reviews or investigations under way?",
            "invalid_choice": "Answer yes or no.",
        },
    )
    other_reviews_detail = forms.CharField(
        label="Which reviews or investigations?",
        help_text=(
            f"Who is reviewing and where it stands. Needed if you answered yes. Up to "
            f"{OTHER_REVIEWS_DETAIL_MAX:,} characters."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_incident_date(self):
        value = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "The date of the incident cannot be in the future.", code="future"
            )
        return value

    def clean_other_reviews_detail(self) -> str:
        return _text_limit(
            self.cleaned_data.get("other_reviews_detail", ""),
            OTHER_REVIEWS_DETAIL_MAX,
            "Your description of the other reviews",
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.partial:
            return data
        if (
            data.get("other_reviews_underway")
            and not data.get("other_reviews_detail")
            and not self.has_error("other_reviews_detail")
        ):
            self.add_error(
                "other_reviews_detail",
                "Tell us which reviews or investigations are under way.",
            )
        if data.get("other_reviews_underway") is False:
            data["other_reviews_detail"] = ""
        return data


STEP_FORMS: dict[str, type[StepForm]] = {
    "agency": AgencyStepForm,
    "you": YouStepForm,
    "authorization": AuthorizationStepForm,
    "needs": NeedsStepForm,
    "incident": IncidentStepForm,
}


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
        }
    raise ValueError(f"Unknown step {step!r}.")


def step_is_complete(assistance_request, step: str) -> bool:
    """The saved answers of a step pass the step's own checks (for the review page)."""
    if step == "you" and assistance_request.requester_id is None:
        return False
    if step == "incident" and not assistance_request.has_critical_incident:
        return True
    data = {k: v for k, v in step_initial(assistance_request, step).items() if v is not None}
    data = {k: v for k, v in data.items() if v is not False}
    form = STEP_FORMS[step](data=data)
    return form.is_valid()


# --- the agency's side of a request ---------------------------------------------------------------


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        help_text=f"Up to {MESSAGE_MAX:,} characters.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required_messages("Write your answer before you send it."),
    )

    def clean_answer(self) -> str:
        return _text_limit(self.cleaned_data.get("answer", ""), MESSAGE_MAX, "Your answer")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the request? (optional)",
        help_text="This helps the program improve. Up to 2,000 characters.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reason(self) -> str:
        return _text_limit(
            self.cleaned_data.get("reason", ""), WITHDRAWAL_REASON_MAX, "Your reason"
        )
