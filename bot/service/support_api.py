"""The support team's JSON API under /api/v1/triage, for integrations holding a per-agent Bearer token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from ..support import casework
from ..conversations.ids import UnknownSession
from . import auth
from .errors import ApiError
from .payload import json_body, path_id, text_field
from .support_pages import date_range, groups, low_confidence, store

bp = Blueprint("triage_api", __name__, url_prefix="/api/v1/triage")
UNKNOWN = "No conversation has this session id."


@bp.before_request
def _token() -> None:
    g.agent = auth.bearer_agent()


def _run(action: Any) -> Any:
    """Call the core, turning its refusals into canonical errors."""
    try:
        return action()
    except UnknownSession:
        raise ApiError(404, "unknown_session", UNKNOWN) from None
    except casework.TriageError as exc:
        raise ApiError(400, "invalid_field", f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None


@bp.get("/queue")
def queue() -> Response:
    args = request.args
    page = _run(lambda: casework.queue(store(), low_confidence(), args.get("filter") or None,
                                       args.get("status") or None, args.get("next") or None))
    return jsonify({"count": len(page["items"]), "items": page["items"], "next": page["next"]})


@bp.get("/items/<session_id>")
def item(session_id: str) -> Response:
    return jsonify(_run(lambda: casework.item(store(), path_id(session_id), low_confidence())))


@bp.post("/items/<session_id>")
def update(session_id: str) -> Response:
    body = json_body({"status", "assignee", "labels"})
    labels = body.get("labels")
    if labels is not None and (not isinstance(labels, list) or not all(isinstance(x, str) for x in labels)):
        raise ApiError(400, "invalid_field", "The field 'labels' must be a list of strings.")
    for name in ("status", "assignee"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise ApiError(400, "invalid_field", f"The field '{name}' must be a string.")
    sid = path_id(session_id)
    _run(lambda: casework.update(
        store(), sid, g.agent, status=body.get("status"), assignee=body.get("assignee"),
        labels=labels))
    return jsonify(_run(lambda: casework.item_summary(store(), sid)))


def _text() -> str:
    body = json_body({"text"})
    return text_field(body, "text", max_length=current_app.config["COMMENT_MAX_CHARS"], required=True)


@bp.post("/items/<session_id>/notes")
def note(session_id: str) -> tuple[Response, int]:
    sid, text = path_id(session_id), _text()
    _run(lambda: casework.add_note(store(), sid, g.agent, text))
    return jsonify({"session_id": sid, "note": text, "agent": g.agent.name}), 201


@bp.post("/items/<session_id>/reply")
def reply(session_id: str) -> tuple[Response, int]:
    sid, text = path_id(session_id), _text()
    return jsonify(_run(lambda: casework.reply(store(), sid, g.agent, text))), 201


@bp.get("/gaps")
def gaps() -> Response:
    first, last = date_range()
    found = groups(first, last)
    return jsonify({"from": first.isoformat(), "to": last.isoformat(), "count": len(found), "groups": found})
