"""`{% response_promise %}` (or `{% response_promise ar %}`): the one response-time promise."""

from django import template

from ..promise import response_promise as _promise

register = template.Library()


@register.simple_tag
def response_promise(ar=None) -> str:
    return _promise(ar)
