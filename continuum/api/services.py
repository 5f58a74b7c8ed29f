"""Every write to API tokens: issue, revoke, and the last-used stamp."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record

from .models import ApiToken

KEY_PREFIX = "cnt_"
#: How many tokens one person may hold at once (revoked ones do not count).
ACTIVE_TOKENS_MAX = 10
#: The last-used stamp is written at most this often per token (spares a write per call).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_hash(key: str) -> str:
    """The stored form of a key. Keys are 256-bit random strings, so SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    #: The key itself: show it once, it is never stored.
    key: str


@transaction.atomic
def api_token_issue(*, actor, user, name: str) -> IssuedToken:
    """Make a new token for `user`. `actor` is the user themselves, or None for the command line."""
    if actor is not None and actor.pk != user.pk:
        raise ValidationError(_("You can only make API tokens for your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is turned off, so it cannot have API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as the system that uses it."})
    # Lock the person's row so two requests at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.active().filter(user=user).count() >= ACTIVE_TOKENS_MAX:
        raise ValidationError(
            f"You already have {ACTIVE_TOKENS_MAX} API tokens. Revoke one you no longer use first."
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_prefix=key[:12], key_hash=key_hash(key))
    token.full_clean()
    token.save()
    event_record(actor=actor, verb="api_token_issued", target=token, internal=True)
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Turn a token off for good. Revoking a revoked token changes nothing."""
    if actor is not None and actor.pk != token.user_id and not actor.is_superuser:
        raise ValidationError(_("You can only revoke your own API tokens."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    event_record(actor=actor, verb="api_token_revoked", target=locked, internal=True)
    token.revoked_at = locked.revoked_at
    return locked


def api_token_touch(*, token: ApiToken, now=None) -> None:
    """Stamp when the token was last used (bookkeeping, not a domain change: no event)."""
    now = now or timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
