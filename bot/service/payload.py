"""Reads a request's JSON body and its fields, refusing anything malformed with a precise ApiError."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from ..conversations.ids import ID_PATTERN
from .errors import ApiError



def json_body(allowed: set[str]) -> dict[str, Any]:
    """The request body as a JSON object holding only `allowed` fields."""
    if request.mimetype and request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_utf8", f"The body is not valid UTF-8 (byte {exc.start}).") from None
    if not text.strip():
        raise ApiError(400, "invalid_json", "The body is empty; send a JSON object.")
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"The body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "The body must be a JSON object.")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(400, "unknown_field", f"Unknown field(s): {', '.join(unknown)}. Accepted: {', '.join(sorted(allowed))}.")
    return body


def text_field(body: dict[str, Any], name: str, *, max_length: int, required: bool = False) -> str | None:
    """A string field; blank counts as missing; longer than `max_length` characters is refused."""
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "missing_field", f"The field '{name}' is required.")
        return None
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", f"The field '{name}' must be a string.")
    value = value.strip()
    if not value:
        if required:
            raise ApiError(400, "missing_field", f"The field '{name}' is empty.")
        return None
    if len(value) > max_length:
        raise ApiError(400, "too_long", f"The field '{name}' is {len(value)} characters long; the limit is {max_length}.")
    return value


def id_field(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """An identifier the service handed out earlier (sessions, replies)."""
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "missing_field", f"The field '{name}' is required.")
        return None
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ApiError(400, "invalid_field", f"The field '{name}' must be an id as returned by this service.")
    return value


def bool_field(body: dict[str, Any], name: str) -> bool:
    """A required true/false field."""
    value = body.get(name)
    if value is None:
        raise ApiError(400, "missing_field", f"The field '{name}' is required.")
    if not isinstance(value, bool):
        raise ApiError(400, "invalid_field", f"The field '{name}' must be true or false.")
    return value


def path_id(value: str, name: str = "session_id") -> str:
    """An identifier taken from the URL path; malformed ones are refused like a body field."""
    if not ID_PATTERN.match(value):
        raise ApiError(400, "invalid_field", f"The {name} in the address must be an id as returned by this service.")
    return value
