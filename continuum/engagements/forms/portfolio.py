"""The portfolio's filters and sort order (a GET form: it works without JavaScript).

An invalid value is dropped with a message; the other filters still apply.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.agencies.choices import AgencyType
from continuum.agencies.models import State
from continuum.catalog.models import Program, ProviderOrganization

from ..choices import EngagementStatus
from ..portfolio import DEFAULT_ORDERING, OVERDUE_CHOICES, PORTFOLIO_ORDERINGS

_INVALID = {"invalid_choice": _("That choice is not in the list. Choose one from it.")}


class PortfolioFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"),
        required=False,
        queryset=Program.objects.none(),
        to_field_name="slug",
        empty_label=_("Any program"),
        error_messages=_INVALID,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open (planning to monitoring)")),
            ("all", _("Any status")),
            *EngagementStatus.choices,
        ],
        error_messages=_INVALID,
    )
    provider = forms.ModelChoiceField(
        label=_("Provider organization"),
        required=False,
        queryset=ProviderOrganization.objects.none(),
        to_field_name="slug",
        empty_label=_("Any provider"),
        error_messages=_INVALID,
    )
    state = forms.ModelChoiceField(
        label=_("State or territory"),
        required=False,
        queryset=State.objects.none(),
        to_field_name="usps",
        empty_label=_("Any state"),
        error_messages=_INVALID,
    )
    agency_type = forms.ChoiceField(
        label=_("Agency type"),
        required=False,
        choices=[("", _("Any type")), *AgencyType.choices],
        error_messages=_INVALID,
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        required=False,
        choices=[("", _("Overdue or not")), *OVERDUE_CHOICES],
        error_messages=_INVALID,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _keys) in PORTFOLIO_ORDERINGS.items()],
        error_messages=_INVALID,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.order_by("order")
        self.fields["provider"].queryset = ProviderOrganization.objects.order_by("name")
        self.fields["state"].queryset = State.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        for name in self.errors:  # drop what did not validate: the other filters still apply
            cleaned.pop(name, None)
        return cleaned

    def problems(self) -> list[str]:
        return [
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        ]

    def filters(self) -> dict:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return {}
        keys = ("program", "status", "provider", "state", "agency_type", "overdue")
        return {key: self.cleaned_data[key] for key in keys if self.cleaned_data.get(key)}

    def ordering(self) -> str:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return DEFAULT_ORDERING
        return self.cleaned_data.get("sort") or DEFAULT_ORDERING
