"""The bias audit's forms: the stop file's upload and the column mapping (a select per standard
field, codes for categories and flags, and whether to run the slow threshold test)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.analytics.schema import COLUMN_KINDS, GEOGRAPHY_COLUMNS, RACES
from continuum.documents.forms import DocumentFileField

#: Hints for the fields people most often map (the others are named by the standard itself).
FIELD_HINTS = {
    "date": _("The stop's date."),
    "time": _("The stop's time of day (needed for the veil of darkness)."),
    "subject_race": _("The stopped person's race or ethnicity."),
    "search_conducted": _("Whether a search was done (needed for the outcome test)."),
    "contraband_found": _("Whether contraband was found (needed for the outcome test)."),
}


class StopFileForm(forms.Form):
    file = DocumentFileField(
        label=_("Stop file"),
        help_text=_(
            "A CSV or Parquet file of stops, one stop a line with a header line. Only the "
            "engagement team and program staff can see it."
        ),
    )


def mapping_digest(mapping: dict) -> str:
    """A short fingerprint of a mapping: the run starts only for the mapping last checked."""
    import hashlib
    import json

    text = json.dumps(mapping, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _field_name(target: str) -> str:
    return f"map_{target}"


def _truth(word: str) -> Any:
    lowered = word.strip().lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    if lowered in ("", "null", "missing", "none"):
        return None
    return lowered


class MappingForm(forms.Form):
    codes = forms.CharField(
        label=_("Codes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One standard field a line, then its codes: subject_race: W=white, B=black, "
            "H=hispanic, A=asian/pacific islander, U=unknown. For yes/no fields: "
            "search_conducted: Y=true, N=false."
        ),
    )
    delimiter = forms.ChoiceField(
        label=_("Columns separated by"),
        required=False,
        choices=[
            ("", _("Detect from the file")),
            (",", _("Commas")),
            (";", _("Semicolons")),
            ("\t", _("Tabs")),
            ("|", _("Bars")),
        ],
        help_text=_("CSV files only."),
    )
    geography = forms.ChoiceField(
        label=_("Sub-geography for the outcome test and the veil of darkness"),
        required=False,
        choices=[("", _("The first one the file has"))] + [(g, g) for g in GEOGRAPHY_COLUMNS],
    )
    population = forms.CharField(
        label=_("Residents by race, for the benchmark test (optional)"),
        required=False,
        help_text=_("For example: white: 60000, black: 20000, hispanic: 9000"),
    )
    checked = forms.CharField(required=False, widget=forms.HiddenInput)
    threshold = forms.BooleanField(
        label=_("Include the threshold test (it adds several minutes)"), required=False
    )

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        choices = [("", _("Not in the file"))] + [(h, h) for h in header]
        mapped = {}
        for target in COLUMN_KINDS:
            mapped[_field_name(target)] = forms.ChoiceField(
                label=target,
                choices=choices,
                required=False,
                initial=target if target in header else "",
                help_text=FIELD_HINTS.get(target, ""),
                error_messages={"invalid_choice": _("Choose one of the file's columns.")},
            )
        self.fields = {**mapped, **self.fields}

    def clean_codes(self) -> dict[str, dict[str, Any]]:
        values: dict[str, dict[str, Any]] = {}
        for number, line in enumerate(self.cleaned_data["codes"].splitlines(), start=1):
            if not line.strip():
                continue
            target, colon, rest = line.partition(":")
            target = target.strip()
            if not colon or target not in COLUMN_KINDS:
                raise forms.ValidationError(
                    _("Line %(n)d: start with a standard field's name and a colon.") % {"n": number}
                )
            pairs = {}
            for pair in filter(None, (p.strip() for p in rest.split(","))):
                code, equals, level = pair.partition("=")
                if not equals or not code.strip():
                    raise forms.ValidationError(
                        _("Line %(n)d: write each code as CODE=value, separated by commas.")
                        % {"n": number}
                    )
                pairs[code.strip()] = _truth(level)
            values[target] = pairs
        return values

    def clean_population(self) -> dict[str, int] | None:
        text = self.cleaned_data["population"].strip()
        if not text:
            return None
        population: dict[str, int] = {}
        for pair in filter(None, (p.strip() for p in text.split(","))):
            race, colon, count = pair.partition(":")
            race = race.strip().lower()
            if not colon or race not in RACES or not count.strip().isdigit():
                raise forms.ValidationError(
                    _("Write each group as race: residents, with races from: %(races)s.")
                    % {"races": ", ".join(RACES)}
                )
            population[race] = int(count.strip())
        return population

    def options(self) -> dict:
        """The run's options (the library's `Options`), as stored on the run."""
        return {
            "threshold": bool(self.cleaned_data.get("threshold")),
            "geography": self.cleaned_data.get("geography") or None,
            "population": self.cleaned_data.get("population"),
        }

    def clean(self):
        cleaned = super().clean()
        geography = cleaned.get("geography")
        if geography and not cleaned.get(_field_name(geography)):
            self.add_error(
                "geography",
                _("Choose the file's column for %(field)s first.") % {"field": geography},
            )
        unmapped = [t for t in cleaned.get("codes") or {} if not cleaned.get(_field_name(t))]
        if unmapped:
            self.add_error(
                "codes",
                _("Choose the file's column for %(fields)s first.")
                % {"fields": ", ".join(unmapped)},
            )
        return cleaned

    def mapping_dict(self) -> dict:
        """The mapping in the library's form (`mapping.mapping_from_dict`)."""
        columns: dict[str, Any] = {}
        codes = self.cleaned_data.get("codes") or {}
        for target in COLUMN_KINDS:
            source = self.cleaned_data.get(_field_name(target))
            if not source:
                continue
            spec: dict[str, Any] = {"column": source}
            if target in codes:
                spec["values"] = codes[target]
            columns[target] = spec
        mapping: dict[str, Any] = {"columns": columns}
        if self.cleaned_data.get("delimiter"):
            mapping["delimiter"] = self.cleaned_data["delimiter"]
        return mapping

    def mapped_fields(self):
        return [self[_field_name(target)] for target in COLUMN_KINDS]
