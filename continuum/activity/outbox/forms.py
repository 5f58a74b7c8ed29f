"""Forms of the outbox: the list's filter and the administrators' template editor."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import MessageState, MessageTemplate
from .rendering import render_body, render_subject, template_errors

#: Ids beyond this are not ours (and would not fit the database's integer).
ID_MAX = 2**63 - 1


class MessageFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[("", gettext_lazy("All states")), *MessageState.choices],
        required=False,
    )
    before = forms.IntegerField(min_value=1, max_value=ID_MAX, required=False)
    after = forms.IntegerField(min_value=1, max_value=ID_MAX, required=False)


class MessageTemplateAdminForm(forms.ModelForm):
    """Refuses a subject or body that is not a valid template, or that fails to render with
    the template's sample values, with a message saying why."""

    body = forms.CharField(
        label=gettext_lazy("Body"),
        strip=False,  # a trailing newline is part of the text
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text=MessageTemplate._meta.get_field("body").help_text,
    )

    class Meta:
        model = MessageTemplate
        fields = ["subject", "body", "description"]

    def clean_subject(self) -> str:
        return self._valid_template("subject")

    def clean_body(self) -> str:
        return self._valid_template("body")

    def _valid_template(self, name: str) -> str:
        text = self.cleaned_data.get(name, "").replace("\r\n", "\n")
        problem = template_errors(text)
        if problem:
            raise ValidationError(problem, code="template_syntax")
        return text

    def clean(self):
        cleaned = super().clean()
        sample = self.instance.sample_context or {}
        for name, render in (("subject", render_subject), ("body", render_body)):
            if name not in cleaned:
                continue
            try:
                rendered = render(cleaned[name], sample)
            except Exception as error:  # noqa: BLE001 -- shown to the administrator
                self.add_error(
                    name,
                    ValidationError(
                        _("This template fails with the sample values: %(error)s")
                        % {"error": error},
                        code="template_render",
                    ),
                )
                continue
            if not rendered.strip():
                self.add_error(
                    name,
                    ValidationError(
                        _("This template is empty once filled in with the sample values."),
                        code="template_empty",
                    ),
                )
        return cleaned
