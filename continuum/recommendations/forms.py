"""Forms of the register. They only parse: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.catalog.models import Goal, Topic
from continuum.core.forms import ModelIdChoiceField, ModelIdMultipleChoiceField
from continuum.engagements.forms.delivery import date_field, errors_onto_form, note_field
from continuum.engagements.models import Engagement

from .choices import IMPORT_MAX_BYTES, BlockerParty, Priority
from .importing import FIELDS
from .models import NAME_MAX, TEXT_MAX, Category, Finding, StatusScale

__all__ = ["errors_onto_form"]


def _number(label, *, what: str, min_value: int = 1, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=999_999,
        help_text=help_text,
        error_messages={
            "required": _("Enter %(what)s.") % {"what": what},
            "invalid": _("Enter %(what)s as a whole number.") % {"what": what},
            "min_value": _("Enter a number of %(limit_value)s or more."),
            "max_value": _("Enter a number below one million."),
        },
    )


def _text(
    label, *, required: bool = False, long: bool = False, message: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX if long else NAME_MAX,
        widget=forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput,
        error_messages={"required": message or _("Fill in this field.")},
    )


class ScalesForm(forms.Form):
    scales = forms.MultipleChoiceField(
        label=_("Status scales to track"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one status scale.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scales"].choices = [
            (s.key, f"{s.name}: {s.description}" if s.description else s.name)
            for s in StatusScale.objects.filter(engagement=None).order_by("order", "pk")
        ]


class CategoryForm(forms.Form):
    number = _number(_("Objective number"), what=_("the objective's number"))
    name = _text(_("Name"), required=True, message=_("Enter the objective's name."))
    first_finding = _number(_("First finding number"), what=_("the first finding number"))
    last_finding = _number(_("Last finding number"), what=_("the last finding number"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_finding"].required = False
        self.fields["last_finding"].required = False
        self.fields["first_finding"].help_text = _("Optional: the findings this objective holds.")


class FindingForm(forms.Form):
    number = _number(_("Finding number"), what=_("the finding's number"))
    category = ModelIdChoiceField(
        label=_("Objective"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("The objective whose range holds the number"),
        error_messages={"invalid_choice": _("Choose an objective from the list.")},
    )
    statement = _text(_("Finding"), required=True, long=True, message=_("Enter the finding."))
    detail = _text(_("Detail"), long=True)

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(engagement=engagement)


class RecommendationFieldsForm(forms.Form):
    text = _text(
        _("Recommendation"), required=True, long=True, message=_("Enter the recommendation.")
    )
    concept = _text(_("Concept"))
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Not set"))] + list(Priority.choices),
        error_messages={"invalid_choice": _("Choose low, medium or high.")},
    )
    phase = _text(_("Phase"))
    responsible_unit = _text(_("Bureau or unit"))
    executive_sponsor = _text(_("Executive sponsor"))
    manager = _text(_("Manager"))
    case_manager = _text(_("Case manager"))
    target_on = date_field(_("Target date"), required=False, what=_("the target date"))


def _goals_field() -> ModelIdMultipleChoiceField:
    return ModelIdMultipleChoiceField(
        label=_("Goals"),
        queryset=Goal.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose goals from the list.")},
    )


def _topics_field() -> ModelIdMultipleChoiceField:
    return ModelIdMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose topics from the list.")},
    )


class RecommendationEditForm(RecommendationFieldsForm):
    goals = _goals_field()
    topics = _topics_field()
    field_order = ["text", "goals", "topics"]


class RecommendationForm(RecommendationFieldsForm):
    finding = ModelIdChoiceField(
        label=_("Finding"),
        queryset=Finding.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the finding."),
            "invalid_choice": _("Choose a finding from the list."),
        },
    )
    number = _number(
        _("Recommendation number"),
        what=_("the recommendation's number"),
        help_text=_("M of N.M: 2 makes recommendation 12.2 under finding 12."),
    )
    goals = _goals_field()
    topics = _topics_field()
    field_order = ["finding", "number", "text", "goals", "topics"]

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["finding"]
        field.queryset = Finding.objects.filter(engagement=engagement).order_by("number")
        field.label_from_instance = lambda f: (
            f"{f.number}. {f.statement[:80]}" if f.statement else str(f.number)
        )


class StatusForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("New status"),
        coerce=int,
        error_messages={
            "required": _("Choose a status."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    note = note_field(_("Why (optional)"))

    def __init__(self, *args: Any, scale: StatusScale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["value"].choices = [(v.pk, v.label) for v in scale.values.all()]
        self.fields["value"].label = _("New status on the %(scale)s scale") % {"scale": scale.name}
        self.prefix = f"scale-{scale.pk}"


class MeasureForm(forms.Form):
    text = _text(_("Compliance measure"), required=True, long=True, message=_("Enter the measure."))


class DependencyForm(forms.Form):
    blocker = forms.CharField(
        label=_("Waits on recommendation"),
        max_length=20,
        help_text=_("Its number, like 12.3: that recommendation must be done first."),
        error_messages={"required": _("Enter the number of the recommendation it waits on.")},
    )


class BlockerForm(forms.Form):
    party_kind = forms.ChoiceField(
        label=_("Kind of party"),
        choices=BlockerParty.choices,
        error_messages={"invalid_choice": _("Choose a kind of party from the list.")},
    )
    party_name = _text(_("Party"), required=True, message=_("Name the party it waits on."))
    since = date_field(_("Waiting since"), what=_("the date it began"))
    description = _text(_("What it waits for"), long=True)


class BlockerClearForm(forms.Form):
    cleared_on = date_field(_("Cleared on"), what=_("the date it cleared"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (CSV or Excel .xlsx)"),
        help_text=_("The first row names the columns; one recommendation a row; at most 5 MB."),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class MappingForm(forms.Form):
    """One choice of column per register field (the file's headers, or none)."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)"))] + [
            (str(i), f"{_('Column')} {i + 1}: {h or '—'}") for i, h in enumerate(headers)
        ]
        for key, label, required in FIELDS:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                error_messages={
                    "required": _("Choose the column of %(field)s.") % {"field": label},
                    "invalid_choice": _("Choose a column from the list."),
                },
            )
