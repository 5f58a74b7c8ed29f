"""Template tags for urgent requests: the Response Center's contact and response targets.

The Response Center's phone number and hours live in one data row (`ResponseCenter`); pages
ask for it here instead of writing it down again.
"""

from django import template

from .. import sla

register = template.Library()


@register.simple_tag
def response_center():
    """The Response Center's row (name, phone, hours, email), or None."""
    return sla.response_center()


@register.simple_tag
def response_target(ar=None):
    """Business days of the first-response target of `ar` (the standard one without it)."""
    return sla.first_response_target(ar)


@register.filter
def tel_href(phone: str) -> str:
    """A `tel:` link target from a written phone number (digits and a leading + only)."""
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    if not digits:
        return ""
    return f"tel:+1{digits}" if len(digits) == 10 else f"tel:+{digits}"
