"""Reads of accounts and memberships, scoped by viewer where they show people's data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from continuum.activity.models import Event
from continuum.core.policy import is_program_staff

from .models import AgencyMembership, MembershipStatus, User, VerifiedAddress
from .policy import MEMBERSHIPS
from .roles import memberships_preload


def user_with_memberships(*, viewer: User) -> User:
    """The signed-in user again, with their provider organization, and their verified and
    pending agency memberships (one more query)."""
    user = User.objects.select_related("provider_membership__organization").get(pk=viewer.pk)
    memberships_preload(user)
    return user


def email_is_verified(user: Any) -> bool:
    """The account's current email address was confirmed through the emailed link."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Event.objects.for_target(user)
        .filter(verb="email_verified", data__email=user.email.lower())
        .exists()
    )


def address_is_verified(email: str) -> bool:
    """The address is known to reach its owner: the email of an active account that confirmed
    it, or a chief executive's address that answered through its link.

    Official emails (notifications) go only to such addresses; verification emails themselves
    are the exception (and are rate-limited).
    """
    email = (email or "").strip().lower()
    if not email:
        return False
    if VerifiedAddress.objects.filter(email=email).exists():
        account = User.objects.filter(email__iexact=email).first()
        # A turned-off account's address gets nothing official.
        return account is None or account.is_active
    return False


def _staff_only(viewer) -> None:
    """The staff membership pages: 404 for anyone but program staff."""
    if not is_program_staff(viewer):
        raise Http404("Not found.")


def memberships_pending(*, viewer: User) -> QuerySet[AgencyMembership]:
    """Memberships waiting for verification, oldest first (program staff only), with the
    columns the queue shows and no others: a page of 200 rows built some 800 model instances
    from every column of the user and the agency (4 ms of a 33 ms page at 10x data). The
    queue's test of its query count catches a column read that is not loaded here."""
    _staff_only(viewer)
    return (
        MEMBERSHIPS.queryset(viewer)
        .filter(status=MembershipStatus.REQUESTED)
        .select_related("user", "agency__state")
        .only(
            "created_at",
            "role",
            "requested_via",
            "user__full_name",
            "user__email",
            "agency__name",
            "agency__state__usps",
        )
        .order_by("created_at", "id")
    )


def membership_recently_decided(*, viewer: User, limit: int = 20) -> list[AgencyMembership]:
    """The latest verified or refused memberships, newest first (program staff only)."""
    _staff_only(viewer)
    return list(
        MEMBERSHIPS.queryset(viewer)
        .filter(status__in=[MembershipStatus.VERIFIED, MembershipStatus.REFUSED])
        .select_related("user", "agency__state", "verified_by")
        .order_by("-updated_at", "-id")[:limit]
    )


def membership_for_staff(*, viewer: User, pk: Any) -> AgencyMembership:
    """One membership for program staff; 404 for anyone else or an unknown id."""
    _staff_only(viewer)
    try:
        pk = int(str(pk))
    except ValueError:
        raise Http404("No such membership.") from None
    if not 0 < pk < 2**63:  # what the database can hold
        raise Http404("No such membership.")
    found = (
        MEMBERSHIPS.queryset(viewer)
        .select_related("user", "agency__state", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such membership.")
    return found


def membership_history(*, viewer: User, membership: AgencyMembership) -> list[Event]:
    """The membership's events (requested, evidence, verified...), oldest first (staff only)."""
    _staff_only(viewer)
    return list(Event.objects.for_target(membership).select_related("actor"))


def other_memberships_of(*, viewer: User, membership: AgencyMembership) -> list[AgencyMembership]:
    """The same person's other memberships, past and present (staff only)."""
    _staff_only(viewer)
    return list(
        MEMBERSHIPS.queryset(viewer)
        .filter(user_id=membership.user_id)
        .exclude(pk=membership.pk)
        .select_related("agency__state")
    )


def agency_verified_members(*, viewer: User, agency) -> list[AgencyMembership]:
    """The agency's verified members (staff only): who already speaks for it."""
    _staff_only(viewer)
    return list(
        MEMBERSHIPS.queryset(viewer)
        .filter(agency=agency, status=MembershipStatus.VERIFIED)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
