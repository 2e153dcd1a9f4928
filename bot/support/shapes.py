"""What the support team's API answers, defined once for the code, the API and its OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired, TypedDict

from msgspec import Meta

from ..conversations.shapes import Mode, Time
from ..store.base import HandoffStatus, Reason, Status

Flag = Literal["declined", "low_confidence", "conflict", "not_helpful", "helpful"]
"""What a bot reply of a transcript is marked with."""


class QueueItem(TypedDict):
    """A conversation that needs a person."""

    session_id: str
    created: Time
    updated: Annotated[str, Meta(description="Its latest activity: a message or a hand-off.")]
    first_message: str | None
    exchanges: int
    reasons: list[Reason]
    status: Status
    assignee: str | None
    labels: list[str]


class QueuePage(TypedDict):
    """One page of the queue, newest activity first."""

    count: Annotated[int, Meta(description="Conversations on this page.")]
    items: list[QueueItem]
    next: Annotated[str | None, Meta(description="Pass as `next` for the following page; null on the last.")]


class TriageRecordView(TypedDict):
    """A conversation's status, assignee and labels."""

    status: Status
    assignee: str | None
    labels: list[str]


class TranscriptMessage(TypedDict):
    """One message of a conversation, as the support team sees it."""

    role: Literal["user", "bot", "agent"]
    text: str
    created: Time
    reply_id: NotRequired[str]
    entry_id: NotRequired[str | None]
    confidence: NotRequired[float]
    flags: NotRequired[list[Flag]]
    conflicts: NotRequired[list[str]]
    agent: NotRequired[str]
    to: NotRequired[Annotated[Literal["person"], Meta(description="A user's message to the team, not the bot.")]]


class HandoffView(TypedDict):
    """A hand-off request of the conversation."""

    id: str
    created: Time
    message: str | None
    contact: str | None
    status: HandoffStatus


class HandBack(TypedDict):
    """The conversation is with the bot again."""

    session_id: str
    mode: Literal["bot"]


class NoteView(TypedDict):
    """An internal note."""

    created: Time
    text: str
    agent: str


class EventView(TypedDict):
    """One recorded change."""

    created: Time
    kind: str
    detail: str
    agent: str


class TriageItem(TriageRecordView):
    """One conversation for the team: transcript with each reply's entry, confidence and flags; triage record."""

    session_id: str
    started: Annotated[str | None, Meta(description="When the conversation started: its first message's time.")]
    first_message: Annotated[str | None, Meta(description="What the user wrote first.")]
    mode: Annotated[Mode, Meta(description="Who answers the user now: the bot, or (after a hand-off) the team.")]
    handoffs: list[HandoffView]
    transcript: list[TranscriptMessage]
    notes: list[NoteView]
    events: list[EventView]


class NoteReceipt(TypedDict):
    """A note added."""

    session_id: str
    note: str
    agent: str


class AgentReply(TypedDict):
    """A person's reply, as the user will see it."""

    id: str
    role: Literal["agent"]
    text: str
    created: Time
    agent: str


Scope = Literal["on_topic", "off_topic"]
"""Whether a group's questions are about the KB's subject (a gap to fill) or about something else, declined."""


class NearEntry(TypedDict):
    """An existing entry near a group of weak questions: one a draft made from the group may take questions from."""

    id: str
    question: str
    nearest_for: Annotated[int, Meta(description="How many of the group's questions it is the best match for.")]
    score: Annotated[float, Meta(description="Its best match score for any of the group's questions.")]


class GapGroup(TypedDict):
    """Weak questions alike enough to be one missing entry."""

    key: str
    count: int
    question: Annotated[str, Meta(description="The group's most central question.")]
    examples: list[str]
    scope: Annotated[
        Scope,
        Meta(
            description="on_topic: about closing an account, declined or answered badly (what the KB lacks); "
            "off_topic: about something else and declined, as it should be (the engine's judgement of scope)."
        ),
    ]


class GapDismissalView(TypedDict):
    """A group an agent set aside as not for the knowledge base: its questions stay out of the groups until undone."""

    id: int
    question: str
    count: Annotated[int, Meta(description="Distinct questions set aside.")]
    agent: Annotated[str, Meta(description="Who dismissed it.")]
    created: Time


class AtRisk(TypedDict):
    """A question of an existing entry that reads more like a draft than like the rest of its own entry."""

    question: str
    entry: Annotated[str, Meta(description="The entry it belongs to today.")]
    to_draft: Annotated[float, Meta(description="Its closest similarity to the draft's questions (0 to 1).")]
    to_own: Annotated[float, Meta(description="Its closest similarity to the other questions of its own entry.")]


class GapDraft(TypedDict):
    """A group as a draft entry, beside the existing entries nearest to its questions."""

    group: GapGroup
    draft: Annotated[str, Meta(description="The draft entry file (entries/*.yaml format), answer and claims TODO.")]
    nearest: list[NearEntry]
    at_risk: Annotated[
        list[AtRisk],
        Meta(
            description="The nearest entries' questions the draft would likely take, estimated from their wording "
            "(at most 10, likeliest first); the answer diff on `questions` is the exact check."
        ),
    ]
    questions: Annotated[
        list[str],
        Meta(
            description="The questions to check with the answer diff (eval --compare) once the draft is written: "
            "the group's, then the nearest entries' questions and phrasings."
        ),
    ]


class DismissalUndone(TypedDict):
    """A dismissal undone."""

    id: int
    undone: Literal[True]


class GapReport(TypedDict):
    """The groups of a date range and the dismissals in force."""

    groups: list[GapGroup]
    dismissed: list[GapDismissalView]


# `from` is a Python keyword, hence the functional form: `GET /triage/gaps` for one date range.
Gaps = TypedDict(
    "Gaps",
    {"from": str, "to": str, "count": int, "groups": list[GapGroup], "dismissed": list[GapDismissalView]},
)
