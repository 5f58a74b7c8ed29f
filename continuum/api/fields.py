"""Types every API schema uses for what callers send, so bad input is refused in one place.

- `Text`: a string without NUL characters or unpaired surrogates (PostgreSQL refuses NUL and
  no database stores half a surrogate pair; the web forms refuse both too). Use it for every
  string field of an input schema, including list items.
- `DatabaseId`: an id of a row, a whole number from 1 to the largest id a database column can
  hold (a larger number would overflow the query, not just find nothing).
- `PastDate`: a calendar date from 1 January 1900 up to today, the rule of the request form.

Each refusal answers 422 with a message naming the field (see `continuum.api.errors`).
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, WithJsonSchema

from continuum.core.validation import (
    DATABASE_ID_MAX,
    is_database_id,
    past_date_problem,
    text_problem,
)


def _check_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_id(value: int) -> int:
    if not is_database_id(value):
        raise ValueError(
            _("Nothing has this id: ids are whole numbers from 1 to %(max)s.")
            % {"max": DATABASE_ID_MAX}
        )
    return value


def _check_past_date(value: datetime.date) -> datetime.date:
    problem = past_date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Text = Annotated[str, AfterValidator(_check_text)]
DatabaseId = Annotated[
    int,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": DATABASE_ID_MAX}),
]
PastDate = Annotated[datetime.date, AfterValidator(_check_past_date)]
