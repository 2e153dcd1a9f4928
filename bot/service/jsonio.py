"""Flask's JSON through msgspec: the core's shapes (Structs and typed dicts) encode as they are, and quickly."""

from __future__ import annotations

from typing import Any, cast

import msgspec
from flask import Response
from flask.json.provider import JSONProvider


class MsgspecJSONProvider(JSONProvider):
    """Encodes and decodes JSON with msgspec; keys keep the order in which a shape declares them."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """`obj` as JSON text."""
        return msgspec.json.encode(obj).decode("utf-8")

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """The value of JSON text."""
        return msgspec.json.decode(s)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """A JSON response of the value given, as `flask.jsonify` makes it."""
        obj = self._prepare_response_obj(args, kwargs)
        response_class = cast(type[Response], self._app.response_class)
        return response_class(msgspec.json.encode(obj), mimetype="application/json")
