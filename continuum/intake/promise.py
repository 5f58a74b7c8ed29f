"""The one response-time promise: what the request page, the emails and the queue all say.

Program staff answer a request within `response_days()` business days. The number comes only
from `continuum.intake.sla.first_response_target` (the target, set as data/settings by the
triage side): pages use `{% response_promise %}` (`continuum.intake.templatetags.intake_promise`),
emails get `response_days` in their context, and the queue shows the same target. Never write
the number, or "a few days", anywhere else.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from . import sla


def response_days(ar=None) -> int:
    """Business days within which program staff first answer (for `ar` when given: a target
    may depend on the request, such as a shorter one for a critical incident)."""
    target = sla.first_response_target
    if ar is not None:
        try:
            return int(target(ar))
        except TypeError:  # a target that does not depend on the request
            pass
    return int(target())


def response_promise(ar=None) -> str:
    """The promise in one plain sentence."""
    days = response_days(ar)
    return ngettext(
        "Program staff answer within %(days)s business day (weekends and federal holidays do "
        "not count).",
        "Program staff answer within %(days)s business days (weekends and federal holidays do "
        "not count).",
        days,
    ) % {"days": days}
