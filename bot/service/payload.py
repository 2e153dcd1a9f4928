"""Reads a request's JSON body and its fields, refusing anything malformed with a precise ApiError."""

from __future__ import annotations

import functools
import json
import logging
from typing import Any, TypeVar

import msgspec
import msgspec.inspect
from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException

from ..conversations.ids import ID_PATTERN
from .errors import ApiError
from .requests import LIMITS

S = TypeVar("S", bound=msgspec.Struct)
log = logging.getLogger(__name__)


def read_body() -> None:
    """Read the whole body (within MAX_CONTENT_LENGTH) before any view does; a body that cannot be read is a 400.

    A malformed chunked encoding or a client that hangs up half-way fails inside the server's input stream, with
    whatever exception that server raises; read here, once, it is the client's error in the canonical shape,
    and the JSON parser and the form parser both read the cached bytes.
    """
    try:
        request.get_data(cache=True, parse_form_data=False)
    except HTTPException:
        raise
    except Exception as exc:
        log.info("request body unreadable: %s: %s", type(exc).__name__, exc)
        raise ApiError(400, "bad_request", "The request body could not be read: its framing is malformed.") from None


def init_app(app: Flask) -> None:
    """Read every request's body up front."""
    app.before_request(read_body)


def json_body(allowed: set[str]) -> dict[str, Any]:
    """The request body as a JSON object holding only `allowed` fields.

    The body must be declared as JSON: a request without Content-Type is refused, so that a page on another
    site cannot post into the API with a "simple" cross-site request that no CORS preflight checks.
    """
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
    raw = request.get_data(cache=True)
    try:
        # The usual body, an object of text, true, false and null, in one pass: msgspec refuses invalid UTF-8 and
        # lone surrogate escapes as the checks below do. Anything it refuses is read again below, which says why.
        body = _flat_object().decode(raw)
    except msgspec.DecodeError:
        body = _checked_object(raw)
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(
            400, "unknown_field", f"Unknown field(s): {', '.join(unknown)}. Accepted: {', '.join(sorted(allowed))}."
        )
    return body


@functools.cache
def _flat_object() -> msgspec.json.Decoder[dict[str, str | bool | None]]:
    return msgspec.json.Decoder(dict[str, str | bool | None])


def _checked_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, each way in which it is not one refused with its own error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_utf8", f"The body is not valid UTF-8 (byte {exc.start}).") from None
    if not text.strip():
        raise ApiError(400, "invalid_json", "The body is empty; send a JSON object.")
    body = _decode(text)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "The body must be a JSON object.")
    for name, value in body.items():
        if not _is_text(name):
            raise ApiError(400, "invalid_json", "A field name holds a lone surrogate escape, which is not text.")
        if not _is_text(value):
            raise ApiError(
                400,
                "invalid_field",
                f"The field '{name}' holds a lone surrogate escape (such as \\ud800), which is not text.",
            )
    return body


MAX_DIGITS = 100
"""No field takes a number; one this long is refused before Python spends time converting it."""


class _Refused(ValueError):
    """A JSON value the body may not hold; the message says which."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number")


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number of more than {MAX_DIGITS} digits")
    return int(digits)


def _decode(text: str) -> Any:
    """JSON text as a value; what the standard refuses, or what cannot be held safely, is a 400."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400, "invalid_json", f"The body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}."
        ) from None
    except RecursionError:
        raise ApiError(400, "invalid_json", "The body is nested too deeply.") from None
    except _Refused as exc:
        raise ApiError(400, "invalid_json", f"The body holds {exc}.") from None


def _is_text(value: Any) -> bool:
    """Whether every string inside `value` is text UTF-8 can carry (JSON's \\ud800 escapes decode to no character)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def parse(kind: type[S]) -> S:
    """The request body as `kind` (a request shape of `requests`), each field checked with a precise error.

    Text is trimmed; blank text counts as missing; the length limits come from the app's configuration.
    """
    fields, names = _shape(kind)
    body = json_body(set(names))
    limits = {name: int(current_app.config[key]) for name, key in LIMITS.get(kind, {}).items()}
    values: dict[str, Any] = {}
    for field, info, keep_blank in fields:
        value = _field(body, field.encode_name, info, field.required, limits.get(field.name), keep_blank)
        if value is not None:
            values[field.name] = value
    return kind(**values)


@functools.cache
def _shape(
    kind: type[msgspec.Struct],
) -> tuple[tuple[tuple[msgspec.inspect.Field, msgspec.inspect.Type, bool], ...], frozenset[str]]:
    """Each field of a request shape with its plain type and whether it keeps blank text, and the fields' names.

    Read once per shape: inspecting a shape costs more than checking a request body.
    """
    shape = msgspec.inspect.type_info(kind)
    assert isinstance(shape, msgspec.inspect.StructType)
    fields = []
    for field in shape.fields:
        info, extra = _unwrap(field.type)
        fields.append((field, info, bool(extra.get("keep_blank"))))
    return tuple(fields), frozenset(f.encode_name for f in shape.fields)


def _unwrap(info: msgspec.inspect.Type) -> tuple[msgspec.inspect.Type, dict[str, Any]]:
    """A field's type without its annotations and without null (read as absent), and its `Meta.extra`."""
    extra: dict[str, Any] = {}
    while True:
        if isinstance(info, msgspec.inspect.Metadata):
            extra.update(info.extra or {})
            info = info.type
        elif isinstance(info, msgspec.inspect.UnionType):
            kept = [t for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
            if len(kept) != 1:
                return info, extra
            info = kept[0]
        else:
            return info, extra


def _field(
    body: dict[str, Any],
    name: str,
    info: msgspec.inspect.Type,
    required: bool,
    limit: int | None,
    keep_blank: bool = False,
) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "missing_field", f"The field '{name}' is required.")
        return None
    if isinstance(info, msgspec.inspect.BoolType):
        if not isinstance(value, bool):
            raise ApiError(400, "invalid_field", f"The field '{name}' must be true or false.")
        return value
    if isinstance(info, msgspec.inspect.ListType):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ApiError(400, "invalid_field", f"The field '{name}' must be a list of strings.")
        # The shape's limits hold for the list as sent, before blank or repeated items are dropped.
        if info.max_length is not None and len(value) > info.max_length:
            raise ApiError(
                400, "too_long", f"The field '{name}' has {len(value)} items; the limit is {info.max_length}."
            )
        item_limit = getattr(info.item_type, "max_length", None)
        if item_limit is not None and any(len(item) > item_limit for item in value):
            raise ApiError(400, "too_long", f"An item of the field '{name}' is longer than {item_limit} characters.")
        return value
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", f"The field '{name}' must be a string.")
    if isinstance(info, msgspec.inspect.LiteralType):
        # A choice is taken as written, as the OpenAPI document's enum states it: "" or " open" is not a choice.
        if value not in info.values:
            choices = ", ".join(str(choice) for choice in info.values)
            raise ApiError(400, "invalid_field", f"The field '{name}' must be one of: {choices}.")
        return value
    if isinstance(info, msgspec.inspect.StrType) and info.pattern == ID_PATTERN.pattern:
        if not ID_PATTERN.match(value):
            raise ApiError(400, "invalid_field", f"The field '{name}' must be an id as returned by this service.")
        return value
    # The limit holds for the text as sent, as the OpenAPI document states it: before trimming, so that no text
    # longer than the limit is taken (2,001 spaces are not an absent comment).
    if limit is not None and len(value) > limit:
        raise ApiError(400, "too_long", f"The field '{name}' is {len(value)} characters long; the limit is {limit}.")
    value = value.strip()
    if not value and not keep_blank:
        if required:
            raise ApiError(400, "missing_field", f"The field '{name}' is empty.")
        return None
    return value


def path_id(value: str, name: str = "session_id") -> str:
    """An identifier taken from the URL path; malformed ones are refused like a body field."""
    if not ID_PATTERN.match(value):
        raise ApiError(400, "invalid_field", f"The {name} in the address must be an id as returned by this service.")
    return value
