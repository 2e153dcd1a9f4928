"""The OpenAPI 3.1 description of the JSON API, generated from the shapes the code uses; a test keeps it in step
with the routes and with the answers the routes give."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ..conversations.ids import ID_PATTERN
from ..conversations.shapes import BackToBot, ChatReply, FeedbackReceipt, HandoffTicket, Health, Messages
from ..replies.catalog import ConflictList, EntryDetail, EntryList
from ..store.base import REASONS, STATUSES
from ..support.shapes import (
    AgentReply,
    DismissalUndone,
    GapDismissalView,
    GapDraft,
    Gaps,
    HandBack,
    NoteReceipt,
    QueuePage,
    TriageItem,
    TriageRecordView,
)
from .errors import ErrorBody
from .requests import LIMITS, BackToBotRequest, ChatRequest, FeedbackRequest, HandoffRequest, TriageText, TriageUpdate

SHAPES: tuple[Any, ...] = (
    ErrorBody,
    GapDismissalView,
    GapDraft,
    DismissalUndone,
    ChatRequest,
    ChatReply,
    FeedbackRequest,
    FeedbackReceipt,
    HandoffRequest,
    HandoffTicket,
    Messages,
    EntryList,
    EntryDetail,
    ConflictList,
    Health,
    QueuePage,
    TriageItem,
    TriageUpdate,
    TriageRecordView,
    TriageText,
    NoteReceipt,
    AgentReply,
    Gaps,
    BackToBotRequest,
    BackToBot,
    HandBack,
)
"""Every request and response shape the document describes."""
REF = "#/components/schemas/{name}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(name=name)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    meaning = {
        400: "Malformed body or field (codes: invalid_json, invalid_utf8, unknown_field, missing_field, invalid_field, too_long)",
        401: "No valid agent token (Authorization: Bearer <token>)",
        404: "Unknown id",
        409: "The conversation is not in a state that allows this (code: not_with_person)",
        413: "Body larger than the documented size",
        415: "Body is not JSON",
        429: "Rate limit reached; see the Retry-After header",
        503: "The store cannot be reached or written just now; try again after Retry-After seconds",
    }
    return {str(s): _json(_ref("ErrorBody"), meaning[s]) for s in statuses}


def _with_limit(schema: dict[str, Any], limit: int) -> None:
    """Set `maxLength` on a string schema, or on the string branch of an optional one."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch["maxLength"] = limit


def schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    """The component schemas of every shape, with the length limits the app is configured with."""
    _, components = msgspec.json.schema_components(SHAPES, ref_template=REF)
    for kind, fields in LIMITS.items():
        properties = components[kind.__name__]["properties"]
        for name, key in fields.items():
            _with_limit(properties[name], int(config[key]))
    return components


SESSION = {
    "name": "session_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": ID_PATTERN.pattern},
}
AFTER = {
    "name": "after",
    "in": "query",
    "required": False,
    "schema": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "maxLength": 0}]},
    "description": "Only messages created after this time (a message's `created`), for polling; empty means all.",
}
RANGE = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]},
        "description": "YYYY-MM-DD; empty or absent: the last 30 days. A range covers at most 366 days.",
    }
    for name in ("from", "to")
]
BEARER: list[dict[str, list[str]]] = [{"agentToken": []}]


def _triage_paths() -> dict[str, Any]:
    def op(
        summary: str, response: str, *statuses: int, body: str | None = None, ok: int = 200, params: list | None = None
    ) -> dict:
        operation: dict[str, Any] = {
            "summary": summary,
            "security": BEARER,
            # Every operation reads the store, so any may find it unavailable (503).
            "responses": {str(ok): _json(_ref(response), "OK"), **_errors(401, *statuses, 503)},
        }
        if body:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
            operation["responses"].update(_errors(413, 415))
        if params:
            operation["parameters"] = params
        return operation

    return {
        "/api/v1/triage/queue": {
            "get": op(
                "Conversations that need a person, newest first",
                "QueuePage",
                400,
                params=[
                    {
                        "name": "filter",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": [*REASONS, ""]},
                        "description": "One reason; empty or absent: any of them.",
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "enum": [*STATUSES, ""]},
                        "description": "One status; empty or absent: any.",
                    },
                    {
                        "name": "next",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "The `next` of the previous page.",
                    },
                ],
            )
        },
        "/api/v1/triage/items/{session_id}": {
            "get": op(
                "One conversation: transcript with flags, status, notes, history",
                "TriageItem",
                400,
                404,
                params=[SESSION],
            ),
            "post": op(
                "Change status, assignee or labels (recorded)",
                "TriageRecordView",
                400,
                404,
                body="TriageUpdate",
                params=[SESSION],
            ),
        },
        "/api/v1/triage/items/{session_id}/handback": {
            "post": op("Give the conversation back to the bot (recorded)", "HandBack", 400, 404, 409, params=[SESSION]),
        },
        "/api/v1/triage/items/{session_id}/notes": {
            "post": op("Add an internal note", "NoteReceipt", 400, 404, body="TriageText", ok=201, params=[SESSION]),
        },
        "/api/v1/triage/items/{session_id}/reply": {
            "post": op(
                "Reply to the user as a person", "AgentReply", 400, 404, body="TriageText", ok=201, params=[SESSION]
            ),
        },
        "/api/v1/triage/gaps": {
            "get": op(
                "Declined or weak questions grouped by similarity, on-topic apart from off-topic; the dismissals",
                "Gaps",
                400,
                params=RANGE,
            )
        },
        "/api/v1/triage/gaps/{key}/draft": {
            "get": op(
                "A group as a draft entry, with the existing entries nearest to its questions and the questions to "
                "check with the answer diff",
                "GapDraft",
                400,
                404,
                params=[{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}, *RANGE],
            )
        },
        "/api/v1/triage/gaps/{key}/dismiss": {
            "post": op(
                "Set a group of the range aside as not for the knowledge base (who and when are kept)",
                "GapDismissalView",
                400,
                404,
                ok=201,
                params=[{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}, *RANGE],
            )
        },
        "/api/v1/triage/gaps/dismissals/{dismissal_id}/undo": {
            "post": op(
                "Undo a dismissal: its questions are back among the groups",
                "DismissalUndone",
                404,
                params=[{"name": "dismissal_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            )
        },
    }


WITH_A_PERSON = (
    "After a hand-off (POST /api/v1/handoff) the conversation is with a person of the support team: POST /api/v1/chat "
    'records each message for them instead of asking the bot (the reply has mode "person", entry null, an answer '
    "saying that a person will answer here, and usual_wait_minutes), and GET /api/v1/sessions/{session_id}/messages "
    "brings their replies. It ends when the team resolves the conversation or hands it back to the bot, or when the "
    'user asks the bot again (POST /api/v1/handoff/return); the messages then say mode "bot" and the latest '
    'hand-off\'s status ("resolved" or "returned").'
)


def document(config: Mapping[str, Any]) -> dict[str, Any]:
    """The OpenAPI document, with the limits the app is configured with."""
    body_note = f"Bodies over {config['MAX_CONTENT_LENGTH']} bytes are refused with 413."

    def post(summary: str, request: str, response: str, ok: int, limit_key: str, *extra: int) -> dict[str, Any]:
        about = f" {WITH_A_PERSON}" if request in ("ChatRequest", "HandoffRequest") else ""
        return {
            "post": {
                "summary": summary,
                "description": f"{body_note} Rate limit per client: {config[limit_key]}.{about}",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request)}}},
                "responses": {str(ok): _json(_ref(response), "Done"), **_errors(400, 413, 415, 429, 503, *extra)},
            }
        }

    def get(
        summary: str, response: str, *extra: int, parameters: list | None = None, description: str = ""
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "summary": summary,
            **({"description": description} if description else {}),
            "responses": {"200": _json(_ref(response), "OK"), **_errors(*extra)},
        }
        if parameters:
            operation["parameters"] = parameters
        return {"get": operation}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Binance account-closure FAQ assistant",
            "version": "1",
            "description": (
                "Answers questions about closing a Binance account from two third-party articles, flagging where they "
                'disagree. Neither source is Binance. Every error has the shape {"error": {"code", "message"}}.'
            ),
        },
        "paths": {
            "/api/v1/chat": post(
                "Answer a message in a conversation", "ChatRequest", "ChatReply", 200, "CHAT_RATE_LIMIT", 404
            ),
            "/api/v1/feedback": post(
                "Say whether a reply helped", "FeedbackRequest", "FeedbackReceipt", 201, "FEEDBACK_RATE_LIMIT", 404
            ),
            "/api/v1/handoff": post(
                "Ask for a person; the conversation so far goes to the support team",
                "HandoffRequest",
                "HandoffTicket",
                201,
                "HANDOFF_RATE_LIMIT",
                404,
            ),
            "/api/v1/handoff/return": {
                "post": {
                    "summary": "Ask the bot again: the hand-off ends and the bot answers the next messages",
                    "description": WITH_A_PERSON,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("BackToBotRequest")}},
                    },
                    "responses": {"200": _json(_ref("BackToBot"), "Done"), **_errors(400, 404, 413, 415, 503)},
                }
            },
            "/api/v1/entries": get(
                "Every knowledge-base entry",
                "EntryList",
                parameters=[{"name": "topic", "in": "query", "required": False, "schema": {"type": "string"}}],
            ),
            "/api/v1/entries/{entry_id}": get(
                "One entry with its sources, claims and conflicts",
                "EntryDetail",
                404,
                parameters=[{"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            ),
            "/api/v1/conflicts": get("Every point on which the sources disagree, with both claims", "ConflictList"),
            "/api/v1/health": get("Knowledge base loaded and a write to the store possible now", "Health"),
            "/api/v1/openapi.json": get("This document", "OpenAPI"),
            "/api/v1/sessions/{session_id}/messages": get(
                "A conversation's messages in time order (the user's, the bot's and a person's replies), who answers "
                "it now and its latest hand-off",
                "Messages",
                400,
                404,
                503,
                parameters=[SESSION, AFTER],
                description=WITH_A_PERSON + ' Poll it while mode is "person", with `after` set to the latest '
                "message's created time.",
            ),
            **_triage_paths(),
        },
        "components": {
            "schemas": {**schemas(config), "OpenAPI": {"type": "object"}},
            "securitySchemes": {"agentToken": {"type": "http", "scheme": "bearer"}},
        },
    }
