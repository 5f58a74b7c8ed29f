"""Small filters for the USWDS form templates (`templates/uswds/`)."""

from django import template

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
