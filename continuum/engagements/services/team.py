"""Staffing an engagement: its provider organization, and who is on its team.

- Program staff set the engagement's provider organization (`engagement_provider_set`).
- Program staff, or the coordinator of the engagement's organization, add team members
  (`team_member_add`). Experts go through matching's hard exclusions: an excluded expert can be
  assigned only by program staff, with a reason that is kept on the team member (with the
  exclusions overridden) and recorded as a staff-only event.
- Leaving keeps the row: `team_member_remove` sets `left_at`.
- Both keep the experts' count of open engagements (`workload.py`) in the same transaction.
- The person added is told by email (the outbox, template `team.member_added`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.accounts.roles import agency_membership_of, provider_membership_of
from continuum.accounts.selectors import address_is_verified
from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record
from continuum.core.policy import is_program_staff
from continuum.core.workflow import TransitionForbidden
from continuum.providers.matching import exclusions_for
from continuum.providers.models import ExpertProfile

from ..choices import ENDED_ENGAGEMENT_STATUSES, EXPERT_ROLES, TeamRole
from ..models import NOTE_MAX, Engagement, TeamMember
from ..policy import ENGAGEMENTS
from .workload import expert_workload_joined, expert_workload_left


def _locked(engagement: Engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("agency__state", "program")
        .get(pk=engagement.pk)
    )


@transaction.atomic
def engagement_provider_set(*, actor: Any, engagement: Engagement, provider) -> Engagement:
    """Program staff choose (or change) the provider organization that delivers the work."""
    if not ENGAGEMENTS.allows("manage", actor, engagement):
        raise TransitionForbidden(_("Only program staff choose the provider organization."))
    locked = _locked(engagement)
    if locked.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: its provider cannot change."))
    before = locked.provider
    if before == provider:
        return locked
    locked.provider = provider
    locked.full_clean()
    locked.save(update_fields=["provider", "updated_at"])
    event_record(
        actor=actor,
        verb="engagement_provider_set",
        target=locked,
        note=str(provider) if provider else _("No provider organization."),
        data={"from": getattr(before, "pk", None), "to": getattr(provider, "pk", None)},
    )
    return locked


def _eligible(engagement: Engagement, user: Any, role: str) -> None:
    """Refuse, with a plain message, a person who cannot hold `role` on this engagement."""
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": _("This account is turned off.")})
    if role in EXPERT_ROLES:
        if not ExpertProfile.objects.filter(user=user).exists():
            raise ValidationError({"user": _("Only experts with a profile can be assigned.")})
    elif role == TeamRole.PROVIDER_COORDINATOR:
        membership = provider_membership_of(user)
        if engagement.provider_id is None or membership is None:
            raise ValidationError(
                {"user": _("Choose a member of the engagement's provider organization.")}
            )
        if membership.organization_id != engagement.provider_id:
            raise ValidationError(
                {"user": _("Choose a member of the engagement's provider organization.")}
            )
    elif role == TeamRole.PROGRAM_MANAGER:
        if not is_program_staff(user):
            raise ValidationError({"user": _("Choose a member of the program staff.")})
    elif role == TeamRole.AGENCY_CONTACT:
        membership = agency_membership_of(user)
        if (
            engagement.agency_id is None
            or membership is None
            or membership.agency_id != engagement.agency_id
        ):
            raise ValidationError({"user": _("Choose a verified member of the agency.")})
    else:
        raise ValidationError({"role": _("Choose a role.")})


@transaction.atomic
def team_member_add(
    *,
    actor: Any,
    engagement: Engagement,
    user: Any,
    role: str,
    override_reason: str = "",
) -> TeamMember:
    """Put `user` on the team in `role`.

    Refused (`TransitionForbidden`) unless the actor may staff the team. For an expert, the
    matching exclusions apply: an excluded expert is refused, except for program staff who give
    a reason; the reason and the exclusions are kept on the team member and recorded.
    """
    if not ENGAGEMENTS.allows("staff_team", actor, engagement):
        raise TransitionForbidden(_("You may not change this engagement's team."))
    locked = _locked(engagement)
    if locked.status in ENDED_ENGAGEMENT_STATUSES:
        raise ValidationError(_("This engagement has ended: its team cannot change."))
    if role == TeamRole.PROGRAM_MANAGER and not is_program_staff(actor):
        raise TransitionForbidden(_("Only program staff add a program manager."))
    _eligible(locked, user, role)
    live = TeamMember.objects.filter(engagement=locked, left_at__isnull=True)
    if live.filter(user=user, role=role).exists():
        raise ValidationError({"user": _("This person already has this role on the team.")})
    if role in EXPERT_ROLES and live.filter(user=user, role__in=list(EXPERT_ROLES)).exists():
        raise ValidationError({"user": _("This expert is already on the team.")})
    if role == TeamRole.LEAD_EXPERT and live.filter(role=TeamRole.LEAD_EXPERT).exists():
        raise ValidationError(
            {"role": _("The engagement already has a lead expert: remove them first.")}
        )
    reason = (override_reason or "").strip()
    exclusions = []
    if role in EXPERT_ROLES:
        exclusions = exclusions_for(locked, ExpertProfile.objects.get(user=user))
    if exclusions:
        if not is_program_staff(actor):
            raise TransitionForbidden(
                _(
                    "This expert is excluded (%(reasons)s) and only a program manager can "
                    "assign them."
                )
                % {"reasons": " ".join(str(e.reason) for e in exclusions)}
            )
        if not reason:
            raise ValidationError(
                {"override_reason": _("Say why you assign this expert despite the exclusion.")}
            )
    if len(reason) > NOTE_MAX:
        raise ValidationError(
            {"override_reason": _("Keep the reason under %(max)s characters.") % {"max": NOTE_MAX}}
        )
    member = TeamMember(
        engagement=locked,
        user=user,
        role=role,
        added_by=actor,
        override_reason=reason if exclusions else "",
        overridden_exclusions=[e.as_record() for e in exclusions],
    )
    member.full_clean()
    member.save()
    expert_workload_joined(engagement=locked, member=member)
    label = TeamRole(role).label
    event_record(
        actor=actor,
        verb="team_member_added",
        target=locked,
        note=_("%(name)s joined as %(role)s.") % {"name": user, "role": str(label).lower()},
        data={"user": user.pk, "role": role},
    )
    if address_is_verified(user.email):  # official emails go only to verified addresses
        message_enqueue(
            template="team.member_added",
            to=[user.email],
            context={
                "name": user.full_name or user.email,
                "added_by": str(actor),
                "program": locked.program.short_label,
                "agency_name": locked.agency_label,
                "role": str(label).lower(),
                "engagement_url": settings.CONTINUUM["SITE_URL"].rstrip("/")
                + locked.get_absolute_url(),
            },
            target=locked,
        )
    if exclusions:
        event_record(
            actor=actor,
            verb="team_exclusion_overridden",
            target=locked,
            note=reason,
            internal=True,
            data={"user": user.pk, "exclusions": [e.code for e in exclusions]},
        )
    return member


@transaction.atomic
def team_member_remove(*, actor: Any, team_member: TeamMember) -> TeamMember:
    """Take someone off the team (the row stays, with the time they left)."""
    if not ENGAGEMENTS.allows("staff_team", actor, team_member.engagement):
        raise TransitionForbidden(_("You may not change this engagement's team."))
    locked = _locked(team_member.engagement)
    member = TeamMember.objects.select_for_update().get(pk=team_member.pk)
    if member.left_at is not None:
        raise ValidationError(_("This person has already left the team."))
    if member.role == TeamRole.PROGRAM_MANAGER and not is_program_staff(actor):
        raise TransitionForbidden(_("Only program staff remove a program manager."))
    member.left_at = timezone.now()
    member.save(update_fields=["left_at", "updated_at"])
    expert_workload_left(engagement=locked, member=member)
    event_record(
        actor=actor,
        verb="team_member_removed",
        target=member.engagement,
        note=_("%(name)s left the team (%(role)s).")
        % {"name": member.user, "role": str(member.get_role_display()).lower()},
        data={"user": member.user_id, "role": member.role},
    )
    return member
