"""The form program staff fill to open a follow-on request into a deeper program."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.catalog.models import Service
from continuum.core.forms import ModelIdChoiceField, ModelIdMultipleChoiceField

from ..models import NOTE_MAX
from ..services.follow_ons import deeper_programs


class FollowOnForm(forms.Form):
    program = ModelIdChoiceField(
        label=_("Deeper program"),
        queryset=None,
        empty_label=_("Choose a program"),
        error_messages={
            "required": _("Choose the program of the follow-on."),
            "invalid_choice": _("Choose a program deeper on the continuum, from the list."),
        },
    )
    services = ModelIdMultipleChoiceField(
        label=_("Services (optional)"),
        help_text=_("Leave empty if the program's staff should choose at triage."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose services of the deeper programs, from the list."),
            "invalid_pk_value": _("Choose services of the deeper programs, from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Why a deeper program"),
        help_text=_("Program staff read this at triage; it opens the request's description."),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say why the agency needs a deeper program."),
            "max_length": _("Keep it to %(limit_value)d characters or fewer."),
        },
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        programs = deeper_programs(engagement)
        self.fields["program"].queryset = programs
        self.fields["services"].queryset = (
            Service.objects.filter(program__in=programs, is_active=True)
            .select_related("program")
            .order_by("program__order", "name")
        )
        self.fields["services"].label_from_instance = lambda s: f"{s.program.short_label}: {s.name}"

    def clean(self):
        cleaned = super().clean()
        program, services = cleaned.get("program"), cleaned.get("services") or []
        if program is not None and any(s.program_id != program.pk for s in services):
            self.add_error(
                "services", _("Choose only services of %(program)s.") % {"program": program}
            )
        return cleaned
