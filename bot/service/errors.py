"""One JSON error shape for every failure: `{"error": {"code": ..., "message": ...}}`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypedDict

from flask import Flask, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException

from ..conversations.ids import UnknownReply, UnknownSession
from ..store import StoreError
from ..support.casework import NothingToHandBack, TriageError
from ..support.reports import RangeError

log = logging.getLogger(__name__)

# Codes for the HTTP errors Flask and its extensions raise themselves.
HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Sign-in is required."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("body_too_large", "The request body is larger than the service accepts."),
    414: ("uri_too_long", "The request line is longer than the service accepts."),
    415: ("unsupported_media_type", "Send the body as JSON with Content-Type: application/json."),
    417: ("expectation_failed", "The service cannot meet the request's Expect header."),
    429: ("rate_limited", "Too many requests from this client."),
    431: ("headers_too_large", "The request has more headers, or longer ones, than the service accepts."),
    500: ("internal_error", "Something went wrong on our side. Please try again."),
    501: ("not_implemented", "The request uses a transfer coding the service does not implement."),
    503: ("unavailable", "The service is temporarily unavailable. Please try again shortly."),
}


class ErrorDetail(TypedDict):
    """What went wrong: a stable code to act on and a message for people."""

    code: str
    message: str


class ErrorBody(TypedDict):
    """The one shape of every failure."""

    error: ErrorDetail


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
        message = (
            f"The request body is larger than the {current_app.config['MAX_CONTENT_LENGTH']} bytes the service accepts."
        )
    elif status == 429:
        message = f"{default} The limit is {exc.description}; wait a little and try again."
    elif status == 405 and (allowed := getattr(exc, "valid_methods", None)):
        message = f"{default} Allowed: {', '.join(sorted(allowed))}."
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


STORE_RETRY_SECONDS = 5
"""What a 503 for a store that failed tells the client to wait before trying again."""
STORE_DOWN = "Your request could not be saved just now. Please try again in a moment."


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return f"{text[:1].upper()}{text[1:]}."


# The core's refusals, each mapped to the canonical shape once, whichever view meets it.
DOMAIN_ERRORS: dict[type[Exception], Callable[[Exception], ApiError]] = {
    UnknownSession: lambda exc: ApiError(
        404, "unknown_session", "No conversation has this session id. Leave session_id out to start a new one."
    ),
    UnknownReply: lambda exc: ApiError(404, "unknown_reply", "No reply has this reply_id."),
    StoreError: lambda exc: ApiError(503, "store_unavailable", STORE_DOWN),
    # Before TriageError, of which it is a kind: the request is well formed, the conversation is not in that state.
    NothingToHandBack: lambda exc: ApiError(409, "not_with_person", _sentence(exc)),
    TriageError: lambda exc: ApiError(400, "invalid_field", _sentence(exc)),
    RangeError: lambda exc: ApiError(400, "invalid_date", f"Bad date range: {exc}."),
}


def _domain_error(exc: Exception) -> Response:
    for kind, make in DOMAIN_ERRORS.items():
        if isinstance(exc, kind):
            response = _api_error(make(exc))
            if isinstance(exc, StoreError):
                log.error("store unavailable: %s", exc)
                response.headers["Retry-After"] = str(STORE_RETRY_SECONDS)
            return response
    return _unexpected(exc)


def init_app(app: Flask) -> None:
    """Route every error through the canonical shape."""
    app.register_error_handler(ApiError, _api_error)
    for kind in DOMAIN_ERRORS:
        app.register_error_handler(kind, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
