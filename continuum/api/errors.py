"""How the API answers when something goes wrong: always JSON `{"detail": ...}`, the right status.

`install_error_handlers(api)` registers one handler per kind of failure on the NinjaAPI:

| what went wrong                                        | status | detail                      |
|--------------------------------------------------------|--------|-----------------------------|
| the body is not JSON, or not valid Unicode             | 400    | a sentence                  |
| no token, or a bad one                                 | 401    | a sentence                  |
| the caller may not take this action on this object     | 403    | a sentence                  |
| the object does not exist, or the caller may not see it| 404    | a sentence                  |
| the object's state refuses the action                  | 409    | a sentence                  |
| the body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE    | 413    | a sentence                  |
| a field is missing or wrong                            | 422    | a list of {loc, msg, type}  |
| a bug                                                  | 500    | a sentence (logged in full) |

Field errors never echo the input back (it may be megabytes long, or not printable).
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from continuum.core.validation import text_problem
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

logger = logging.getLogger("continuum.api")


class BodyNotText(ValueError):
    """A JSON body whose strings cannot be stored as text (an unpaired surrogate, NUL)."""


class StrictJSONParser(Parser):
    """JSON bodies whose every string (keys included) is valid, storable Unicode."""

    def parse_body(self, request):
        data = json.loads(request.body)
        _check_strings(data)
        return data


def _check_strings(value) -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem and "\x00" not in value:  # NUL is a field error (422), named per field
            raise BodyNotText(problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)


def validation_error_details(error: DjangoValidationError, where: str = "body") -> list[dict]:
    """A Django ValidationError in the shape ninja uses for 422 answers."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": [where, field], "msg": message, "type": "value_error"}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"loc": [where], "msg": message, "type": "value_error"} for message in error.messages]


def _field_errors(errors: list[dict]) -> list[dict]:
    tidy = []
    for error in errors:
        message = str(error.get("msg", ""))
        message = message.removeprefix("Value error, ")
        tidy.append({"loc": list(error.get("loc", [])), "msg": message, "type": error.get("type")})
    return tidy


def _body_problem(error: HttpError) -> str | None:
    """A plain sentence for a body ninja could not parse, from the parser's own exception."""
    cause = error.__cause__
    if isinstance(cause, BodyNotText):
        return _("The request body cannot be read: %(problem)s") % {"problem": cause}
    if isinstance(cause, UnicodeDecodeError):
        return _("The request body is not UTF-8 text. Send JSON encoded as UTF-8.")
    if isinstance(cause, json.JSONDecodeError):
        return _(
            "The request body is not valid JSON: %(problem)s (line %(line)s, column %(column)s)."
        ) % {"problem": cause.msg, "line": cause.lineno, "column": cause.colno}
    return None


def install_error_handlers(api: NinjaAPI) -> None:
    def answer(request, status: int, detail, **headers):
        response = api.create_response(request, {"detail": detail}, status=status)
        for name, value in headers.items():
            response[name.replace("_", "-")] = value
        return response

    @api.exception_handler(NinjaValidationError)
    def on_invalid_input(request, error: NinjaValidationError):
        return answer(request, 422, _field_errors(error.errors))

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request, error: DjangoValidationError):
        return answer(request, 422, validation_error_details(error))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, error: AuthenticationError):
        message = _(
            "Send a valid API token in the Authorization header: “Bearer <token>”. Make one on "
            "the “API tokens” page of your account."
        )
        return answer(request, 401, message, WWW_Authenticate="Bearer")

    @api.exception_handler(HttpError)
    def on_http_error(request, error: HttpError):
        if error.status_code == 400:
            return answer(request, 400, _body_problem(error) or str(error))
        return answer(request, error.status_code, str(error))

    @api.exception_handler(TransitionNotAllowed)
    def on_transition_not_allowed(request, error: TransitionNotAllowed):
        return answer(request, 409, str(error))

    @api.exception_handler(TransitionForbidden)
    def on_transition_forbidden(request, error: TransitionForbidden):
        return answer(request, 403, str(error))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, error: PermissionDenied):
        return answer(request, 403, str(error) or _("You do not have permission to do this."))

    @api.exception_handler(Http404)
    def on_not_found(request, error: Http404):
        return answer(request, 404, _("Not found: nothing here, or nothing you may see."))

    @api.exception_handler(RequestDataTooBig)
    def on_body_too_big(request, error: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _(
            "The request body is too large: send at most %(limit)s bytes (%(megabytes)s MB)."
        ) % {"limit": f"{limit:,}", "megabytes": f"{limit / 1_000_000:.1f}"}
        return answer(request, 413, message)

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request, error: SuspiciousOperation):
        logging.getLogger("django.security").warning("API: %s", error)
        return answer(request, 400, _("This request cannot be read. Check its headers and body."))

    @api.exception_handler(Exception)
    def on_bug(request, error: Exception):
        logger.exception("API: unhandled error on %s %s", request.method, request.path)
        message = _(
            "Something went wrong on our side. Try again later; if it keeps happening, tell "
            "the program office."
        )
        return answer(request, 500, message)
