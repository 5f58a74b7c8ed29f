"""Small filters for the USWDS form templates (`templates/uswds/`)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def summary_line(label, error) -> str:
    """One line of an error summary: the field's label, then its error, without doubled
    punctuation. A label that ends a sentence ("Is this about an incident?") is followed by a
    space; any other by a colon ("Your name: Enter your name.")."""
    label = str(label or "").strip()
    error = str(error or "").strip()
    if not label:
        return error
    label = label.rstrip(":").rstrip()
    if label.endswith(("?", ".", "!")):
        return f"{label} {error}"
    return f"{label}: {error}"


@register.filter
def has_required(form) -> bool:
    """Whether any visible field of the form is required (the form then explains the marker)."""
    return any(field.field.required for field in form.visible_fields())


@register.filter
def character_limit(field) -> int | None:
    """The character limit of a text area (its widget's `maxlength`), for the USWDS character
    count; None for other fields."""
    if field.widget_type != "textarea":
        return None
    limit = field.field.widget.attrs.get("maxlength") or getattr(field.field, "max_length", None)
    try:
        return int(limit) if limit else None
    except (TypeError, ValueError):
        return None


@register.filter
def attr_value(attrs, name: str) -> str:
    """`attrs[name]` or "" (for attribute names a template cannot spell, like aria-describedby)."""
    value = attrs.get(name) if hasattr(attrs, "get") else None
    return "" if value in (None, False, True) else str(value)


#: Django's template for one option of a select; options that use another are included.
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


@register.simple_tag(takes_context=True)
def select_groups(context, optgroups) -> str:
    """The inside of a select (`templates/django/forms/widgets/select.html`): its options, and
    their `<optgroup>` where they have one, written in Python with one call a select. The
    same markup as Django's per-option template and our `attrs.html`, escaped and localized
    the same way. Django makes a group of each option that has none, so a template loop over
    the groups ran once an option: the triage queue's selects (900 options at 10×, most of
    them its two lists of 400 program staff) took 45 ms that way and 9 ms in one call, timed
    around each template in process. An option with another template (a widget's own
    `option_template_name`) is rendered with it."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in options:
            parts.append(_option(context, option))
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped (see _option)


def _option(context, option) -> str:
    if option["template_name"] != SELECT_OPTION_TEMPLATE:
        template = context.template.engine.get_template(option["template_name"])
        with context.push(widget=option):  # as {% include ... with widget=option %}
            return "\n  " + template.render(context)
    attributes = "".join(
        f" {render_value_in_context(name, context)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in option["attrs"].items()
        if name != "class" and value is not False
    )
    return (
        f'\n  <option value="{conditional_escape(str(option["value"]))}"{attributes}>'
        f"{render_value_in_context(option['label'], context)}</option>"
    )
