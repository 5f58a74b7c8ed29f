"""USWDS markup for every Django form, from one renderer and a few widget templates.

`FORM_RENDERER` points here: forms render `uswds/form.html` (error summary, then fields), each
field renders `uswds/field.html` (label, hint, error message, widget), and the widget templates
under `templates/django/forms/widgets/` add the USWDS classes. No form needs its own markup.

`ModelIdChoiceField` and `ModelIdMultipleChoiceField` choose rows by id and refuse, with the
field's own message, a value that cannot be an id (such as a number too large for the
database) before any query runs.

`people_choices` gives a select of people its options as plain values: a model field's own
choices make a model instance of each person, and program staff alone are hundreds at
national scale. `CachedSelect` keeps such a select's HTML in each process.
"""

import threading
from collections import OrderedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


class CachedSelect(forms.Select):
    """A select of many options (a national program's hundreds of staff), its HTML kept in the
    process that rendered it.

    Each option goes through Django's option dict and the template engine. Under the load
    benchmark the triage queue's two selects of 400 program staff cost about 28 ms a page at
    10x, against 40 people at 1x (gunicorn, SQLite: 87 ms a page against 59 ms with 40 people).

    The HTML depends only on what the widget is given: its template, name, attributes, options
    and their labels, the chosen value, and the language. The key holds all of these, so a new
    person, another label, another chosen value or another language is another key, never a
    stale select. The last `cache_size` selects stay in memory, in each process, never in a
    store shared between processes.
    """

    cache_size = 32
    _rendered: OrderedDict = OrderedDict()
    _lock = threading.Lock()

    def render(self, name, value, attrs=None, renderer=None):
        self.choices = list(self.choices)  # a queryset's choices read once, for key and options
        key = (
            self.template_name,
            self.option_template_name,
            name,
            tuple(self.format_value(value)),
            tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())),
            _frozen(self.choices),
            get_language(),
            type(renderer).__qualname__,
        )
        with self._lock:
            html = self._rendered.get(key)
            if html is not None:
                self._rendered.move_to_end(key)
                return mark_safe(html)  # noqa: S308 - rendered (and escaped) below
        html = str(super().render(name, value, attrs, renderer))
        with self._lock:
            self._rendered[key] = html
            while len(self._rendered) > self.cache_size:
                self._rendered.popitem(last=False)
        return mark_safe(html)  # noqa: S308 - Django's own rendering, escaped there

    @classmethod
    def forget(cls) -> None:
        """Drop every kept select (tests; a development server's changed template)."""
        with cls._lock:
            cls._rendered.clear()


def _frozen(choices) -> tuple:
    """Choices as a hashable key: values and labels as the text they render (a lazy label in
    the active language), groups as nested tuples."""
    return tuple(
        (str(value), _frozen(label))
        if isinstance(label, list | tuple)
        else (str(value), str(label))
        for value, label in choices
    )


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
