"""Forms of the reporting pages. They only parse: the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.core.forms import ModelIdChoiceField
from continuum.engagements.forms.delivery import date_field, errors_onto_form

from .choices import DEFAULT_REPORT_EVERY_MONTHS, ReportState
from .models import NAME_MAX, TEXT_MAX, ProgressReport
from .services.reports import MAX_EVERY_MONTHS, MAX_SCHEDULED

__all__ = ["errors_onto_form"]


def _text(label, *, required: bool = False, long: bool = False, message: str = "", help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX if long else NAME_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={"required": message or _("Fill in this field.")},
    )


def _whole_number(label, *, what, low: int, high: int, help_text: str = "", required=True):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "required": _("Enter %(what)s.") % {"what": what},
            "invalid": _("Enter %(what)s as a whole number.") % {"what": what},
            "min_value": _("Enter a number of %(limit_value)s or more."),
            "max_value": _("Enter a number of %(limit_value)s or less."),
        },
    )


class ReportChoiceField(ModelIdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("Report %(number)s: %(title)s") % {"number": obj.number, "title": obj.title}


class ReportNewForm(forms.Form):
    title = _text(_("Title"), help_text=_("Optional: “Progress report N” when left empty."))
    as_of = date_field(_("Figures as of"), what=_("the date the figures are as of"))
    corrects = ReportChoiceField(
        label=_("This report corrects"),
        queryset=ProgressReport.objects.none(),
        required=False,
        empty_label=_("Nothing: it is a regular report"),
        error_messages={"invalid_choice": _("Choose one of the published reports.")},
    )
    correction_note = _text(
        _("What it corrects"),
        long=True,
        help_text=_("Only for a correction: say what was wrong in the earlier report."),
    )

    def __init__(self, *args: Any, engagement: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = ProgressReport.objects.filter(
            engagement=engagement, state=ReportState.PUBLISHED
        ).order_by("number")


class ReportEditForm(forms.Form):
    title = _text(_("Title"), required=True, message=_("Give the report a title."))
    as_of = date_field(_("Figures as of"), what=_("the date the figures are as of"))
    validator_notes = _text(
        _("Validator's notes"),
        long=True,
        help_text=_("What the validators want readers to know about these figures."),
    )
    caveats = _text(
        _("Caveats"),
        long=True,
        help_text=_("Limits of the figures: what they do not show, what is still being checked."),
    )


class ScheduleForm(forms.Form):
    first_due_on = date_field(_("First report due on"), what=_("the date the first report is due"))
    every_months = _whole_number(
        _("Then every (months)"),
        what=_("the number of months between reports"),
        low=1,
        high=MAX_EVERY_MONTHS,
    )
    count = _whole_number(
        _("Number of reports"), what=_("the number of reports"), low=1, high=MAX_SCHEDULED
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"every_months": DEFAULT_REPORT_EVERY_MONTHS, "count": 4})
        super().__init__(*args, **kwargs)


class ListingForm(forms.Form):
    title = _text(_("Public title"), required=True, message=_("Enter the public title."))
    summary = _text(
        _("Summary"),
        long=True,
        help_text=_("A few plain sentences on what the engagement is about, for the public."),
    )
    report_every_months = _whole_number(
        _("Progress report every (months)"),
        what=_("the number of months between reports"),
        low=1,
        high=MAX_EVERY_MONTHS,
        required=False,
        help_text=_("Optional: the promised cadence shown to the public."),
    )


class UnlistForm(forms.Form):
    reason = _text(
        _("Why it is taken off the portal"),
        required=True,
        long=True,
        message=_("Say why the engagement is taken off the public portal."),
    )


class ConsentForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Your full name, as your signature"),
        max_length=150,
        error_messages={"required": _("Type your full name to sign.")},
    )
