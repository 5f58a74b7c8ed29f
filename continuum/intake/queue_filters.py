"""The triage queue's filters: from what a page, a form or the API sent to a `Q`.

`filters_q(viewer, filters, now)` takes a dict of filters; empty values are ignored, and a bad
value raises `ValidationError({filter_name: [message]})` with a plain message, before any
query runs (so a number too large for the database, or an age of a million years, is an answer,
never a 500):

- ``status``: a status value, a list of them, or ``"open"`` / ``"decided"`` / ``"all"`` (the
  queue's pages and API show open work when no status is given:
  `selectors.queue_filters_with_default`);
- ``program``: a Program, its id or its slug; matches the recommended or the decided program
  (``program_basis``: ``"any"`` (default), ``"recommended"`` or ``"decided"``);
- ``state``: a State, its id or its USPS code (the agency's state, or an unlisted agency's);
- ``agency_type``, ``jurisdiction_level``: choice values (directory or unlisted agency);
- ``critical_incident``: yes/no (True/False, "yes"/"no", "true"/"false", "1"/"0");
- ``assignee``: a user, a user id, ``"unassigned"`` or ``"me"``;
- ``age``: ``"overdue"`` (past the first-response target) or a number N (older than N business
  days); ``overdue`` (bool) and ``older_than_days`` (int) say the same as separate keys;
- ``q``: part of a tracking number, or words of an agency's name, city, county or ORI.

Ages in SQL compare `submitted_at` with a moment computed in Python from business-day
arithmetic (`sla.submitted_before_for_age`); the overdue filter is `sla.overdue_q` (per urgency,
past pauses subtracted).
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import State
from continuum.catalog.models import Program
from continuum.core.validation import DATABASE_ID_MAX

from . import sla
from .choices import DECIDED_STATUSES, OPEN_STATUSES, RequestStatus

#: The oldest age filter the queue takes, in business days (about 14 years): a larger one
#: would only compute a date far before the program existed (and, very large, overflow it).
AGE_MAX = 3650

#: Choices for an "age" filter control.
AGE_CHOICES: list[tuple[str, str]] = [
    ("overdue", gettext_lazy("Past the first-response target")),
    ("5", gettext_lazy("Older than 5 business days")),
    ("10", gettext_lazy("Older than 10 business days")),
    ("20", gettext_lazy("Older than 20 business days")),
    ("60", gettext_lazy("Older than 60 business days")),
]

QUEUE_FILTER_KEYS = frozenset(
    {
        "status",
        "program",
        "program_basis",
        "state",
        "agency_type",
        "jurisdiction_level",
        "critical_incident",
        "assignee",
        "age",
        "overdue",
        "older_than_days",
        "q",
    }
)


def is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | set) and not value)


def _as_bool(value, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "true", "1", "on"}:
        return True
    if text in {"no", "false", "0", "off"}:
        return False
    raise ValidationError(_("Choose yes or no for %(label)s.") % {"label": label})


def _digits(value) -> str | None:
    """The text of a whole number written with 0-9 only, or None."""
    text = str(value).strip()
    return text if text.isascii() and text.isdigit() else None


def _as_int(value, label: str, *, maximum: int) -> int:
    """A whole number from 0 to `maximum`; the message says which rule `value` broke."""
    text = str(value).strip()
    digits = _digits(text.removeprefix("-"))
    if digits is None:
        raise ValidationError(_("Enter a whole number for %(label)s.") % {"label": label})
    if text.startswith("-"):
        raise ValidationError(_("Enter a number of 0 or more for %(label)s.") % {"label": label})
    # Compare lengths first: int() of thousands of digits is slow, and refused past 4,300.
    if len(digits.lstrip("0")) > len(str(maximum)) or int(digits) > maximum:
        raise ValidationError(
            _("Enter a number from 0 to %(maximum)s for %(label)s.")
            % {"maximum": f"{maximum:,}", "label": label}
        )
    return int(digits)


def _as_id(text: str) -> int | None:
    """A row id written in `text`, or None when it cannot be one (too large for a database)."""
    digits = _digits(text)
    if digits is None or len(digits.lstrip("0")) > len(str(DATABASE_ID_MAX)):
        return None
    number = int(digits)
    return number if 1 <= number <= DATABASE_ID_MAX else None


def status_q(value) -> Q:
    values = value if isinstance(value, list | tuple | set) else [value]
    wanted: set[str] = set()
    allowed = {s for s in RequestStatus.values if s != RequestStatus.DRAFT}
    for item in values:
        item = str(item)
        if item == "all":
            wanted |= allowed
        elif item == "open":
            wanted |= set(OPEN_STATUSES)
        elif item == "decided":
            wanted |= set(DECIDED_STATUSES)
        elif item in allowed:
            wanted.add(item)
        else:
            raise ValidationError(
                _("“%(status)s” is not a status a submitted request can have.") % {"status": item}
            )
    return Q(status__in=sorted(wanted))


def _program_id(value) -> int:
    if isinstance(value, Program):
        return value.pk
    text = str(value).strip()
    if _digits(text):
        number = _as_id(text)
        program_id = (
            Program.objects.filter(pk=number).values_list("pk", flat=True).first()
            if number
            else None
        )
    else:
        program_id = Program.objects.filter(slug=text).values_list("pk", flat=True).first()
    if program_id is None:
        raise ValidationError(_("Choose a program from the list."))
    return program_id


def _state_id(value) -> int:
    if isinstance(value, State):
        return value.pk
    text = str(value).strip()
    if _digits(text):
        number = _as_id(text)
        state_id = (
            State.objects.filter(pk=number).values_list("pk", flat=True).first() if number else None
        )
    else:
        state_id = State.objects.filter(usps__iexact=text).values_list("pk", flat=True).first()
    if state_id is None:
        raise ValidationError(_("Choose a state or territory from the list."))
    return state_id


def _assignee_q(value, viewer) -> Q:
    if hasattr(value, "pk") and not isinstance(value, str | int):
        return Q(reviewer_id=value.pk)
    text = str(value).strip().lower()
    if text == "unassigned":
        return Q(reviewer__isnull=True)
    if text == "me":
        return Q(reviewer_id=getattr(viewer, "pk", None))
    if _digits(text):
        reviewer_id = _as_id(text)
        if reviewer_id is None:
            raise ValidationError(_("Nobody has that id. Choose a reviewer, “unassigned” or “me”."))
        return Q(reviewer_id=reviewer_id)
    raise ValidationError(_("Choose a reviewer, “unassigned” or “me”."))


def overdue_q(now: datetime.datetime) -> Q:
    return sla.overdue_q(now)


@contextmanager
def about(key: str):
    """Name the filter a ValidationError is about (the API says which query parameter)."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError({key: error.messages}) from error


def _program_q(get: dict) -> Q:
    program_id = _program_id(get["program"])
    basis = str(get.get("program_basis") or "any")
    if basis == "recommended":
        return Q(recommended_program_id=program_id)
    if basis == "decided":
        return Q(decided_program_id=program_id)
    if basis == "any":
        return Q(recommended_program_id=program_id) | Q(decided_program_id=program_id)
    raise ValidationError(_("Choose whether to match the recommended or decided program."))


def _agency_choice_q(field: str, value, choices, message: str) -> Q:
    value = str(value)
    if value not in choices:
        raise ValidationError(message)
    return Q(**{f"agency__{field}": value}) | Q(
        **{"agency__isnull": True, f"unlisted_{field}": value}
    )


def _age_q(value, now: datetime.datetime) -> Q:
    if str(value).strip().lower() == "overdue":
        return overdue_q(now)
    older = _as_int(value, _("age"), maximum=AGE_MAX)
    return Q(submitted_at__lt=sla.submitted_before_for_age(older + 1, now))


def filters_q(viewer, filters: dict, now: datetime.datetime) -> Q:
    unknown = set(filters) - QUEUE_FILTER_KEYS
    if unknown:
        raise ValidationError(
            _("Unknown queue filter: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    q = Q()
    get = {k: v for k, v in filters.items() if not is_empty(v)}
    if "status" in get:
        with about("status"):
            q &= status_q(get["status"])
    if "program" in get:
        with about("program"):
            q &= _program_q(get)
    if "state" in get:
        with about("state"):
            state_id = _state_id(get["state"])
        q &= Q(agency__state_id=state_id) | Q(agency__isnull=True, unlisted_state_id=state_id)
    if "agency_type" in get:
        with about("agency_type"):
            q &= _agency_choice_q(
                "agency_type",
                get["agency_type"],
                AgencyType.values,
                _("Choose an agency type from the list."),
            )
    if "jurisdiction_level" in get:
        with about("jurisdiction_level"):
            q &= _agency_choice_q(
                "jurisdiction_level",
                get["jurisdiction_level"],
                JurisdictionLevel.values,
                _("Choose a jurisdiction level from the list."),
            )
    if "critical_incident" in get:
        with about("critical_incident"):
            q &= Q(has_critical_incident=_as_bool(get["critical_incident"], _("critical incident")))
    if "assignee" in get:
        with about("assignee"):
            q &= _assignee_q(get["assignee"], viewer)
    if "age" in get:
        with about("age"):
            q &= _age_q(get["age"], now)
    if "overdue" in get:
        with about("overdue"):
            if _as_bool(get["overdue"], _("overdue")):
                q &= overdue_q(now)
    if "older_than_days" in get:
        with about("older_than_days"):
            older = _as_int(get["older_than_days"], _("age in business days"), maximum=AGE_MAX)
        q &= Q(submitted_at__lt=sla.submitted_before_for_age(older + 1, now))
    if "q" in get:
        q &= _search_q(str(get["q"]).strip()[:100])
    return q


_TRACKING_NUMBER = re.compile(r"(?i)cri-\d{4}-\d{5}")
_TRACKING_LIKE = re.compile(r"(?i)(cri)?[-\s\d]*\d[-\s\d]*|cri-?[-\d]*")


def _search_q(text: str) -> Q:
    """A tracking number (or part of one), else an agency: directory agencies through the
    directory search (every word starts a word of the name, city, county or ORI; indexed on
    PostgreSQL), and agencies not listed by part of the name they gave."""
    if not text:
        return Q()
    if _TRACKING_NUMBER.fullmatch(text):
        return Q(tracking_number=text.upper())  # the unique index
    if _TRACKING_LIKE.fullmatch(text):
        return Q(tracking_number__icontains=text.upper().replace(" ", ""))
    from continuum.agencies.selectors import agency_search

    directory = agency_search(query=text).order_by().values("pk")
    return Q(agency_id__in=directory) | Q(agency__isnull=True, unlisted_agency_name__icontains=text)
