"""Who may see API tokens: their owner alone (administrators included: a key is personal)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from continuum.core.policy import NOTHING, Audience, Policy, is_active_user, register

from .models import ApiToken


class ApiTokenPolicy(Policy):
    model = ApiToken
    rules = ("revoke",)
    default_event_audience = Audience.STAFF

    def visible_to(self, user: Any) -> Q:
        return Q(user_id=user.pk) if is_active_user(user) else NOTHING

    def view(self, user: Any, token: ApiToken) -> bool:
        return is_active_user(user) and token.user_id == user.pk

    def revoke(self, user: Any, token: ApiToken) -> bool:
        return self.view(user, token) and token.is_active


TOKENS = register(ApiTokenPolicy())
