"""Every write to accounts, their role flags and provider memberships."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden

from ..models import ProviderMembership, User


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    password: str | None,
    title: str = "",
    is_program_staff: bool = False,
    is_expert: bool = False,
    is_administrator: bool = False,
) -> User:
    """Create an account. Administrators also get the administration site (`is_staff`)."""
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        title=title,
        is_program_staff=is_program_staff,
        is_expert=is_expert,
        is_superuser=is_administrator,
        is_staff=is_administrator,
    )
    event_record(actor=actor, verb="account_created", target=user, internal=True)
    return user


@transaction.atomic
def user_roles_set(
    *,
    actor: User | None,
    user: User,
    is_program_staff: bool,
    is_expert: bool,
    is_administrator: bool,
) -> User:
    """Set the role flags of an account; records an event only when something changed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = {
        "is_program_staff": is_program_staff,
        "is_expert": is_expert,
        "is_superuser": is_administrator,
        "is_staff": is_administrator,
    }
    changed = {name: value for name, value in wanted.items() if getattr(user, name) != value}
    if not changed:
        return user
    for name, value in changed.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changed))
    event_record(
        actor=actor, verb="account_roles_changed", target=user, internal=True, data=changed
    )
    return user


PROFILE_FIELDS = ("full_name", "title", "phone")


@transaction.atomic
def user_profile_update(*, actor: User, user: User, full_name: str, title: str, phone: str) -> User:
    """A person changes their own name, title and phone number (never anyone else's)."""
    if actor.pk != user.pk:
        raise TransitionForbidden(_("You can change only your own profile."))
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = {
        "full_name": (full_name or "").strip(),
        "title": (title or "").strip(),
        "phone": (phone or "").strip(),
    }
    changed = [name for name in PROFILE_FIELDS if getattr(user, name) != wanted[name]]
    if not changed:
        return user
    for name in changed:
        setattr(user, name, wanted[name])
    user.full_clean(exclude=["password"])
    user.save(update_fields=changed)
    event_record(
        actor=actor, verb="profile_updated", target=user, internal=True, data={"fields": changed}
    )
    return user


@transaction.atomic
def user_password_set(*, actor: User | None, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    event_record(actor=actor, verb="account_password_set", target=user, internal=True)
    return user


@transaction.atomic
def provider_membership_set(
    *, actor: User | None, user: User, organization, role: str
) -> ProviderMembership:
    """Make `user` work for the provider `organization` in `role` (one organization at most)."""
    membership = ProviderMembership.objects.filter(user=user).select_for_update().first()
    if membership and membership.organization_id == organization.pk and membership.role == role:
        return membership
    membership = membership or ProviderMembership(user=user)
    membership.organization = organization
    membership.role = role
    membership.full_clean()
    membership.save()
    event_record(
        actor=actor,
        verb="provider_membership_set",
        target=user,
        internal=True,
        data={"organization": organization.pk, "role": role},
    )
    return membership


def sign_in_failures_clear(*, user: User) -> int:
    """Forget failed sign-in attempts for the account (after a password reset by email)."""
    return axes_reset(username=user.email)
