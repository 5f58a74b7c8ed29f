from django import forms

from .choices import AgencyType
from .selectors import states_for_choice
from .text import search_normalize

QUERY_MAX_LENGTH = 100
QUERY_MIN_LENGTH = 2


class DirectorySearchForm(forms.Form):
    """The directory's search: a GET form, so every result page has its own address."""

    q = forms.CharField(
        label="Name, city, county or ORI",
        help_text="For example: Seattle, Cook County or WASPD0000.",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": (
                "Enter %(limit_value)d characters or fewer. Your search has %(show_value)d."
            ),
        },
    )
    state = forms.ModelChoiceField(
        label="State or territory",
        queryset=states_for_choice(),
        to_field_name="usps",
        required=False,
        empty_label="Any state or territory",
        error_messages={"invalid_choice": "Choose a state or territory from the list."},
    )
    agency_type = forms.ChoiceField(
        label="Type of agency",
        choices=[("", "Any type"), *AgencyType.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type of agency from the list."},
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
