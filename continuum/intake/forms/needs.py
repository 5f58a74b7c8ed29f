"""Steps 4 and 5 of the request form: what the agency needs, and the critical incident."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from continuum.catalog.models import Goal, Service, Topic
from continuum.core.forms import ModelIdMultipleChoiceField
from continuum.core.validation import past_date_problem

from ..choices import ConcernScope, IncidentKind, PublicAttention, Timeframe
from ..models import NARRATIVE_MAX
from .base import (
    EARLIER_ASSISTANCE_MAX,
    OTHER_REVIEWS_DETAIL_MAX,
    YES_NO,
    StepForm,
    _required_messages,
    _text_limit,
    _yes_no,
)

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
    # "Not sure" first: a requester who does not know the services should not have to read
    # seventeen of them to find it.
    field_order = [
        "not_sure",
        "services",
        "narrative",
        "concern_scope",
        "has_critical_incident",
        "desired_timeframe",
        "goals",
        "topics",
        "earlier_assistance",
    ]

    services = ModelIdMultipleChoiceField(
        label=_("What kind of help would you like?"),
        help_text=_("Choose all that apply. Program staff will help you refine this."),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": (
                _("One of the services you chose is not offered now. Choose from the list.")
            ),
            "invalid_pk_value": _("Choose the services from the list."),
            "invalid_list": _("Choose the services from the list."),
        },
    )
    not_sure = forms.BooleanField(
        label=_("We are not sure which kind of help we need"),
        help_text=_(
            "Tell us what is going on below, and program staff will suggest the right help."
        ),
        required=False,
    )
    concern_scope = forms.ChoiceField(
        label=_("How wide is the issue?"),
        choices=ConcernScope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how wide the issue is."),
            "invalid_choice": _("Choose one of the answers listed."),
        },
    )
    topics = ModelIdMultipleChoiceField(
        label=_("Topics the request is about"),
        help_text=_("Choose any that apply."),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the topics you chose is not in the list. Choose again."),
            "invalid_pk_value": _("Choose the topics from the list."),
            "invalid_list": _("Choose the topics from the list."),
        },
    )
    goals = ModelIdMultipleChoiceField(
        label=_("Goals (optional)"),
        help_text=_("What should the assistance help your agency achieve?"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the goals you chose is not in the list. Choose again."),
            "invalid_pk_value": _("Choose the goals from the list."),
            "invalid_list": _("Choose the goals from the list."),
        },
    )
    narrative = forms.CharField(
        label=_("Tell us what happened, or what your agency wants to change"),
        help_text=(
            f"In your own words: the situation, what you have tried, and what help would look "
            f"like. Up to {NARRATIVE_MAX:,} characters."
        ),
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": NARRATIVE_MAX}),
        error_messages=_required_messages(
            "Tell us what happened, or what your agency wants to change."
        ),
    )
    desired_timeframe = forms.ChoiceField(
        label=_("When would you like the help to start?"),
        choices=Timeframe.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose when you would like the help to start."),
            "invalid_choice": _("Choose one of the answers listed."),
        },
    )
    earlier_assistance = forms.CharField(
        label=_("Technical assistance your agency received before (optional)"),
        help_text=(f"Who helped, when, and on what. Up to {EARLIER_ASSISTANCE_MAX:,} characters."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": EARLIER_ASSISTANCE_MAX}),
    )
    has_critical_incident = forms.TypedChoiceField(
        label=_("Is this about a critical incident?"),
        help_text=_(
            "For example an officer-involved shooting, a death in custody, a mass casualty "
            "event or civil unrest. If yes, the next step asks a few questions about it."
        ),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Answer yes or no: is this about a critical incident?"),
            "invalid_choice": _("Answer yes or no."),
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
                _(
                    "Choose at least one kind of help, or tick “We are not sure which kind of help "
                    "we need”."
                ),
            )
        return data


# --- step 5: critical incident ------------------------------------------------------------------


class IncidentStepForm(StepForm):
    incident_date = forms.DateField(
        label=_("Date of the incident"),
        help_text=_("For example: 3/14/2025. If you do not know the exact day, give the closest."),
        input_formats=["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y"],
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the date of the incident."),
            "invalid": _("Enter the date of the incident like this: 3/14/2025."),
        },
    )
    incident_kind = forms.ChoiceField(
        label=_("What kind of incident was it?"),
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of incident it was."),
            "invalid_choice": _("Choose one of the kinds listed."),
        },
    )
    incident_public_attention = forms.ChoiceField(
        label=_("How much public attention has it drawn?"),
        choices=PublicAttention.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how much public attention it has drawn."),
            "invalid_choice": _("Choose one of the answers listed."),
        },
    )
    other_reviews_underway = forms.TypedChoiceField(
        label=_("Are other reviews or investigations under way?"),
        help_text=_(
            "For example by a state agency, a prosecutor, an inspector general or a court."
        ),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Answer yes or no: are other reviews or investigations under way?"),
            "invalid_choice": _("Answer yes or no."),
        },
    )
    other_reviews_detail = forms.CharField(
        label=_("Which reviews or investigations?"),
        help_text=(
            f"Who is reviewing and where it stands. Needed if you answered yes. Up to "
            f"{OTHER_REVIEWS_DETAIL_MAX:,} characters."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wants_immediate_consultation = forms.BooleanField(
        label=_("Yes, we need an immediate, confidential consultation about a pressing need."),
        help_text=_(
            "Critical Response can put your leaders in touch with experienced peers quickly and "
            "in confidence, before any longer assistance is planned. Leave this unticked if it "
            "can wait for the usual review."
        ),
        required=False,
    )

    def clean_incident_date(self):
        value = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the incident cannot be in the future."), code="future"
            )
        problem = past_date_problem(value) if value else None
        if problem:  # the API's rule too: nothing before 1900 (year 1, 1800)
            raise forms.ValidationError(problem, code="implausible")
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
                _("Tell us which reviews or investigations are under way."),
            )
        if data.get("other_reviews_underway") is False:
            data["other_reviews_detail"] = ""
        return data
