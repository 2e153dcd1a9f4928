"""The JSON API under /api/v1: parse the request, call the core, render the result."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ..conversations.chat import Conversations
from ..replies import catalog
from . import limits
from .errors import ApiError
from .openapi import document
from .payload import parse, path_id
from .requests import BackToBotRequest, ChatRequest, FeedbackRequest, HandoffRequest

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def conversations() -> Conversations:
    """The app's conversation service (assistant and store)."""
    return current_app.extensions["bot"]


@bp.post("/chat")
def chat() -> Response:
    body = parse(ChatRequest)
    return jsonify(conversations().chat(body.message, body.session_id))


@bp.post("/feedback")
def feedback() -> tuple[Response, int]:
    body = parse(FeedbackRequest)
    return jsonify(conversations().feedback(body.reply_id, body.helpful, body.comment)), 201


@bp.post("/handoff")
def handoff() -> tuple[Response, int]:
    body = parse(HandoffRequest)
    return jsonify(conversations().handoff(body.session_id, body.message, body.contact)), 201


@bp.post("/handoff/return")
def back_to_bot() -> Response:
    body = parse(BackToBotRequest)
    return jsonify(conversations().back_to_bot(body.session_id))


@bp.get("/sessions/<session_id>/messages")
def messages(session_id: str) -> Response:
    after = request.args.get("after")
    try:
        return jsonify(conversations().messages(path_id(session_id), after or None))
    except ValueError:
        raise ApiError(
            400, "invalid_field", "The query 'after' must be an ISO 8601 time, as in a message's 'created'."
        ) from None


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
    return jsonify(conversations().health(limits.state(current_app)))


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document(current_app.config))
