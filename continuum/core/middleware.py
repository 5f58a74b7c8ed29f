"""Responses that must not be kept by browsers or shared caches: `Cache-Control: no-store`.

- every response to a signed-in person (their pages show their name, their agency's work, and
  forms with their CSRF token), and
- every response of the API under /api/ (bearer-token callers; errors included), except the
  public schema and the API reference, which are the same for everyone.

Public pages seen by anonymous visitors keep whatever cacheability their view gives them.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

#: The URL prefix of the API (see config/urls.py).
API_PREFIX = "/api/"
#: URL names under /api/ that are public documents, the same for every caller.
PUBLIC_API_DOCUMENTS = frozenset({"api-1.0.0:openapi-json", "api_reference"})


def is_private_response(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.path_info.startswith(API_PREFIX):
        match = getattr(request, "resolver_match", None)
        return not (match and match.view_name in PUBLIC_API_DOCUMENTS)
    return False


class NoStoreMiddleware:
    """Adds `Cache-Control: no-store` (with Django's never-cache set) to private responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private_response(request):
            add_never_cache_headers(response)
        return response
