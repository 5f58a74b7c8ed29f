"""Token authentication for the API: `Authorization: Bearer <key>`.

A missing, unknown or revoked key, or a turned-off account, answers 401. The token's owner
becomes `request.user` for the call, so every selector and permission check sees the same
person they would see in the browser.
"""

from __future__ import annotations

from ninja.security import HttpBearer

from .selectors import api_token_for_key
from .services import api_token_touch


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = api_token_for_key(token.strip())
        if api_token is None:
            return None
        api_token_touch(token=api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user
