"""The support team's JSON API under /api/v1/triage, for integrations holding a per-agent Bearer token."""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from ..support import casework
from . import auth
from .payload import parse, path_id
from .requests import TriageText, TriageUpdate
from .support_pages import date_range, groups, low_confidence, store

bp = Blueprint("triage_api", __name__, url_prefix="/api/v1/triage")


@bp.before_request
def _token() -> None:
    g.agent = auth.bearer_agent()


@bp.get("/queue")
def queue() -> Response:
    args = request.args
    return jsonify(
        casework.queue(
            store(), low_confidence(), args.get("filter") or None, args.get("status") or None, args.get("next") or None
        )
    )


@bp.get("/items/<session_id>")
def item(session_id: str) -> Response:
    return jsonify(casework.item(store(), path_id(session_id), low_confidence()))


@bp.post("/items/<session_id>")
def update(session_id: str) -> Response:
    sid = path_id(session_id)
    body = parse(TriageUpdate)
    casework.update(store(), sid, g.agent, status=body.status, assignee=body.assignee, labels=body.labels)
    return jsonify(casework.item_summary(store(), sid))


@bp.post("/items/<session_id>/handback")
def hand_back(session_id: str) -> Response:
    return jsonify(casework.hand_back(store(), path_id(session_id), g.agent))


@bp.post("/items/<session_id>/notes")
def note(session_id: str) -> tuple[Response, int]:
    sid, text = path_id(session_id), parse(TriageText).text
    casework.add_note(store(), sid, g.agent, text)
    return jsonify({"session_id": sid, "note": text, "agent": g.agent.name}), 201


@bp.post("/items/<session_id>/reply")
def reply(session_id: str) -> tuple[Response, int]:
    sid, text = path_id(session_id), parse(TriageText).text
    return jsonify(casework.reply(store(), sid, g.agent, text)), 201


@bp.get("/gaps")
def gaps() -> Response:
    first, last = date_range()
    found = groups(first, last)
    return jsonify({"from": first.isoformat(), "to": last.isoformat(), "count": len(found), "groups": found})
