"""The request bodies the API accepts, defined once: the views read them and the OpenAPI document shows them.

Length limits are configuration (`LIMITS` names the key of each bounded field), so the document states the
limits the running app enforces.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from ..conversations.shapes import Id
from ..store.base import Status
from ..support.casework import MAX_LABEL_CHARS, MAX_LABELS

Text = Annotated[str, Meta(pattern=r"\S", description="Blank is refused.")]


class ChatRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A user's message; leave `session_id` out (or null) to start a new conversation."""

    message: Text
    session_id: Id | None = None


class FeedbackRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Whether a reply helped, with an optional comment."""

    reply_id: Id
    helpful: bool
    comment: str | None = None


class HandoffRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A request for a person, with what the user wants to add and how to reach them."""

    session_id: Id
    message: str | None = None
    contact: Annotated[str | None, Meta(description="E-mail or other way to reach the user.")] = None


class BackToBotRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The user asks the bot again instead of waiting for a person."""

    session_id: Id


class TriageUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A change to a conversation's triage record; only the fields given change."""

    status: Status | None = None
    assignee: Annotated[
        str | None, Meta(description="An agent's name; empty unassigns.", extra={"keep_blank": True})
    ] = None
    labels: (
        Annotated[
            list[Annotated[str, Meta(max_length=MAX_LABEL_CHARS)]],
            Meta(max_length=MAX_LABELS, description="Replaces the labels; blank labels are dropped."),
        ]
        | None
    ) = None


class TriageText(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A note or a reply typed by a person."""

    text: Text


LIMITS: dict[type, dict[str, str]] = {
    ChatRequest: {"message": "MESSAGE_MAX_CHARS"},
    FeedbackRequest: {"comment": "COMMENT_MAX_CHARS"},
    HandoffRequest: {"message": "MESSAGE_MAX_CHARS", "contact": "CONTACT_MAX_CHARS"},
    TriageText: {"text": "COMMENT_MAX_CHARS"},
}
"""Request type -> field -> the config key holding its maximum length in characters."""
