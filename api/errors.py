"""One error body for every API answer that is not a success:
`{"error": "<what went wrong>", "errors": {"<field>": ["<message>", ...]}}`."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "Bad request.",
    401: "Authentication required.",
    403: "You may not do that.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Conflict.",
    422: "Invalid input.",
    429: "Too many requests: please wait a moment, then try again.",
}


class ApiError(Exception):
    """Raised by an endpoint for an answer other than success."""

    def __init__(self, status: int, message: str = "", errors: dict | None = None, headers=None):
        super().__init__(message or MESSAGES.get(status, ""))
        self.status = status
        self.message = message or MESSAGES.get(status, "Error.")
        self.errors = errors or {}
        self.headers = headers or {}


def error_response(status, message="", errors=None, headers=None):
    body = {"error": message or MESSAGES.get(status, "Error."), "errors": errors or {}}
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_name(location) -> str:
    """("query", "page") -> "page"; ("body", "payload", "lines", 0, "quantity") ->
    "lines.0.quantity"; a whole-body problem is "__all__"."""
    parts = [str(part) for part in location[1:]]
    if parts and parts[0] in {"payload", "data", "body"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def validation_errors(errors) -> dict:
    fields: dict[str, list[str]] = {}
    for error in errors:
        message = error.get("msg", "Invalid value.")
        fields.setdefault(field_name(error.get("loc", ())), []).append(message)
    return fields


def install(api):
    """Replace django-ninja's handlers, whose bodies differ (`detail`), with ours."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.status, exc.message, exc.errors, exc.headers)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        return error_response(422, MESSAGES[422], validation_errors(exc.errors))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return error_response(429, headers={"Retry-After": str(int(exc.wait or 60))})

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(401)

    @api.exception_handler(AuthorizationError)
    def forbidden(request, exc):
        return error_response(403)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return error_response(403, str(exc) or MESSAGES[403])

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # ninja's own: an unreadable body (400), a wrong method; never the server's fault.
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        return error_response(status, str(exc) or MESSAGES.get(status, ""))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404)


def not_found_view(request, *args, **kwargs):
    """Any other path under the API: JSON, not the site's HTML 404 page."""
    return error_response(404, "No such endpoint.")
