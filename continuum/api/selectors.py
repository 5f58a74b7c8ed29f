"""Reads of API tokens."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import ApiToken
from .services import KEY_PREFIX, key_hash


def api_tokens_of(*, viewer):
    """The viewer's own tokens, newest first (revoked ones too, as a record)."""
    return ApiToken.objects.filter(user=viewer)


def api_token_of_viewer(*, viewer, pk: int) -> ApiToken:
    """One of the viewer's own tokens; anyone else's answers 404."""
    return get_object_or_404(ApiToken, pk=pk, user=viewer)


def api_token_for_key(key: str) -> ApiToken | None:
    """The active token whose key this is, with its user, or None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    return (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=key_hash(key), user__is_active=True)
        .first()
    )
