"""Forms of the engagement's delivery (brief B): the lifecycle, the plan, the workplan,
activities, deliverables and the evaluation. They only parse: the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from continuum.core.forms import ModelIdChoiceField

from ..choices import ActivityKind, DeliverableKind, DeliveryMode, Effectiveness, Satisfaction
from ..models import NOTE_MAX, Engagement

DATE_FORMATS = ["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y"]


def date_field(label, *, required: bool = True, what: str = "the date") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=_("For example: 3/14/2027."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter %(what)s.") % {"what": what},
            "invalid": _("Enter %(what)s like this: 3/14/2027.") % {"what": what},
        },
    )


def note_field(label, *, required: bool = False, message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": message or _("Fill in this field.")},
    )


def errors_onto_form(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class TeamMemberChoiceField(ModelIdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


def _team_users(engagement: Engagement):
    return (
        get_user_model()
        .objects.filter(team_memberships__engagement=engagement, team_memberships__left_at=None)
        .distinct()
        .order_by("full_name", "pk")
    )


class ReasonForm(forms.Form):
    """Why the engagement ends (withdraw, terminate)."""

    reason = note_field(_("Why"), required=True, message=_("Say why the engagement ends."))


class NoteForm(forms.Form):
    note = note_field(_("Note (optional)"))


class PlanForm(forms.Form):
    scope = note_field(_("Scope statement"))
    starts_on = date_field(_("Start date"), required=False, what=_("the start date"))
    ends_on = date_field(_("Planned end date"), required=False, what=_("the planned end date"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Milestone"),
        max_length=200,
        error_messages={"required": _("Name the milestone.")},
    )
    due_on = date_field(_("Due date"), what=_("the due date"))
    owner = TeamMemberChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No owner yet"),
        error_messages={"invalid_choice": _("Choose the owner from the engagement's team.")},
    )
    description = note_field(_("Description (optional)"))

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_milestone_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _team_users(engagement)


class MilestoneCompleteForm(forms.Form):
    completed_on = date_field(_("Completed on"), what=_("the date it was completed"))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=[("", _("- Select -")), *ActivityKind.choices],
        error_messages={
            "required": _("Choose the kind of activity."),
            "invalid_choice": _("Choose one of the kinds listed."),
        },
    )
    occurred_on = date_field(_("Date"), what=_("the date of the activity"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=2,
        max_digits=6,
        help_text=_("Time spent, for example 6.5."),
        error_messages={
            "required": _("Enter the hours spent."),
            "invalid": _("Enter the hours as a number, for example 6.5."),
        },
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it was delivered."),
            "invalid_choice": _("Choose one of the modes listed."),
        },
    )
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        max_value=100_000,
        required=False,
        initial=0,
        error_messages={"invalid": _("Enter a whole number of participants.")},
    )
    travel_cost = forms.DecimalField(
        label=_("Travel cost (US dollars)"),
        min_value=Decimal("0"),
        max_value=Decimal("1000000"),
        decimal_places=2,
        max_digits=10,
        required=False,
        initial=Decimal("0"),
        help_text=_("Leave at 0 when there was no travel."),
        error_messages={"invalid": _("Enter the cost in dollars, for example 812.40.")},
    )
    notes = note_field(_("Notes (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_activity_%s")
        super().__init__(*args, **kwargs)


class DeliverableForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give it a title.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("- Select -")), *DeliverableKind.choices],
        error_messages={
            "required": _("Choose the kind of deliverable."),
            "invalid_choice": _("Choose one of the kinds listed."),
        },
    )
    due_on = date_field(_("Due date"), required=False, what=_("the due date"))
    owner = TeamMemberChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No owner yet"),
        error_messages={"invalid_choice": _("Choose the owner from the engagement's team.")},
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_deliverable_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _team_users(engagement)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EvaluationForm(forms.Form):
    effectiveness = forms.ChoiceField(
        label=_("Did the assistance meet your agency's goals?"),
        choices=Effectiveness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the assistance met your agency's goals.")},
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the assistance?"),
        choices=[(str(v), f"{v} – {label}") for v, label in Satisfaction.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are, from 1 to 5.")},
    )
    what_changed = note_field(_("What changed in your agency because of it? (optional)"))
    would_recommend = forms.ChoiceField(
        label=_("Would you recommend it to another agency?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you would recommend it.")},
    )
    respondent_name = forms.CharField(
        label=_("Your name (optional)"), max_length=150, required=False
    )
