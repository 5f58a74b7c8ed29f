"""Answers under /api/ that never reach an operation still answer JSON `{"detail": ...}`.

An address that matches no operation (404, from Django's URL resolver) and a method an address
does not take (405, from django-ninja) would otherwise answer the site's HTML page or plain
text. The API reference for people (/api/docs/) stays a page.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
PAGES_UNDER_THE_API = ("/api/docs/",)


def _messages() -> dict[int, str]:
    return {
        404: _("Not found: no operation of the API has this address. See /api/openapi.json."),
        405: _("This address does not take the %(method)s method. It takes: %(allowed)s."),
    }


class ApiErrorsAsJsonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if (
            response.status_code in (404, 405)
            and path.startswith(API_PREFIX)
            and not path.startswith(PAGES_UNDER_THE_API)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            message = _messages()[response.status_code] % {
                "method": request.method,
                "allowed": allowed,
            }
            json_response = JsonResponse({"detail": message}, status=response.status_code)
            if allowed:
                json_response["Allow"] = allowed
            return json_response
        return response
