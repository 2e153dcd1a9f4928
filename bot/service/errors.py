"""One JSON error shape for every failure: `{"error": {"code": ..., "message": ...}}`."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Codes for the HTTP errors Flask and its extensions raise themselves.
HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Sign-in is required."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("body_too_large", "The request body is larger than the service accepts."),
    415: ("unsupported_media_type", "Send the body as JSON with Content-Type: application/json."),
    429: ("rate_limited", "Too many requests from this client."),
    500: ("internal_error", "Something went wrong on our side. Please try again."),
    503: ("unavailable", "The service is temporarily unavailable. Please try again shortly."),
}


class ApiError(Exception):
    """An error the client can act on: HTTP status, a stable code and a message for people."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str) -> Response:
    """The canonical error body with its status."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message)


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    code, default = HTTP_CODES.get(status, ("http_error", "The request failed."))
    message = default
    if status == 413:
        message = f"The request body is larger than the {current_app.config['MAX_CONTENT_LENGTH']} bytes the service accepts."
    elif status == 429:
        message = f"{default} The limit is {exc.description}; wait a little and try again."
    elif status == 405 and getattr(exc, "valid_methods", None):
        message = f"{default} Allowed: {', '.join(sorted(exc.valid_methods))}."
    response = error_response(status, code, message)
    for header, value in exc.get_headers():
        if header == "Allow":
            response.headers[header] = value
    return response


def _unexpected(exc: Exception) -> Response:
    # The details go to the log only; the client gets the canonical shape and nothing internal.
    log.exception("unhandled error", exc_info=exc)
    code, message = HTTP_CODES[500]
    return error_response(500, code, message)


def init_app(app: Flask) -> None:
    """Route every error through the canonical shape."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
