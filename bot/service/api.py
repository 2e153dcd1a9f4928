"""The JSON API under /api/v1: parse the request, call the core, render the result."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ..replies import catalog
from ..conversations import transcript
from ..conversations.chat import Conversations
from ..conversations.ids import UnknownReply, UnknownSession
from ..store import StoreError
from .errors import ApiError
from .openapi import document
from .payload import bool_field, id_field, json_body, path_id, text_field

bp = Blueprint("api", __name__, url_prefix="/api/v1")

UNKNOWN_SESSION = "No conversation has this session_id. Leave session_id out to start a new one."
STORE_DOWN = "Your request could not be saved just now. Please try again in a moment."


def conversations() -> Conversations:
    """The app's conversation service (assistant and store)."""
    return current_app.extensions["bot"]


def _limit(name: str) -> int:
    return current_app.config[name]


@bp.post("/chat")
def chat() -> Response:
    body = json_body({"message", "session_id"})
    message = text_field(body, "message", max_length=_limit("MESSAGE_MAX_CHARS"), required=True)
    session_id = id_field(body, "session_id")
    try:
        return jsonify(conversations().chat(message, session_id))
    except UnknownSession:
        raise ApiError(404, "unknown_session", UNKNOWN_SESSION) from None


@bp.post("/feedback")
def feedback() -> tuple[Response, int]:
    body = json_body({"reply_id", "helpful", "comment"})
    reply_id = id_field(body, "reply_id", required=True)
    helpful = bool_field(body, "helpful")
    comment = text_field(body, "comment", max_length=_limit("COMMENT_MAX_CHARS"))
    try:
        return jsonify(conversations().feedback(reply_id, helpful, comment)), 201
    except UnknownReply:
        raise ApiError(404, "unknown_reply", "No reply has this reply_id.") from None
    except StoreError:
        raise ApiError(503, "store_unavailable", STORE_DOWN) from None


@bp.post("/handoff")
def handoff() -> tuple[Response, int]:
    body = json_body({"session_id", "message", "contact"})
    session_id = id_field(body, "session_id", required=True)
    message = text_field(body, "message", max_length=_limit("MESSAGE_MAX_CHARS"))
    contact = text_field(body, "contact", max_length=_limit("CONTACT_MAX_CHARS"))
    try:
        return jsonify(conversations().handoff(session_id, message, contact)), 201
    except UnknownSession:
        raise ApiError(404, "unknown_session", UNKNOWN_SESSION) from None
    except StoreError:
        raise ApiError(503, "store_unavailable", STORE_DOWN) from None


@bp.get("/sessions/<session_id>/messages")
def messages(session_id: str) -> Response:
    store = conversations().store
    after = request.args.get("after")
    try:
        found = transcript.messages(store, path_id(session_id), after or None)
    except UnknownSession:
        raise ApiError(404, "unknown_session", UNKNOWN_SESSION) from None
    except ValueError:
        raise ApiError(400, "invalid_field", "The query 'after' must be an ISO 8601 time, as in a message's 'created'.") from None
    return jsonify({"session_id": session_id, "messages": found})


@bp.get("/entries")
def entries() -> Response:
    kb = conversations().assistant.kb
    topic = request.args.get("topic")
    found = catalog.entries(kb, topic)
    return jsonify({"count": len(found), "entries": found, "sources": catalog.sources(kb)})


@bp.get("/entries/<entry_id>")
def entry(entry_id: str) -> Response:
    kb = conversations().assistant.kb
    if entry_id not in kb.entries:
        raise ApiError(404, "unknown_entry", f"No entry has the id '{entry_id}'. GET /api/v1/entries lists them.")
    return jsonify(catalog.entry_detail(kb, kb.entries[entry_id]))


@bp.get("/conflicts")
def conflicts() -> Response:
    found = catalog.conflicts(conversations().assistant.kb)
    return jsonify({"count": len(found), "conflicts": found})


@bp.get("/health")
def health() -> Response:
    return jsonify(conversations().health())


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document(current_app.config))
