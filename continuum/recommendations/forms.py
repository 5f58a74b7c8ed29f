"""Forms of the register. They only parse: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.catalog.models import Goal, Topic
from continuum.core.forms import ModelIdChoiceField, ModelIdMultipleChoiceField
from continuum.documents.forms import DocumentFileField, _file_hint
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

    def __init__(
        self, *args: Any, scale: StatusScale, allow_done: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["value"].choices = [
            (v.pk, v.label) for v in scale.values.all() if allow_done or not v.counts_as_done
        ]
        self.fields["value"].label = _("New status on the %(scale)s scale") % {"scale": scale.name}
        if not allow_done and any(v.counts_as_done for v in scale.values.all()):
            self.fields["value"].help_text = _(
                "Statuses that count as done are not listed: only a validator can mark a "
                "recommendation done, by accepting a progress report."
            )
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


# --- implementation progress and validation (issue 10 §3) -------------------------------------

OTHER_EVIDENCE = "evidence_other"


def evidence_field_name(measure: Any) -> str:
    return f"evidence_{measure.pk}"


class ProgressReportForm(forms.Form):
    """A progress report: the scale (when the register has several), the status reached, what
    was done, and one evidence file per compliance measure plus one for other evidence. The
    view must pass `request.FILES`; its `<form>` is `multipart/form-data`."""

    scale = forms.TypedChoiceField(
        label=_("Status scale"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the status scale you report on."),
            "invalid_choice": _("Choose a status scale from the list."),
        },
    )
    proposed_value = forms.TypedChoiceField(
        label=_("Status reached"),
        coerce=int,
        error_messages={
            "required": _("Choose the status the recommendation has reached."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    narrative = forms.CharField(
        label=_("What was done"),
        help_text=_("Say what the agency did, when, and how the evidence shows it."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what the agency has done.")},
    )

    def __init__(
        self, *args: Any, scales: list[StatusScale], measures: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scales = {scale.pk: scale for scale in scales}
        self.values = {value.pk: value for scale in scales for value in scale.values.all()}
        self.measures = measures
        if len(scales) > 1:
            self.fields["scale"].choices = [(s.pk, s.name) for s in scales]
            self.fields["proposed_value"].choices = [("", _("Choose a status"))] + [
                (s.name, [(v.pk, v.label) for v in s.values.all()]) for s in scales
            ]
        else:
            del self.fields["scale"]
            self.fields["proposed_value"].choices = [("", _("Choose a status"))] + [
                (v.pk, v.label) for s in scales for v in s.values.all()
            ]
        for index, measure in enumerate(measures, start=1):
            self.fields[evidence_field_name(measure)] = DocumentFileField(
                label=_("Evidence for measure %(n)s: %(text)s")
                % {"n": index, "text": measure.text[:150]},
                required=False,
            )
        self.fields[OTHER_EVIDENCE] = DocumentFileField(
            label=_("Other evidence (optional)"), required=False
        )
        for field in self.fields.values():
            if isinstance(field, DocumentFileField) and not field.help_text:
                field.help_text = _file_hint()
        self.evidence_field_names = [evidence_field_name(m) for m in measures] + [OTHER_EVIDENCE]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value = self.values.get(data.get("proposed_value"))
        if "scale" in self.fields:
            scale = self.scales.get(data.get("scale"))
        else:
            scale = next(iter(self.scales.values()), None)
        if scale is not None and value is not None and value.scale_id != scale.pk:
            self.add_error(
                "proposed_value",
                _("Choose a status of the %(scale)s scale.") % {"scale": scale.name},
            )
        data["scale_obj"] = scale
        data["value_obj"] = value
        return data

    def evidence(self) -> list[tuple[Any, Any, str]]:
        """(measure or None, file, note) for each file chosen."""
        chosen = []
        for measure in self.measures:
            upload = self.cleaned_data.get(evidence_field_name(measure))
            if upload:
                chosen.append((measure, upload, ""))
        other = self.cleaned_data.get(OTHER_EVIDENCE)
        if other:
            chosen.append((None, other, ""))
        return chosen


class AcceptForm(forms.Form):
    comment = note_field(_("Comments (optional)"))


class ReturnForm(forms.Form):
    comment = note_field(
        _("What the agency needs to add or change"),
        required=True,
        message=_("Say what the agency needs to add or change."),
    )
