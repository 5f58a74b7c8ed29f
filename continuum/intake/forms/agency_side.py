"""The forms of the agency's side of a request: answering a question, withdrawing, the chief
executive's answer, and sending the chief's link again or correcting the address."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from continuum.documents.forms import AttachmentFields

from .base import MESSAGE_MAX, WITHDRAWAL_REASON_MAX, _required_messages, _text_limit


class InformationAnswerForm(AttachmentFields):  # a file may come with the answer
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=f"Up to {MESSAGE_MAX:,} characters.",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX}),
        error_messages=_required_messages("Write your answer before you send it."),
    )

    def clean_answer(self) -> str:
        return _text_limit(self.cleaned_data.get("answer", ""), MESSAGE_MAX, "Your answer")


class AgencyMessageForm(forms.Form):
    """The agency writes to program staff about its request."""

    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Program staff answer here, and we email you when they do."),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX}),
        error_messages=_required_messages(_("Write your message before you send it.")),
    )

    def clean_body(self) -> str:
        return _text_limit(self.cleaned_data.get("body", ""), MESSAGE_MAX, _("Your message"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the request? (optional)"),
        help_text=_("This helps the program improve. Up to 2,000 characters."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": WITHDRAWAL_REASON_MAX}),
    )

    def clean_reason(self) -> str:
        return _text_limit(
            self.cleaned_data.get("reason", ""), WITHDRAWAL_REASON_MAX, "Your reason"
        )


CHIEF_REASON_MAX = 2000


class ChiefAnswerForm(forms.Form):
    """The chief executive's answer: support the request, or not (with a reason)."""

    answer = forms.ChoiceField(
        label=_("Do you support this request?"),
        choices=[
            ("support", _("I support this request")),
            ("oppose", _("I do not support this request")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you support the request."),
            "invalid_choice": _("Choose whether you support the request."),
        },
    )
    reason = forms.CharField(
        label=_("Your reason or comments"),
        help_text=_("Required if you do not support the request. Up to 2,000 characters."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": CHIEF_REASON_MAX}),
    )

    def clean_reason(self) -> str:
        return _text_limit(self.cleaned_data.get("reason", ""), CHIEF_REASON_MAX, _("Your reason"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer") == "oppose" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("Tell us why you do not support the request, so staff can follow up."),
            )
        return data

    @property
    def supports(self) -> bool:
        return self.cleaned_data.get("answer") == "support"


class ChiefLinkForm(forms.Form):
    """Send the chief executive's link again, or correct their address (and name) first."""

    chief_email = forms.EmailField(
        label=_("Chief executive's email address"),
        help_text=_("Change it only to correct it: the old link stops working."),
        max_length=254,
        error_messages={
            "required": _("Enter the chief executive's email address."),
            "invalid": _("Enter an email address like name@agency.gov."),
        },
    )
    chief_name = forms.CharField(
        label=_("Chief executive's full name"), max_length=150, required=False
    )
