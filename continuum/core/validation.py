"""Limits every layer checks input against, so a form, a filter and the API refuse alike.

- `DATABASE_ID_MAX`: the largest row id a database holds (64-bit signed: PostgreSQL bigint,
  SQLite INTEGER). A larger number is not "not found": it overflows the query, so it is
  refused before any query runs.
- `text_problem(value)`: why a string cannot be stored as text (NUL, unpaired surrogates).
- `past_date_problem(value)`: why a date cannot be the date of something that happened
  (before `EARLIEST_DATE`, or in the future). The request form and the API share this rule.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

DATABASE_ID_MAX = 2**63 - 1
#: The earliest date a person may give for something that happened (an incident, a review).
EARLIEST_DATE = datetime.date(1900, 1, 1)

_SURROGATE = re.compile("[\ud800-\udfff]")


def is_database_id(value: int) -> bool:
    return 1 <= value <= DATABASE_ID_MAX


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return _("Remove the NUL characters (\\u0000): text cannot contain them.")
    if _SURROGATE.search(value):
        return _(
            "Remove the unpaired surrogate characters (\\ud800 to \\udfff): text must be valid "
            "Unicode."
        )
    return None


def past_date_problem(value: datetime.date) -> str | None:
    """Why `value` cannot be the date of something that happened, or None when it can."""
    if value < EARLIEST_DATE:
        return _("Enter a date in 1900 or later.")
    today = timezone.localdate()
    if value > today:
        return _("Enter a date that is not in the future (today is %(today)s).") % {
            "today": today.isoformat()
        }
    return None
