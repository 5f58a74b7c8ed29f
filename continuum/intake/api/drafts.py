"""Drafts through the API: API fields turned into the request form's step data, validated by
the same step forms as the pages, and saved step by step by `draft_save_step`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from continuum.agencies.models import Agency, State
from continuum.catalog.models import Goal, Service, Topic
from continuum.core.workflow import TransitionNotAllowed

from ..choices import RequestStatus
from ..forms.request import STEP_FORMS
from ..services.drafts import draft_save_step
from ..steps import STEP_FIELDS


def ids_by_slug(model, slugs: list[str], field: str, what: str, queryset=None) -> list[int]:
    """The ids of the rows with these slugs, in the order given; 422 names unknown slugs."""
    queryset = queryset if queryset is not None else model.objects.all()
    found = dict(queryset.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        names = ", ".join(f"“{slug}”" for slug in unknown)
        raise ValidationError({field: f"{names}: not {what}. Use the slugs the catalog lists."})
    return [found[slug] for slug in slugs]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _agency_id(value: str | None) -> int | str:
    ori = (value or "").strip().upper()
    if not ori:
        return ""
    agency = Agency.objects.filter(ori9=ori).first() or (
        Agency.objects.filter(ori7=ori).order_by("pk").first() if len(ori) == 7 else None
    )
    if agency is None:
        raise ValidationError(
            {
                "agency_ori": f"No agency in the national directory has the ORI {ori}. "
                "Check it, or leave it out and fill the unlisted_agency_ fields."
            }
        )
    return agency.pk


def form_data(payload: dict) -> dict:
    """The payload in the shape the step forms read (ids for choices, yes/no for booleans)."""
    data: dict[str, Any] = {}
    for name, value in payload.items():
        if name == "agency_ori":
            data["agency"] = _agency_id(value)
        elif name == "unlisted_state":
            usps = (value or "").strip().upper()
            state = State.objects.filter(usps=usps).first() if usps else None
            if usps and state is None:
                raise ValidationError({name: f"“{usps}” is not a state or territory code."})
            data[name] = state.pk if state else ""
            data["agency_not_listed"] = True
        elif name == "services":
            data[name] = ids_by_slug(
                Service, value or [], name, "a service on offer", Service.objects.active()
            )
        elif name == "topics":
            data[name] = ids_by_slug(Topic, value or [], name, "a topic", Topic.objects.active())
        elif name == "goals":
            data[name] = ids_by_slug(Goal, value or [], name, "a goal")
        elif name in {"has_critical_incident", "other_reviews_underway"}:
            data[name] = _yes_no(value)
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else value
    return data


def draft_answers_save(actor, ar, payload: dict) -> None:
    """Validate the given answers with the step forms, then save each step touched."""
    if ar.status != RequestStatus.DRAFT:
        raise TransitionNotAllowed(
            "This request has been sent already, so its answers can no longer be changed."
        )
    names = {"agency" if name == "agency_ori" else name for name in payload}
    data = form_data(payload)
    steps = {step: names & set(fields) for step, fields in STEP_FIELDS.items()}
    cleaned_by_step = {}
    errors: dict[str, list[str]] = {}
    for step, given in steps.items():
        if not given:
            continue
        form = STEP_FORMS[step](data=data, partial=True)
        if not form.is_valid():
            for field, messages in form.errors.items():
                key = "agency_ori" if field == "agency" else field
                errors.setdefault(key, []).extend(messages)
            continue
        cleaned_by_step[step] = {k: v for k, v in form.cleaned_data.items() if k in given}
    if errors:
        raise ValidationError(errors)
    for step, cleaned in cleaned_by_step.items():
        ar = draft_save_step(actor=actor, assistance_request=ar, step=step, cleaned_data=cleaned)
