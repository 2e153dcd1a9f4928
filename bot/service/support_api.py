"""The support team's JSON API under /api/v1/triage, for integrations holding a per-agent Bearer token."""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from ..support import casework
from ..support import gaps as gap_tools
from ..support.shapes import DismissalUndone
from . import auth
from .errors import ApiError
from .payload import parse, path_id
from .requests import TriageText, TriageUpdate
from .support_pages import date_range, dismissal_number, gap_draft, gap_group, gap_report, low_confidence, store

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
    found = gap_report(first, last)
    return jsonify(
        {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "count": len(found["groups"]),
            "groups": found["groups"],
            "dismissed": found["dismissed"],
        }
    )


@bp.get("/gaps/<key>/draft")
def draft(key: str) -> Response:
    return jsonify(gap_draft(key))


@bp.post("/gaps/<key>/dismiss")
def dismiss_gap(key: str) -> tuple[Response, int]:
    found = gap_group(key)
    dismissal_id = gap_tools.dismiss(store(), found, g.agent.id)
    [view] = [d for d in gap_tools.dismissals(store()) if d["id"] == dismissal_id]
    return jsonify(view), 201


@bp.post("/gaps/dismissals/<dismissal_id>/undo")
def undo_dismissal(dismissal_id: str) -> Response:
    if not store().undo_gap_dismissal(dismissal_number(dismissal_id), g.agent.id):
        raise ApiError(404, "unknown_dismissal", "No dismissal in force has this id.")
    undone: DismissalUndone = {"id": dismissal_number(dismissal_id), "undone": True}
    return jsonify(undone)
