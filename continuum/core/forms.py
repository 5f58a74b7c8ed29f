"""USWDS markup for every Django form, from one renderer and a few widget templates.

`FORM_RENDERER` points here: forms render `uswds/form.html` (error summary, then fields), each
field renders `uswds/field.html` (label, hint, error message, widget), and the widget templates
under `templates/django/forms/widgets/` add the USWDS classes. No form needs its own markup.

`ModelIdChoiceField` and `ModelIdMultipleChoiceField` choose rows by id and refuse, with the
field's own message, a value that cannot be an id (such as a number too large for the
database) before any query runs.

`people_choices` gives a select of people its options as plain values: a model field's own
choices make a model instance of each person, and program staff alone are hundreds at
national scale.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import TemplatesSetting

from .validation import is_database_id


class USWDSFormRenderer(TemplatesSetting):
    form_template_name = "uswds/form.html"
    field_template_name = "uswds/field.html"


def _possible_id(value) -> bool:
    """Whether `value` could be the id of a row (a model instance, or a whole number from 1 to
    `DATABASE_ID_MAX` written with 0-9): anything else cannot match, and a number too large
    for the database would overflow the query instead of finding nothing."""
    if isinstance(value, Model):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return is_database_id(value)
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 20 and is_database_id(int(text))


def people_choices(queryset, empty_label: str | None = None) -> list[tuple[str, str]]:
    """(id, name) choices of people, from a queryset of users read as plain values, the empty
    choice first when `empty_label` is given; the name as `User.__str__` gives it."""
    choices = [("", empty_label)] if empty_label is not None else []
    return choices + [
        (str(pk), name or email)
        for pk, name, email in queryset.values_list("pk", "full_name", "email")
    ]


class ModelIdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over integer ids that refuses a value that cannot be an id (too large
    for the database, negative, not a number) with its `invalid_choice` message, before any
    query. Use it (or `ModelIdMultipleChoiceField`) for every choice of a row by id."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and not _possible_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several rows: a value that cannot be an id gets `invalid_pk_value`."""

    def _check_values(self, value):
        if not self.to_field_name:
            for item in value:
                if not _possible_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)
