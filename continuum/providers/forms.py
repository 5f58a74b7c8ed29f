"""Forms of the experts' pages. They parse and check input; `services.py` does every write.

Each form on the expert's own page has its own prefix, so several sit on one page without two
fields sharing an id. An agency of the national directory is named by its ORI (7 or 9
characters, as on the agency's directory page): the directory has 18,000 agencies, too many
for a list to choose from.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.agencies.choices import AgencySize, AgencyType
from continuum.agencies.models import Agency, State
from continuum.catalog.models import ProviderOrganization, Service, Topic
from continuum.core.forms import ModelIdChoiceField

from .choices import (
    LANGUAGES,
    AvailabilityKind,
    ExpertiseLevel,
    RankLevel,
    TravelWillingness,
    VettingStatus,
)
from .models import BIO_MAX

DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"]


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=_("For example: 3/14/2027."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Enter a date like this: 3/14/2027.")},
    )


class AgencyByOriField(forms.CharField):
    """An agency of the directory, named by its ORI."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault(
            "help_text", _("The agency's ORI code (7 or 9 characters) from the agency directory.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip().upper()
        if not text:
            return None
        agency = (
            Agency.objects.select_related("state").filter(ori9=text).first()
            if len(text) == 9
            else Agency.objects.select_related("state").filter(ori7=text).order_by("pk").first()
        )
        if agency is None:
            raise forms.ValidationError(_("No agency of the directory has the ORI “%s”.") % text)
        return agency


class ProfileForm(forms.Form):
    prefix = "profile"

    home_state = ModelIdChoiceField(
        label=_("Home state"),
        queryset=State.objects.order_by("name"),
        required=False,
        empty_label=_("- Choose -"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can work in besides English"),
        choices=[(code, label) for code, label in LANGUAGES if code != "en"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    travel = forms.ChoiceField(label=_("How far you travel"), choices=TravelWillingness.choices)
    capacity = forms.IntegerField(
        label=_("Engagements at once"),
        min_value=0,
        max_value=20,
        help_text=_("How many engagements you can work on at the same time (0 to 20)."),
    )
    public_bio = forms.CharField(
        label=_("Short public biography"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=BIO_MAX,
        required=False,
    )
    is_active = forms.BooleanField(
        label=_("I am taking new engagements"),
        required=False,
        help_text=_("Clear this to stop being matched to new engagements."),
    )


class ExpertiseForm(forms.Form):
    prefix = "expertise"

    service = ModelIdChoiceField(
        label=_("Service"),
        queryset=Service.objects.select_related("program").order_by("program__order", "name"),
        required=False,
        empty_label=_("- None -"),
    )
    topic = ModelIdChoiceField(
        label=_("Or a topic"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        empty_label=_("- None -"),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=ExpertiseLevel.choices, coerce=int, initial=1
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("service")) == bool(data.get("topic")):
            raise forms.ValidationError(_("Choose either a service or a topic (one of the two)."))
        return data


class PositionForm(forms.Form):
    prefix = "position"

    title = forms.CharField(label=_("Title or rank"), max_length=150)
    rank_level = forms.ChoiceField(label=_("Kind of position"), choices=RankLevel.choices)
    agency = AgencyByOriField(label=_("Agency (ORI)"), required=False)
    organization_name = forms.CharField(
        label=_("Or the organization's name"),
        max_length=200,
        required=False,
        help_text=_("When it is not an agency of the directory."),
    )
    agency_type = forms.ChoiceField(
        label=_("Agency type"),
        choices=[("", _("- Not an agency, or unknown -")), *AgencyType.choices],
        required=False,
        help_text=_("Taken from the directory when you give an ORI."),
    )
    agency_size = forms.ChoiceField(
        label=_("Agency size"),
        choices=[("", _("- Not an agency, or unknown -")), *AgencySize.choices],
        required=False,
        help_text=_("Taken from the directory when you give an ORI."),
    )
    start_year = forms.IntegerField(label=_("From (year)"), min_value=1940, max_value=2100)
    end_year = forms.IntegerField(
        label=_("To (year)"),
        min_value=1940,
        max_value=2100,
        required=False,
        help_text=_("Leave empty for a current position."),
    )

    def clean(self):
        data = super().clean()
        named = data.get("agency") or (data.get("organization_name") or "").strip()
        if not named and "agency" not in self.errors:
            self.add_error("organization_name", _("Give an agency's ORI or name the organization."))
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year comes before the start year."))
        return data


class AvailabilityForm(forms.Form):
    prefix = "availability"

    kind = forms.ChoiceField(
        label=_("Kind"), choices=AvailabilityKind.choices, widget=forms.RadioSelect
    )
    starts_on = _date(_("From"))
    ends_on = _date(_("To"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data


class ConflictForm(forms.Form):
    prefix = "conflict"

    agency = AgencyByOriField(label=_("Agency (ORI)"), required=False)
    state = ModelIdChoiceField(
        label=_("Or a whole state"),
        queryset=State.objects.order_by("name"),
        required=False,
        empty_label=_("- None -"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean(self):
        data = super().clean()
        if "agency" in self.errors:
            return data
        if bool(data.get("agency")) == bool(data.get("state")):
            raise forms.ValidationError(_("Choose either an agency or a state (one of the two)."))
        return data


class VetForm(forms.Form):
    prefix = "vet"

    status = forms.ChoiceField(label=_("Vetting status"), choices=VettingStatus.choices)
    vetted_on = _date(_("Vetted on"))
    vetted_on.required = False
    vetted_on.help_text = _("Required for “Vetted”. For example: 3/14/2027.")

    def clean(self):
        data = super().clean()
        if data.get("status") == VettingStatus.VETTED and not data.get("vetted_on"):
            self.add_error("vetted_on", _("Give the date the expert was vetted."))
        return data


class OrganizationForm(forms.Form):
    prefix = "organization"

    organization = ModelIdChoiceField(
        label=_("Provider organization"),
        queryset=ProviderOrganization.objects.order_by("name"),
        required=False,
        empty_label=_("- None -"),
        help_text=_("The organization the expert works with: its coordinators see their load."),
    )


class ExpertFilterForm(forms.Form):
    """The staff list's filters (a GET form). A bad value is dropped with a message."""

    vetting_status = forms.ChoiceField(
        label=_("Vetting status"),
        choices=[("", _("Any")), *VettingStatus.choices],
        required=False,
    )
    state = ModelIdChoiceField(
        label=_("Home state"),
        queryset=State.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
    )
    service = ModelIdChoiceField(
        label=_("Service"),
        queryset=Service.objects.select_related("program").order_by("program__order", "name"),
        required=False,
        empty_label=_("Any"),
    )
