"""Forms of the agreement: program staff prepare it, the chief executive accepts it.

They only parse and check input; `continuum.engagements.services.agreement` writes.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.core.forms import ModelIdChoiceField

from ..services.agreement import TERMS_MAX, point_of_contact_choices


class PersonChoiceField(ModelIdChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.full_name or obj.email
        return f"{name}, {obj.title}" if obj.title else name


class AgreementPrepareForm(forms.Form):
    point_of_contact = PersonChoiceField(
        label=_("The agency's point of contact"),
        help_text=_("A verified member of the agency. They join the team as its contact."),
        queryset=None,
        empty_label=_("Choose a person"),
        error_messages={
            "required": _("Choose the agency's point of contact."),
            "invalid_choice": _(
                "That person is not a verified member of the agency. Choose from the list."
            ),
        },
    )
    terms = forms.CharField(
        label=_("Terms"),
        help_text=_(
            "Plain language. Leave empty to write them from the engagement (scope, point of "
            "contact, access to records, workplan review, conflicts of interest, the right to "
            "withdraw). The chief executive reads exactly this text."
        ),
        required=False,
        max_length=TERMS_MAX,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={
            "max_length": _("Keep the terms to %(limit_value)d characters or fewer."),
        },
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_of_contact"].queryset = point_of_contact_choices(engagement)


class AgreementAcceptForm(forms.Form):
    name = forms.CharField(
        label=_("Your full name"),
        help_text=_("Typing your name here is your signature."),
        max_length=150,
        error_messages={"required": _("Type your full name to sign.")},
    )
    title = forms.CharField(
        label=_("Your title"),
        max_length=150,
        error_messages={"required": _("Type your title.")},
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read these terms and accept them for my agency. I know the agency may "
            "withdraw at any time."
        ),
        error_messages={"required": _("Tick the box to accept the terms.")},
    )
