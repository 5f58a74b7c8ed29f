"""The request form's steps, declared once: order, slug, title and the fields each one saves.

Everything else reads this: the draft service (which fields a step writes), the forms package
(one form per step, `continuum.intake.forms.request.STEP_FORMS`, checked against this list by a
test), the views (navigation and the step indicator) and the API (which step a field belongs
to). The review page is the last entry of the indicator but saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    #: The model fields the step writes (many-to-many fields are set after the row is saved).
    fields: tuple[str, ...] = ()
    #: Shown only when the request concerns a critical incident.
    incident_only: bool = False


FORM_STEPS: tuple[Step, ...] = (
    Step(
        "agency",
        _("Your agency"),
        (
            "agency",
            "unlisted_agency_name",
            "unlisted_agency_type",
            "unlisted_jurisdiction_level",
            "unlisted_state",
        ),
    ),
    Step(
        "you",
        _("About you"),
        ("requester_name", "requester_title", "requester_email", "requester_phone"),
    ),
    Step(
        "authorization",
        _("Authorization"),
        ("chief_name", "chief_title", "chief_email", "attests_voluntary", "attests_chief_supports"),
    ),
    Step(
        "needs",
        _("What you need"),
        (
            "services",
            "not_sure",
            "topics",
            "goals",
            "concern_scope",
            "narrative",
            "desired_timeframe",
            "earlier_assistance",
            "has_critical_incident",
        ),
    ),
    Step(
        "incident",
        _("Critical incident"),
        (
            "incident_date",
            "incident_kind",
            "incident_public_attention",
            "other_reviews_underway",
            "other_reviews_detail",
            "wants_immediate_consultation",
        ),
        incident_only=True,
    ),
)
REVIEW = Step("review", _("Review and send"))

#: The slugs of the steps that save answers, in order.
STEPS: tuple[str, ...] = tuple(step.slug for step in FORM_STEPS)
#: slug → the model fields the step writes.
STEP_FIELDS: dict[str, tuple[str, ...]] = {step.slug: step.fields for step in FORM_STEPS}
#: Every step of the indicator, the review included.
INDICATOR_STEPS: tuple[Step, ...] = (*FORM_STEPS, REVIEW)
_BY_SLUG = {step.slug: step for step in INDICATOR_STEPS}


def step_title(slug: str) -> str:
    return str(_BY_SLUG[slug].title)


def steps_for(has_critical_incident: bool | None) -> list[str]:
    """The slugs a draft goes through, in order, the review last."""
    return [
        step.slug for step in INDICATOR_STEPS if not step.incident_only or has_critical_incident
    ]


def next_step(slug: str, has_critical_incident: bool | None) -> str:
    path = steps_for(has_critical_incident)
    if slug not in path:  # the incident step of a draft without one
        return "review"
    position = path.index(slug)
    return path[min(position + 1, len(path) - 1)]


def previous_step(slug: str, has_critical_incident: bool | None) -> str | None:
    path = steps_for(has_critical_incident)
    position = path.index(slug) if slug in path else len(path) - 1
    return path[position - 1] if position else None


@dataclass(frozen=True)
class IndicatorStep:
    slug: str
    title: str
    number: int
    state: str  # "complete", "current" or "" (not yet)
    skipped: bool


def indicator(current: str, has_critical_incident: bool | None) -> dict:
    """The USWDS step indicator's context: every step, the current one, how many."""
    slugs = [step.slug for step in INDICATOR_STEPS]
    index = slugs.index(current)
    steps = [
        IndicatorStep(
            slug=step.slug,
            title=str(step.title),
            number=number,
            state="current" if number - 1 == index else ("complete" if number - 1 < index else ""),
            skipped=step.incident_only and not has_critical_incident,
        )
        for number, step in enumerate(INDICATOR_STEPS, start=1)
    ]
    return {"steps": steps, "current": steps[index], "total": len(steps)}
