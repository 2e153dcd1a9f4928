"""The OpenAPI 3 description of the JSON API; a test keeps it in step with the routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..support.casework import MAX_LABEL_CHARS, MAX_LABELS


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    meaning = {
        400: "Malformed body or field (codes: invalid_json, invalid_utf8, unknown_field, missing_field, invalid_field, too_long)",
        401: "No valid agent token (Authorization: Bearer <token>)",
        404: "Unknown id",
        413: "Body larger than the documented size",
        415: "Body is not JSON",
        429: "Rate limit reached; see the Retry-After header",
        503: "The store cannot record this just now",
    }
    return {str(s): _json(_ref("Error"), meaning[s]) for s in statuses}


def _string(max_length: int | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **extra}
    if max_length:
        schema["maxLength"] = max_length
    return schema


ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field: null is read as absent."""
    return {**schema, "type": [schema["type"], "null"]}

STRINGS = {"type": "array", "items": {"type": "string"}}


def _schemas(config: Mapping[str, Any]) -> dict[str, Any]:
    message_max = config["MESSAGE_MAX_CHARS"]
    claim = {
        "type": "object",
        "required": ["source", "source_name", "section", "statement"],
        "properties": {
            **{k: {"type": "string"} for k in ("source", "source_name", "section", "statement")},
            "conflict": {"type": ["string", "null"], "description": "In an entry's claims: the conflict it is a side of."},
        },
    }
    triage_schemas = {
        "Message": {
            "type": "object",
            "required": ["id", "role", "text", "created"],
            "properties": {
                "id": {"type": "string"},
                "role": {"type": "string", "enum": ["user", "bot", "agent"]},
                "text": {"type": "string"},
                "created": {"type": "string", "format": "date-time"},
                "reply_id": {"type": "string", "description": "Bot messages only: the reply's id, for feedback."},
                "agent": {"type": "string", "description": "Agent messages only: the person's display name."},
            },
        },
        "Messages": {
            "type": "object",
            "required": ["session_id", "messages"],
            "properties": {"session_id": {"type": "string"}, "messages": {"type": "array", "items": _ref("Message")}},
        },
        "TriageUpdate": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["open", "pending", "resolved"]},
                "assignee": {"type": "string", "description": "An agent's name; empty unassigns."},
                "labels": {
                    "type": "array", "maxItems": MAX_LABELS,
                    "items": {"type": "string", "maxLength": MAX_LABEL_CHARS},
                    "description": "Replaces the labels; blank labels are dropped.",
                },
            },
        },
        "TriageText": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {"text": _string(config["COMMENT_MAX_CHARS"], minLength=1)},
        },
        "TriageObject": {"type": "object"},
    }
    return {
        **triage_schemas,
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                }
            },
        },
        "ChatRequest": {
            "type": "object",
            "required": ["message"],
            "additionalProperties": False,
            "properties": {
                "message": _string(message_max, pattern=r"\S", description="The user's message; blank is refused."),
                "session_id": _optional({**ID, "description": "Leave out (or null) to start a new conversation."}),
            },
        },
        "Claim": claim,
        "Conflict": {
            "type": "object",
            "required": ["id", "topic", "summary", "claims"],
            "properties": {
                "id": {"type": "string"},
                "topic": {"type": "string"},
                "summary": {"type": "string"},
                "claims": {"type": "array", "items": _ref("Claim"), "minItems": 2},
                "entries": STRINGS,
            },
        },
        "EntryRef": {
            "type": "object",
            "required": ["id", "question"],
            "properties": {"id": {"type": "string"}, "question": {"type": "string"}},
        },
        "Source": {
            "type": "object",
            "required": ["id", "name", "title", "section"],
            "properties": {k: {"type": "string"} for k in ("id", "name", "title", "section")},
        },
        "Reply": {
            "type": "object",
            "required": [
                "answer", "fallback", "confidence", "entry", "sources", "conflicts", "suggestions",
                "notice", "lang", "entries", "reply_id", "session_id",
            ],
            "properties": {
                "answer": {"type": "string"},
                "fallback": {"type": "boolean", "description": "True when the bot declines (no confident answer)."},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "entry": {"oneOf": [_ref("EntryRef"), {"type": "null"}]},
                "entries": {"type": "array", "items": _ref("EntryRef")},
                "sources": {"type": "array", "items": _ref("Source")},
                "conflicts": {"type": "array", "items": _ref("Conflict")},
                "suggestions": STRINGS,
                "notice": {"type": "string", "description": "The sources are third-party articles, not Binance."},
                "lang": {"type": "string", "enum": ["en", "zh"]},
                "reply_id": ID,
                "session_id": ID,
            },
        },
        "FeedbackRequest": {
            "type": "object",
            "required": ["reply_id", "helpful"],
            "additionalProperties": False,
            "properties": {
                "reply_id": ID,
                "helpful": {"type": "boolean"},
                "comment": _optional(_string(config["COMMENT_MAX_CHARS"])),
            },
        },
        "Feedback": {
            "type": "object",
            "required": ["feedback_id", "reply_id", "helpful"],
            "properties": {"feedback_id": {"type": "integer"}, "reply_id": ID, "helpful": {"type": "boolean"}},
        },
        "HandoffRequest": {
            "type": "object",
            "required": ["session_id"],
            "additionalProperties": False,
            "properties": {
                "session_id": ID,
                "message": _optional(_string(message_max)),
                "contact": _optional(_string(config["CONTACT_MAX_CHARS"], description="E-mail or other way to reach the user.")),
            },
        },
        "Handoff": {
            "type": "object",
            "required": ["handoff_id", "session_id", "status", "created", "exchanges", "next", "lang"],
            "properties": {
                "handoff_id": ID,
                "session_id": ID,
                "status": {"type": "string", "enum": ["open"]},
                "created": {"type": "string", "format": "date-time"},
                "exchanges": {"type": "integer", "description": "Messages of the conversation passed on."},
                "next": {"type": "string", "description": "What happens next, for the user."},
                "lang": {"type": "string"},
            },
        },
        "EntrySummary": {
            "type": "object",
            "required": ["id", "topic", "question", "conflicts"],
            "properties": {
                "id": {"type": "string"},
                "topic": {"type": "string"},
                "question": {"type": "string"},
                "question_zh": {"type": ["string", "null"]},
                "conflicts": STRINGS,
            },
        },
        "EntryList": {
            "type": "object",
            "required": ["count", "entries", "sources"],
            "properties": {
                "count": {"type": "integer"},
                "entries": {"type": "array", "items": _ref("EntrySummary")},
                "sources": {"type": "array", "items": {"type": "object"}},
            },
        },
        "EntryDetail": {
            "allOf": [
                _ref("EntrySummary"),
                {
                    "type": "object",
                    "required": ["answer", "claims", "sources", "conflict_details", "related"],
                    "properties": {
                        "answer": {"type": "string"},
                        "answer_zh": {"type": ["string", "null"]},
                        "claims": {"type": "array", "items": _ref("Claim")},
                        "sources": {"type": "array", "items": _ref("Source")},
                        "conflict_details": {"type": "array", "items": _ref("Conflict")},
                        "related": {"type": "array", "items": _ref("EntrySummary")},
                    },
                },
            ]
        },
        "ConflictList": {
            "type": "object",
            "required": ["count", "conflicts"],
            "properties": {"count": {"type": "integer"}, "conflicts": {"type": "array", "items": _ref("Conflict")}},
        },
        "Health": {
            "type": "object",
            "required": ["status", "knowledge", "store"],
            "properties": {
                "status": {"type": "string", "enum": ["ok", "degraded"]},
                "knowledge": {"type": "object"},
                "store": {"type": "string", "enum": ["ok", "unreachable"]},
            },
        },
    }


SESSION = {"name": "session_id", "in": "path", "required": True, "schema": ID}
AFTER = {
    "name": "after", "in": "query", "required": False, "schema": {"type": "string", "format": "date-time"},
    "description": "Only messages created after this time (a message's `created`), for polling; empty means all.",
}
RANGE = [
    {
        "name": name, "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
        "description": "YYYY-MM-DD; empty or absent: the last 30 days. A range covers at most 366 days.",
    }
    for name in ("from", "to")
]
BEARER = [{"agentToken": []}]


def _triage_paths() -> dict[str, Any]:
    def op(summary: str, *statuses: int, body: str | None = None, ok: int = 200, params: list | None = None) -> dict:
        operation: dict[str, Any] = {
            "summary": summary,
            "security": BEARER,
            "responses": {str(ok): _json(_ref("TriageObject"), "OK"), **_errors(401, *statuses)},
        }
        if body:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
        if params:
            operation["parameters"] = params
        return operation

    return {
        "/api/v1/triage/queue": {"get": op("Conversations that need a person, newest first", 400, params=[
            {"name": "filter", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["handoff", "declined", "low_confidence", "not_helpful", "conflict"]}},
            {"name": "status", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["open", "pending", "resolved"]}},
        ])},
        "/api/v1/triage/items/{session_id}": {
            "get": op("One conversation: transcript with flags, status, notes, history", 400, 404, params=[SESSION]),
            "post": op("Change status, assignee or labels (recorded)", 400, 404, body="TriageUpdate", params=[SESSION]),
        },
        "/api/v1/triage/items/{session_id}/notes": {
            "post": op("Add an internal note", 400, 404, body="TriageText", ok=201, params=[SESSION]),
        },
        "/api/v1/triage/items/{session_id}/reply": {
            "post": op("Reply to the user as a person", 400, 404, body="TriageText", ok=201, params=[SESSION]),
        },
        "/api/v1/triage/gaps": {"get": op("Declined or weak questions grouped by similarity", 400, params=RANGE)},
    }


def document(config: Mapping[str, Any]) -> dict[str, Any]:
    """The OpenAPI document, with the limits the app is configured with."""
    body_note = f"Bodies over {config['MAX_CONTENT_LENGTH']} bytes are refused with 413."

    def post(summary: str, request: str, response: str, ok: int, limit_key: str, *extra: int) -> dict[str, Any]:
        return {
            "post": {
                "summary": summary,
                "description": f"{body_note} Rate limit per client: {config[limit_key]}.",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request)}}},
                "responses": {str(ok): _json(_ref(response), "Done"), **_errors(400, 413, 415, 429, *extra)},
            }
        }

    def get(summary: str, response: str, *extra: int, parameters: list | None = None) -> dict[str, Any]:
        operation: dict[str, Any] = {"summary": summary, "responses": {"200": _json(_ref(response), "OK"), **_errors(*extra)}}
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
                "disagree. Neither source is Binance. Every error has the shape {\"error\": {\"code\", \"message\"}}."
            ),
        },
        "paths": {
            "/api/v1/chat": post("Answer a message in a conversation", "ChatRequest", "Reply", 200, "CHAT_RATE_LIMIT", 404),
            "/api/v1/feedback": post(
                "Say whether a reply helped", "FeedbackRequest", "Feedback", 201, "FEEDBACK_RATE_LIMIT", 404, 503
            ),
            "/api/v1/handoff": post(
                "Ask for a person; the conversation so far goes to the support team",
                "HandoffRequest", "Handoff", 201, "HANDOFF_RATE_LIMIT", 404, 503,
            ),
            "/api/v1/entries": get(
                "Every knowledge-base entry", "EntryList",
                parameters=[{"name": "topic", "in": "query", "required": False, "schema": {"type": "string"}}],
            ),
            "/api/v1/entries/{entry_id}": get(
                "One entry with its sources, claims and conflicts", "EntryDetail", 404,
                parameters=[{"name": "entry_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            ),
            "/api/v1/conflicts": get("Every point on which the sources disagree, with both claims", "ConflictList"),
            "/api/v1/health": get("Knowledge base loaded and store reachable", "Health"),
            "/api/v1/openapi.json": get("This document", "OpenAPI"),
            "/api/v1/sessions/{session_id}/messages": get(
                "A conversation's messages in time order: the user's, the bot's and a person's replies",
                "Messages", 400, 404, parameters=[SESSION, AFTER],
            ),
            **_triage_paths(),
        },
        "components": {
            "schemas": {**_schemas(config), "OpenAPI": {"type": "object"}},
            "securitySchemes": {"agentToken": {"type": "http", "scheme": "bearer"}},
        },
    }
