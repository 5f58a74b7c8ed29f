from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.core.forms import ModelIdChoiceField

from .choices import AgencyType, JurisdictionLevel
from .selectors import states_for_choice
from .text import search_normalize

QUERY_MAX_LENGTH = 100
QUERY_MIN_LENGTH = 2


class DirectorySearchForm(forms.Form):
    """The directory's search: a GET form, so every result page has its own address."""

    q = forms.CharField(
        label=_("Name, city, county or ORI"),
        help_text=_("For example: Seattle, Cook County or WASPD0000."),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": (
                _("Enter %(limit_value)d characters or fewer. Your search has %(show_value)d.")
            ),
        },
    )
    state = forms.ModelChoiceField(
        label=_("State or territory"),
        queryset=states_for_choice(),
        to_field_name="usps",
        required=False,
        empty_label=_("Any state or territory"),
        error_messages={"invalid_choice": _("Choose a state or territory from the list.")},
    )
    agency_type = forms.ChoiceField(
        label=_("Type of agency"),
        choices=[("", "Any type"), *AgencyType.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a type of agency from the list.")},
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query and len(search_normalize(query).replace(" ", "")) < QUERY_MIN_LENGTH:
            raise forms.ValidationError(
                f"Enter at least {QUERY_MIN_LENGTH} letters or numbers to search."
            )
        return query

    def has_criteria(self) -> bool:
        """Whether the visitor asked for anything (a query or a filter)."""
        data = self.cleaned_data
        return bool(data.get("q") or data.get("state") or data.get("agency_type"))


class AgencyAddForm(forms.Form):
    """Program staff add an agency the directory lacks (often from a request's answers)."""

    name = forms.CharField(
        label=_("Agency name"),
        max_length=200,
        error_messages={"required": _("Enter the agency's name.")},
    )
    agency_type = forms.ChoiceField(
        label=_("Type of agency"),
        choices=[("", "- Select -"), *AgencyType.choices],
        error_messages={
            "required": _("Choose the type of agency."),
            "invalid_choice": _("Choose a type of agency from the list."),
        },
    )
    jurisdiction_level = forms.ChoiceField(
        label=_("Level of government"),
        choices=JurisdictionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the level of government."),
            "invalid_choice": _("Choose a level of government from the list."),
        },
    )
    state = ModelIdChoiceField(
        label=_("State or territory"),
        queryset=states_for_choice(),
        empty_label=_("- Select -"),
        error_messages={
            "required": _("Choose the state or territory."),
            "invalid_choice": _("Choose a state or territory from the list."),
        },
    )
    city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    county = forms.CharField(label=_("County (optional)"), max_length=200, required=False)
