"""What every step form of the request form shares: `StepForm` and the small text helpers.

Every form renders through the USWDS renderer (`{{ form }}`): labels, hints, the error summary
and field errors. Every message says what is wrong and how to fix it. A step form built with
`partial=True` ("Save and finish later") requires nothing, so whatever was typed can be kept,
but still refuses values that cannot be stored (an over-long text, a forged id).
"""

from __future__ import annotations

from typing import Any

from django import forms

EARLIER_ASSISTANCE_MAX = 3000
OTHER_REVIEWS_DETAIL_MAX = 2000
MESSAGE_MAX = 4000
WITHDRAWAL_REASON_MAX = 2000

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: Any) -> bool | None:
    if value in ("", None):
        return None
    return value == "yes"


def yes_no_initial(value: bool | None) -> str | None:
    if value is None:
        return None
    return "yes" if value else "no"


def _text_limit(value: str, limit: int, what: str) -> str:
    """Normalize line breaks and refuse a text longer than `limit`, saying by how much."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        raise forms.ValidationError(
            f"{what} is {len(value):,} characters long. Shorten it to {limit:,} characters or "
            f"fewer (remove {len(value) - limit:,}).",
            code="max_length",
        )
    return value


def _required_messages(message: str) -> dict[str, str]:
    return {"required": message}


class StepForm(forms.Form):
    """A step of the request form. `partial=True` makes every field optional."""

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partial = partial
        if partial:
            for field in self.fields.values():
                field.required = False


def errors_onto_form(form: forms.Form, error) -> None:
    """Show a service's `ValidationError` on the form: on its fields where they exist, as the
    form's own errors otherwise."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
