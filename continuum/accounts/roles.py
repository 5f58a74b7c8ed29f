"""The roles a person can hold, and which of them a given user holds.

Roles say what kind of work someone does; they never decide alone what a person may see.
Rights on one agency's request or one engagement are checked per object in each app's
`permissions.py`.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist


class Role(StrEnum):
    PUBLIC = "public"
    AGENCY_MEMBER = "agency_member"
    PROVIDER_STAFF = "provider_staff"
    EXPERT = "expert"
    PROGRAM_STAFF = "program_staff"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PUBLIC: "Member of the public",
    Role.AGENCY_MEMBER: "Agency member",
    Role.PROVIDER_STAFF: "Provider organization staff",
    Role.EXPERT: "Subject-matter expert",
    Role.PROGRAM_STAFF: "Program staff",
    Role.ADMINISTRATOR: "Administrator",
}


_VERIFIED_CACHE = "_verified_agency_membership"
_PENDING_CACHE = "_pending_agency_membership"


def _live_membership(user, status: str, cache: str):
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return None
    if hasattr(user, cache):
        return getattr(user, cache)
    from .models import AgencyMembership

    membership = (
        AgencyMembership.objects.select_related("agency__state")
        .filter(user_id=user.pk, status=status)
        .first()
    )
    setattr(user, cache, membership)
    return membership


def agency_membership_of(user):
    """The user's **verified** agency membership, or None.

    This is the only membership that grants sight of an agency's work: a requested (pending),
    refused or ended membership counts for nothing. The answer is cached on the user object for
    the request; `forget_memberships(user)` clears it after a change.
    """
    from .models import MembershipStatus

    return _live_membership(user, MembershipStatus.VERIFIED, _VERIFIED_CACHE)


def pending_agency_membership_of(user):
    """The user's membership waiting for verification by program staff, or None."""
    from .models import MembershipStatus

    return _live_membership(user, MembershipStatus.REQUESTED, _PENDING_CACHE)


def memberships_preload(user) -> None:
    """Load the user's verified and pending memberships in one query (for pages that show
    both)."""
    from .models import LIVE_MEMBERSHIP_STATES, AgencyMembership, MembershipStatus

    live = list(
        AgencyMembership.objects.select_related("agency__state").filter(
            user_id=user.pk, status__in=LIVE_MEMBERSHIP_STATES
        )
    )
    setattr(
        user,
        _VERIFIED_CACHE,
        next((m for m in live if m.status == MembershipStatus.VERIFIED), None),
    )
    setattr(
        user,
        _PENDING_CACHE,
        next((m for m in live if m.status == MembershipStatus.REQUESTED), None),
    )


def forget_memberships(user) -> None:
    """Drop the cached memberships of this user object (after a membership changed)."""
    for cache in (_VERIFIED_CACHE, _PENDING_CACHE):
        if hasattr(user, cache):
            delattr(user, cache)


def provider_membership_of(user):
    """The user's provider-organization membership, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.provider_membership
    except ObjectDoesNotExist:
        return None


def roles_of(user) -> frozenset[Role]:
    """Every role the user holds. Everyone, signed in or not, holds the public role.

    A turned-off (inactive) account holds only the public role. Only a verified agency
    membership makes an agency member.
    """
    roles = {Role.PUBLIC}
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset(roles)
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    if user.is_program_staff:
        roles.add(Role.PROGRAM_STAFF)
    if user.is_expert:
        roles.add(Role.EXPERT)
    if agency_membership_of(user) is not None:
        roles.add(Role.AGENCY_MEMBER)
    if provider_membership_of(user) is not None:
        roles.add(Role.PROVIDER_STAFF)
    return frozenset(roles)


#: What each role does, in a sentence, for the "My work" page.
ROLE_DUTIES: dict[Role, str] = {
    Role.ADMINISTRATOR: (
        "You manage user accounts, reference data and settings on the administration site."
    ),
    Role.PROGRAM_STAFF: (
        "You review new requests, route and assign the work, check reported progress and "
        "publish reports."
    ),
    Role.EXPERT: "You keep your profile and availability up to date and work on engagements.",
    Role.AGENCY_MEMBER: (
        "You ask for assistance for your agency, follow its requests and report its progress."
    ),
    Role.PROVIDER_STAFF: (
        "You work on the engagements assigned to your organization: teams, activities and "
        "deliverables."
    ),
}


def role_descriptions(user) -> list[tuple[str, str]]:
    """The user's roles in plain words, most powerful first: (who you are, what you do).

    The public role is left out: everyone has it.
    """
    roles = roles_of(user)
    lines: list[tuple[str, str]] = []
    if Role.ADMINISTRATOR in roles:
        lines.append(("Administrator", ROLE_DUTIES[Role.ADMINISTRATOR]))
    if Role.PROGRAM_STAFF in roles:
        lines.append(("Program staff", ROLE_DUTIES[Role.PROGRAM_STAFF]))
    if Role.EXPERT in roles:
        lines.append(("Subject-matter expert", ROLE_DUTIES[Role.EXPERT]))
    membership = agency_membership_of(user)
    if Role.AGENCY_MEMBER in roles and membership is not None:
        lines.append(
            (
                f"Agency member of {membership.agency}, as {membership.get_role_display().lower()}",
                ROLE_DUTIES[Role.AGENCY_MEMBER],
            )
        )
    provider = provider_membership_of(user)
    if Role.PROVIDER_STAFF in roles and provider is not None:
        kind = "coordinator" if provider.role == provider.Role.COORDINATOR else "staff"
        lines.append(
            (
                f"Provider organization {kind} of {provider.organization}",
                ROLE_DUTIES[Role.PROVIDER_STAFF],
            )
        )
    return lines
