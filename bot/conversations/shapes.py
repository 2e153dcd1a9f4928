"""What the conversation endpoints answer, defined once for the code, the API and its OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired, TypedDict

from msgspec import Meta

from ..replies.reply import Lang, Reply
from ..store.base import HandoffStatus
from .ids import ID_PATTERN

Id = Annotated[str, Meta(pattern=ID_PATTERN.pattern, description="An id handed out by this service.")]
Time = Annotated[str, Meta(description="ISO 8601 time in UTC with microseconds, e.g. 2026-01-31T09:15:00.123456+00:00")]


Mode = Literal["bot", "person"]
"""Who answers the conversation now: the bot, or (after a hand-off) a person of the support team."""
WaitMinutes = Annotated[
    int | None,
    Meta(
        description="Minutes a person usually takes to answer (median of the "
        "latest hand-offs); null until there are enough of them."
    ),
]


class ChatReply(Reply, frozen=True, kw_only=True):
    """The reply to a chat message, with the ids that continue the conversation and rate it.

    With `mode` "person" the conversation is with the support team: the message went to them, the bot did not
    answer it (`answer` says so, `entry` is null), and `reply_id` names the message, not a reply to rate.
    """

    reply_id: Id
    session_id: Id
    mode: Mode = "bot"
    usual_wait_minutes: WaitMinutes = None


class FeedbackReceipt(TypedDict):
    """Feedback recorded."""

    feedback_id: int
    reply_id: str
    helpful: bool


class HandoffTicket(TypedDict):
    """A request for a person, recorded with the conversation so far."""

    handoff_id: str
    session_id: str
    status: Literal["open"]
    created: Time
    exchanges: Annotated[int, Meta(description="Messages of the conversation passed on.")]
    next: Annotated[str, Meta(description="What happens next, for the user.")]
    lang: Lang
    mode: Annotated[Literal["person"], Meta(description="From now on the user's messages go to the support team.")]
    usual_wait_minutes: WaitMinutes


class Message(TypedDict):
    """One message of a conversation as its user sees it."""

    id: str
    role: Literal["user", "bot", "agent"]
    text: str
    created: Time
    reply_id: NotRequired[Annotated[str, Meta(description="Bot messages only: the reply's id, for feedback.")]]
    to: NotRequired[Annotated[Literal["person"], Meta(description="A user's message to the support team.")]]
    agent: NotRequired[Annotated[str, Meta(description="A person's messages only: their display name.")]]


class HandoffState(TypedDict):
    """The conversation's latest hand-off: with a person while `open` or `pending`; over once `resolved` by the
    support team or `returned` to the bot (by an agent, or by the user asking the bot again)."""

    handoff_id: str
    status: HandoffStatus
    usual_wait_minutes: Annotated[WaitMinutes, Meta(description="While with a person; null once it is over.")]


class Messages(TypedDict):
    """`GET /sessions/<id>/messages`."""

    session_id: str
    messages: list[Message]
    mode: Mode
    handoff: Annotated[HandoffState | None, Meta(description="The latest hand-off; null when there was none.")]


class BackToBot(TypedDict):
    """The conversation is with the bot again."""

    session_id: str
    handoff_id: str | None
    mode: Literal["bot"]
    message: str
    lang: Lang


class KnowledgeCounts(TypedDict):
    """What the loaded knowledge base holds."""

    entries: int
    conflicts: int
    sources: int


LimitsState = Literal["shared", "per_worker", "unreachable", "off"]
"""Where rate-limit counts are kept: shared (Redis), per worker (memory, or Redis unreachable), or nowhere (off)."""


class Health(TypedDict):
    """`GET /health`: `degraded` when a part fails, with `problems` saying which and why."""

    status: Literal["ok", "degraded"]
    knowledge: KnowledgeCounts
    store: Annotated[
        Literal["ok", "read_only", "locked", "unreachable"],
        Meta(description="Whether a write to the store can happen now, checked with a write rolled back at once."),
    ]
    unrecorded: Annotated[
        int, Meta(ge=0, description="Exchanges answered but not recorded (the store failed) since the server started.")
    ]
    limits: LimitsState
    problems: list[str]
