"""Who may see experts' profiles: declared once here.

- Program staff see every expert (they vet them and staff engagements).
- An expert sees and keeps their own profile.
- Provider staff (of any provider organization) see the expert pool's profiles: coordinators
  staff engagements from it, and their own organization's experts' workload.
- Declared conflicts of interest are the expert's and program staff's only: others learn of
  a conflict only as an exclusion ("declared a conflict with this agency") when matching.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.accounts.roles import provider_membership_of
from continuum.core.policy import (
    NOTHING,
    Audience,
    Policy,
    is_active_user,
    is_program_staff,
    register,
)

from .models import AvailabilityWindow, ConflictDeclaration, Expertise, ExpertProfile, Position


def _sees_pool(user: Any) -> bool:
    return is_program_staff(user) or provider_membership_of(user) is not None


class ExpertProfilePolicy(Policy):
    model = ExpertProfile
    rules = ("edit", "vet")
    #: The field of the row that leads to the profile ("" for the profile itself).
    path = ""

    def _user_field(self) -> str:
        return f"{self.path}user_id"

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if _sees_pool(user):
            return Q()
        return Q(**{self._user_field(): user.pk})

    def _profile(self, obj: Any) -> ExpertProfile:
        return obj if isinstance(obj, ExpertProfile) else obj.expert

    def view(self, user: Any, obj: Any) -> bool:
        if not is_active_user(user):
            return False
        return _sees_pool(user) or self._profile(obj).user_id == user.pk

    def audience_of(self, user: Any, obj: Any) -> Audience:
        if not self.view(user, obj):
            return Audience.NONE
        if is_program_staff(user):
            return Audience.everyone()
        return Audience.PROVIDER | Audience.PUBLIC

    # The expert keeps their own profile (program staff may correct it).
    def edit(self, user: Any, obj: Any) -> bool:
        if not is_active_user(user):
            return False
        return is_program_staff(user) or self._profile(obj).user_id == user.pk

    # Only program staff record vetting.
    def vet(self, user: Any, obj: Any) -> bool:
        return is_program_staff(user)


class _ProfilePart(ExpertProfilePolicy):
    path = "expert__"
    rules = ("edit",)


class ExpertisePolicy(_ProfilePart):
    model = Expertise


class PositionPolicy(_ProfilePart):
    model = Position


class AvailabilityWindowPolicy(_ProfilePart):
    model = AvailabilityWindow


class ConflictDeclarationPolicy(_ProfilePart):
    """Declared conflicts: the expert and program staff only."""

    model = ConflictDeclaration

    def visible_to(self, user: Any) -> Q:
        if not is_active_user(user):
            return NOTHING
        if is_program_staff(user):
            return Q()
        return Q(expert__user_id=user.pk)

    def view(self, user: Any, obj: Any) -> bool:
        if not is_active_user(user):
            return False
        return is_program_staff(user) or obj.expert.user_id == user.pk

    def audience_of(self, user: Any, obj: Any) -> Audience:
        if not self.view(user, obj):
            return Audience.NONE
        return Audience.everyone() if is_program_staff(user) else Audience.PUBLIC


EXPERTS = register(ExpertProfilePolicy())
EXPERTISE = register(ExpertisePolicy())
POSITIONS = register(PositionPolicy())
AVAILABILITY = register(AvailabilityWindowPolicy())
CONFLICTS = register(ConflictDeclarationPolicy())
