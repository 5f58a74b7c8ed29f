"""The decisions program staff make on a submitted request, as a table.

Each row says which transition of the request machine the decision takes, which fields it
records (checked here), whether the note to the agency is required, and what else belongs to
the decision's transaction (the engagement of an acceptance). `request_decide` in
`continuum.intake.services.triage` reads it; a new kind of decision is one row and its checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from continuum.catalog.models import Program, Service

from ..choices import DeclineReason, ReferralTarget
from ..models import AssistanceRequest


def _check_program_and_services(program: Any, services: Iterable[Any]) -> list[Service]:
    if (
        not isinstance(program, Program)
        or not Program.objects.filter(pk=program.pk, is_active=True).exists()
    ):
        raise ValidationError({"program": "Choose a program from the list."})
    chosen = list(services or [])
    if not chosen:
        raise ValidationError({"services": "Choose at least one service for the engagement."})
    if not all(isinstance(s, Service) for s in chosen):
        raise ValidationError({"services": "Choose services from the list."})
    valid = set(
        Service.objects.filter(
            pk__in=[s.pk for s in chosen], program=program, is_active=True
        ).values_list("pk", flat=True)
    )
    wrong = [s for s in chosen if s.pk not in valid]
    if wrong:
        names = ", ".join(f"“{s.name}”" for s in wrong)
        raise ValidationError(
            {"services": f"{names} {'is' if len(wrong) == 1 else 'are'} not part of {program}."}
        )
    return chosen


def _accept_fields(details: dict) -> dict:
    program = details.get("program")
    details["services"] = _check_program_and_services(program, details.get("services") or [])
    return {"decided_program": program}


def _decline_fields(details: dict) -> dict:
    reason = details.get("reason")
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": "Choose a reason from the list."})
    return {"decline_reason": reason}


def _refer_fields(details: dict) -> dict:
    target = details.get("target")
    if target not in ReferralTarget.values:
        raise ValidationError({"target": "Choose where to refer the request from the list."})
    return {"referral_target": target}


def _engagement_create(actor: Any, row: AssistanceRequest, details: dict) -> None:
    from continuum.engagements.services import engagement_create_from_request

    engagement_create_from_request(
        actor=actor,
        assistance_request=row,
        program=details["program"],
        services=details["services"],
    )


@dataclass(frozen=True)
class Decision:
    """One kind of decision: its transition, what it records, and what follows it."""

    #: The request machine's action (accept, decline, refer).
    action: str
    #: Checks the decision's details and returns the request fields it records.
    fields: Callable[[dict], dict]
    note_label: str
    note_required: bool
    #: Work that belongs to the decision's transaction (the engagement of an acceptance).
    then: Callable[[Any, AssistanceRequest, dict], None] | None = None


#: The decisions program staff can make on a submitted request.
DECISIONS: dict[str, Decision] = {
    "accept": Decision("accept", _accept_fields, "a note", False, then=_engagement_create),
    "decline": Decision("decline", _decline_fields, "a note for the agency", True),
    "refer": Decision("refer", _refer_fields, "a referral note", True),
}
