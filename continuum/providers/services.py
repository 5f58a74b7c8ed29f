"""Every write to experts' profiles: the expert keeps their own, program staff vet them.

Each service is keyword-only, runs in one transaction, checks the providers policy
(`continuum.providers.policy`), validates with `full_clean()` and records an event on the
expert's profile. A refusal is `TransitionForbidden`; bad input is `ValidationError`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.agencies.choices import size_of
from continuum.core.workflow import TransitionForbidden

from .choices import VettingStatus
from .models import AvailabilityWindow, ConflictDeclaration, Expertise, ExpertProfile, Position
from .policy import EXPERTS

#: The fields of the profile the expert keeps themselves.
PROFILE_FIELDS = ("home_state", "languages", "travel", "capacity", "public_bio", "is_active")


def _may_edit(actor: Any, expert: ExpertProfile) -> None:
    if not EXPERTS.allows("edit", actor, expert):
        raise TransitionForbidden(_("You may not change this expert's profile."))


def _locked(expert: ExpertProfile) -> ExpertProfile:
    return ExpertProfile.objects.select_for_update().get(pk=expert.pk)


@transaction.atomic
def expert_profile_start(*, actor: Any) -> ExpertProfile:
    """The expert's own profile, made the first time they save it (experts only)."""
    if not getattr(actor, "is_active", False) or not getattr(actor, "is_expert", False):
        raise TransitionForbidden(_("Only experts keep an expert profile."))
    profile, created = ExpertProfile.objects.get_or_create(user=actor)
    if created:
        event_record(actor=actor, verb="expert_profile_started", target=profile)
    return profile


@transaction.atomic
def expert_profile_update(*, actor: Any, expert: ExpertProfile, **changes: Any) -> ExpertProfile:
    """Change the expert's own profile fields (`PROFILE_FIELDS` only)."""
    _may_edit(actor, expert)
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s.") % ", ".join(unknown))
    profile = _locked(expert)
    changed = []
    for name, value in changes.items():
        if name == "languages":
            value = sorted(set(value or []))
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    if not changed:
        return profile
    profile.full_clean()
    profile.save()
    event_record(
        actor=actor, verb="expert_profile_updated", target=profile, data={"fields": changed}
    )
    return profile


@transaction.atomic
def expertise_add(
    *, actor: Any, expert: ExpertProfile, level: int, service=None, topic=None
) -> Expertise:
    """Add a service or a topic the expert knows, with their level (one of the two)."""
    _may_edit(actor, expert)
    _locked(expert)
    if (service is None) == (topic is None):
        raise ValidationError(_("Choose either a service or a topic."))
    exists = Expertise.objects.filter(expert=expert)
    if (service and exists.filter(service=service).exists()) or (
        topic and exists.filter(topic=topic).exists()
    ):
        raise ValidationError(_("This is already in the expertise list: remove it first."))
    row = Expertise(expert=expert, service=service, topic=topic, level=level)
    row.full_clean()
    row.save()
    event_record(
        actor=actor,
        verb="expertise_added",
        target=expert,
        note=str(row),
        data={"service": getattr(service, "pk", None), "topic": getattr(topic, "pk", None)},
    )
    return row


@transaction.atomic
def expertise_remove(*, actor: Any, expertise: Expertise) -> None:
    _may_edit(actor, expertise.expert)
    note = str(expertise)
    expertise.delete()
    event_record(actor=actor, verb="expertise_removed", target=expertise.expert, note=note)


@transaction.atomic
def position_add(
    *,
    actor: Any,
    expert: ExpertProfile,
    title: str,
    rank_level: str,
    start_year: int,
    end_year: int | None = None,
    agency=None,
    organization_name: str = "",
    agency_type: str = "",
    agency_size: str = "",
) -> Position:
    """Add a position. With an agency of the directory, its type and size come from the
    directory (what the person typed for them is ignored)."""
    _may_edit(actor, expert)
    if agency is not None:
        agency_type = agency.agency_type
        agency_size = size_of(agency.population_served)
        organization_name = ""
    row = Position(
        expert=expert,
        title=(title or "").strip(),
        rank_level=rank_level,
        agency=agency,
        organization_name=(organization_name or "").strip(),
        agency_type=agency_type or "",
        agency_size=agency_size or "",
        start_year=start_year,
        end_year=end_year,
    )
    row.full_clean()
    row.save()
    event_record(actor=actor, verb="position_added", target=expert, note=str(row))
    return row


@transaction.atomic
def position_remove(*, actor: Any, position: Position) -> None:
    _may_edit(actor, position.expert)
    note = str(position)
    position.delete()
    event_record(actor=actor, verb="position_removed", target=position.expert, note=note)


@transaction.atomic
def availability_add(
    *,
    actor: Any,
    expert: ExpertProfile,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> AvailabilityWindow:
    _may_edit(actor, expert)
    row = AvailabilityWindow(
        expert=expert, kind=kind, starts_on=starts_on, ends_on=ends_on, note=(note or "").strip()
    )
    row.full_clean()
    row.save()
    event_record(actor=actor, verb="availability_added", target=expert, note=str(row))
    return row


@transaction.atomic
def availability_remove(*, actor: Any, window: AvailabilityWindow) -> None:
    _may_edit(actor, window.expert)
    note = str(window)
    window.delete()
    event_record(actor=actor, verb="availability_removed", target=window.expert, note=note)


@transaction.atomic
def conflict_declare(
    *, actor: Any, expert: ExpertProfile, reason: str, agency=None, state=None
) -> ConflictDeclaration:
    """Declare a conflict of interest with one agency or a whole state. The event is program
    staff's only (others learn of a conflict only as a matching exclusion)."""
    _may_edit(actor, expert)
    row = ConflictDeclaration(
        expert=expert, agency=agency, state=state, reason=(reason or "").strip()
    )
    row.full_clean()
    row.save()
    event_record(actor=actor, verb="conflict_declared", target=expert, note=str(row), internal=True)
    return row


@transaction.atomic
def conflict_withdraw(*, actor: Any, conflict: ConflictDeclaration) -> None:
    _may_edit(actor, conflict.expert)
    note = str(conflict)
    conflict.delete()
    event_record(
        actor=actor, verb="conflict_withdrawn", target=conflict.expert, note=note, internal=True
    )


@transaction.atomic
def expert_organization_set(*, actor: Any, expert: ExpertProfile, organization) -> ExpertProfile:
    """Program staff link an expert to the provider organization they work with (or unlink)."""
    if not EXPERTS.allows("vet", actor, expert):
        raise TransitionForbidden(_("Only program staff link an expert to an organization."))
    profile = _locked(expert)
    if profile.organization_id == getattr(organization, "pk", None):
        return profile
    profile.organization = organization
    profile.full_clean()
    profile.save(update_fields=["organization", "updated_at"])
    event_record(
        actor=actor,
        verb="expert_organization_set",
        target=profile,
        note=str(organization) if organization else "",
    )
    return profile


@transaction.atomic
def expert_vet(
    *, actor: Any, expert: ExpertProfile, status: str, vetted_on: datetime.date | None
) -> ExpertProfile:
    """Record the program's vetting of an expert (program staff only). "Vetted" needs a date;
    another status keeps the last date the expert was vetted on, if any."""
    if not EXPERTS.allows("vet", actor, expert):
        raise TransitionForbidden(_("Only program staff record vetting."))
    if status not in VettingStatus.values:
        raise ValidationError({"status": _("Choose a vetting status.")})
    if vetted_on is not None and vetted_on > timezone.localdate():
        raise ValidationError({"vetted_on": _("The vetting date cannot be in the future.")})
    profile = _locked(expert)
    before = profile.vetting_status
    profile.vetting_status = status
    if vetted_on is not None:
        profile.vetted_on = vetted_on
    profile.full_clean()
    profile.save()
    event_record(
        actor=actor,
        verb="expert_vetted",
        target=profile,
        from_state=before,
        to_state=status,
        internal=True,
        data={"vetted_on": profile.vetted_on.isoformat() if profile.vetted_on else None},
    )
    return profile
