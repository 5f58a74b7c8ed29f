"""The public engagement list's filters (a GET form: every result page has its own address and
it works without JavaScript). The choices are what the listed engagements have; an invalid value
is dropped with a message and the other filters still apply."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

QUERY_MAX_LENGTH = 100
_INVALID = {"invalid_choice": _("That choice is not in the list. Choose one from it.")}
FILTER_NAMES = ("q", "program", "state", "agency_type", "year")


class PortalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Agency name"),
        help_text=_("All or part of the name, for example: Anytown."),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    program = forms.ChoiceField(label=_("Program"), required=False, error_messages=_INVALID)
    state = forms.ChoiceField(
        label=_("State or territory"), required=False, error_messages=_INVALID
    )
    agency_type = forms.ChoiceField(label=_("Agency type"), required=False, error_messages=_INVALID)
    year = forms.TypedChoiceField(
        label=_("Year started"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_INVALID,
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", _("Any program")), *choices["programs"]]
        self.fields["state"].choices = [("", _("Any state")), *((s, s) for s in choices["states"])]
        self.fields["agency_type"].choices = [
            ("", _("Any type")),
            *((kind, kind) for kind in choices["agency_types"]),
        ]
        self.fields["year"].choices = [("", _("Any year")), *((y, y) for y in choices["years"])]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

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
        return {key: self.cleaned_data[key] for key in FILTER_NAMES if self.cleaned_data.get(key)}
