"""The Continuum API: one NinjaAPI mounted at /api/, version 1 under /api/v1/.

- /api/openapi.json  the OpenAPI 3 schema (public)
- /api/docs/         the reference for people, rendered from the same schema
                     (`continuum.api.reference`; Swagger UI fails WCAG 2.1 AA, so it is off)
- /api/v1/...        the endpoints; every call needs `Authorization: Bearer <token>` (401 without)
- /api/v1/public/... what the public portal publishes: no token (`continuum.reporting.api`)

Django's LoginRequiredMiddleware would send anonymous callers to the sign-in page, so every
URL of this API is marked `login_not_required` (`api_urls`). The access map names each
operation (`Access.API_OPERATION`): authentication is ninja's job here (`ApiTokenAuth`), and rights
on each object are checked by the same permissions and selectors the pages use.

Every operation has an explicit `operation_id`, used as its URL name too, so the access map,
the URL walk and the schema all call it by the same name. Every error answers JSON
`{"detail": ...}` through the handlers of `continuum.api.errors`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from .auth import ApiTokenAuth
from .errors import StrictJSONParser, install_error_handlers

#: The URL namespace django-ninja gives this API's URLs.
URL_NAMESPACE = "api-1.0.0"


class SchemaOnceNinjaAPI(NinjaAPI):
    """A NinjaAPI that builds its OpenAPI schema once per process (issue 8): the schema only
    changes with the code, and building it through pydantic took 43-50 ms per request.
    `/api/openapi.json`, `/api/docs/` and the access map all read the one built here."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schemas = self.__dict__.setdefault("_built_schemas", {})
        if path_prefix not in schemas:
            schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return schemas[path_prefix]

    def schema_digest(self) -> str:
        """A short digest of the schema: changes exactly when a deploy changes the API."""
        if "_schema_digest" not in self.__dict__:
            text = json.dumps(self.get_openapi_schema(), sort_keys=True, default=str)
            self.__dict__["_schema_digest"] = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self.__dict__["_schema_digest"]


def _schema_from_the_page_cache(view):
    """`/api/openapi.json` answers anonymous callers from the public page cache (ADR 0013), keyed
    on the schema's digest like the API reference: the schema is built once per process, but
    writing its 100+ KB of JSON again for every request kept it at 30 % of the bare view."""
    from continuum.core.cache import public_page

    def openapi_json(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return public_page("api", key_extra=lambda: api.schema_digest())(openapi_json)


api = SchemaOnceNinjaAPI(
    title="Continuum API",
    version="1.0.0",
    description=(
        "Requests for technical assistance from the Collaborative Reform Initiative. "
        "Authenticate with `Authorization: Bearer <token>`; make a token on the "
        "“API tokens” page of your account. You see and do only what you may in the browser: "
        "a request you may not see answers 404. Every error answers JSON with a `detail`. "
        "The public API under `/api/v1/public/` (published progress reports, the national "
        "dashboard) needs no token."
    ),
    auth=ApiTokenAuth(),
    openapi_url="/openapi.json",
    docs_url=None,
    docs_decorator=_schema_from_the_page_cache,
    parser=StrictJSONParser(),
)
install_error_handlers(api)


def _register_routers() -> None:
    from continuum.engagements.api import router as engagements_router
    from continuum.intake.api import router as intake_router
    from continuum.reporting.api import router as public_router

    api.add_router("/v1/", intake_router)
    api.add_router("/v1/", engagements_router)
    # /api/v1/public/...: the public portal's material, no token (`auth=None`, issue 10 §6)
    api.add_router("/v1/", public_router)


_register_routers()


@dataclass(frozen=True)
class ApiOperation:
    """One operation of the schema: its name (operationId = URL name), method and path."""

    name: str
    method: str
    path: str
    authenticated: bool

    @property
    def url_name(self) -> str:
        return f"{URL_NAMESPACE}:{self.name}"


def api_operations() -> list[ApiOperation]:
    """Every operation of the OpenAPI schema, in schema order."""
    schema = api.get_openapi_schema()
    default_security = schema.get("security")
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            security = operation.get("security", default_security)
            found.append(
                ApiOperation(
                    name=operation.get("operationId", ""),
                    method=method.upper(),
                    path=path,
                    authenticated=bool(security),
                )
            )
    return found


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
