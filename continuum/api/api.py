"""The Continuum API: one NinjaAPI mounted at /api/, version 1 under /api/v1/.

- /api/openapi.json  the OpenAPI 3 schema (public)
- /api/docs/         the reference for people, rendered from the same schema
                     (`continuum.api.reference`; Swagger UI fails WCAG 2.1 AA, so it is off)
- /api/v1/...        the endpoints; every call needs `Authorization: Bearer <token>` (401 without)

Django's LoginRequiredMiddleware would send anonymous callers to the sign-in page, so every
URL of this API is marked `login_not_required` (`api_urls`) and the access map lists the whole
`api-1.0.0:*` namespace as public: authentication is ninja's job here (`ApiTokenAuth`), and
rights on each object are checked by the same permissions and selectors the pages use.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

from .auth import ApiTokenAuth

api = NinjaAPI(
    title="Continuum API",
    version="1.0.0",
    description=(
        "Requests for technical assistance from the Collaborative Reform Initiative. "
        "Authenticate with `Authorization: Bearer <token>`; make a token on the "
        "“API tokens” page of your account. You see and do only what you may in the browser: "
        "a request you may not see answers 404."
    ),
    auth=ApiTokenAuth(),
    openapi_url="/openapi.json",
    docs_url=None,
)


def validation_error_details(error: DjangoValidationError) -> list[dict]:
    """A Django ValidationError in the shape ninja uses for 422 answers."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": message, "type": "value_error"} for message in error.messages]


@api.exception_handler(DjangoValidationError)
def on_validation_error(request, error: DjangoValidationError):
    return api.create_response(request, {"detail": validation_error_details(error)}, status=422)


@api.exception_handler(TransitionNotAllowed)
def on_transition_not_allowed(request, error: TransitionNotAllowed):
    return api.create_response(request, {"detail": str(error)}, status=409)


@api.exception_handler(TransitionForbidden)
def on_transition_forbidden(request, error: TransitionForbidden):
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error: PermissionDenied):
    message = str(error) or "You do not have permission to do this."
    return api.create_response(request, {"detail": message}, status=403)


def _register_routers() -> None:
    from continuum.intake.api import router as intake_router

    api.add_router("/v1/", intake_router)


_register_routers()


def _mark_public(patterns) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark_public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)


def api_urls():
    """`api.urls` with every view marked `login_not_required` (ninja authenticates instead)."""
    patterns, app_name, namespace = api.urls
    _mark_public(patterns)
    return patterns, app_name, namespace
