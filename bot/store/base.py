"""The store's interface: every operation the rest of the package needs, and the records it hands back.

A backend implements `Store`; callers know nothing of SQL. Times are ISO 8601 text in UTC with microseconds
(`now()`), which sorts as text in every backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, get_args

Reason = Literal["handoff", "declined", "low_confidence", "not_helpful", "conflict"]
"""Why a conversation is in the support team's queue; a backend computes each of these per conversation."""
Status = Literal["open", "pending", "resolved"]
"""Where a conversation stands with the support team."""
HandoffStatus = Literal["open", "pending", "resolved", "returned"]
"""A hand-off follows its conversation's status until it is resolved, or `returned` to the bot."""
WITH_PERSON: tuple[HandoffStatus, ...] = ("open", "pending")
"""While a hand-off is in one of these, the conversation is with a person: the bot does not answer."""
REASONS: tuple[Reason, ...] = get_args(Reason)
STATUSES: tuple[Status, ...] = get_args(Status)
TABLES = (
    "sessions",
    "exchanges",
    "feedback",
    "handoffs",
    "agents",
    "agent_tokens",
    "agent_messages",
    "user_messages",
    "triage",
    "triage_notes",
    "triage_events",
    "gap_dismissals",
)


class StoreError(Exception):
    """The store cannot be reached or written; the message is safe to log, not to show."""


StoreState = Literal["ok", "read_only", "locked", "unreachable"]
"""What a write check found: writes can happen, the database refuses writes, another writer holds it past the
time allowed, or it cannot be reached at all."""


@dataclass(frozen=True)
class StoreCheck:
    """The outcome of a write check: the state and, unless it is ok, why (safe to log and to show operators)."""

    state: StoreState
    reason: str = ""


class DuplicateName(ValueError):
    """An agent with this name already exists."""


def now() -> str:
    """The current UTC time as ISO 8601 text with microseconds (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Exchange:
    """One message and the bot's reply to it, as recorded."""

    reply_id: str
    session_id: str
    created: str
    message: str
    answer: str
    entry_id: str | None
    confidence: float
    fallback: bool
    conflicts: list[str]
    lang: str
    latency_ms: float


@dataclass(frozen=True)
class AgentRecord:
    """A support-team account as stored (the password only as its hash).

    `session_version` goes up each time the agent's signed-in sessions are ended; `removed` is when the account
    was removed (None while it is in use).
    """

    id: int
    name: str
    password_hash: str
    created: str
    session_version: int = 0
    removed: str | None = None


@dataclass(frozen=True)
class TokenRecord:
    """An agent's API token as stored: only its SHA-256."""

    token_sha256: str
    agent: str
    created: str


@dataclass(frozen=True)
class Handoff:
    """A user's request for a person."""

    id: str
    session_id: str
    created: str
    message: str | None
    contact: str | None
    status: str


@dataclass(frozen=True)
class FollowUp:
    """What answering the next message of a session needs: its previous entry, and its hand-off if a person has it."""

    last_entry: str | None
    handoff: Handoff | None


@dataclass(frozen=True)
class AgentMessage:
    """A person's reply in a conversation."""

    id: str
    created: str
    text: str
    agent: str


@dataclass(frozen=True)
class UserMessage:
    """A message a user wrote to the support team."""

    id: str
    created: str
    text: str


@dataclass(frozen=True)
class Note:
    """An internal note on a conversation."""

    created: str
    text: str
    agent: str


@dataclass(frozen=True)
class Event:
    """One recorded change to a conversation's triage record."""

    created: str
    kind: str
    detail: str
    agent: str


@dataclass(frozen=True)
class TriageRecord:
    """A conversation's status, assignee (an agent's name) and labels."""

    status: str = "open"
    assignee: str | None = None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueRow:
    """One conversation in the support team's queue."""

    session_id: str
    created: str
    updated: str
    first_message: str | None
    exchanges: int
    reasons: tuple[str, ...]
    status: str
    assignee: str | None
    labels: tuple[str, ...]


@dataclass(frozen=True)
class QueueQuery:
    """Which conversations to list: any of `reasons`, optionally one status, newest activity first.

    `before` is the (updated, session_id) of the last row of the previous page: keyset paging, so a page costs
    the same wherever it is and rows added meanwhile never shift it.
    """

    reasons: tuple[str, ...]
    low_confidence: float
    status: str | None = None
    limit: int = 50
    before: tuple[str, str] | None = None


@dataclass(frozen=True)
class WeakQuestion:
    """A message the bot declined, answered with low confidence, or whose answer was marked not helpful."""

    message: str
    created: str
    reason: str


@dataclass(frozen=True)
class GapDismissal:
    """A group of weak questions an agent set aside as not for the knowledge base."""

    id: int
    question: str
    questions: tuple[str, ...]
    agent: str
    created: str


@dataclass(frozen=True)
class DayFigures:
    """One day's questions and feedback."""

    day: str
    questions: int
    answered: int
    declined: int
    votes: int
    helpful: int


@dataclass(frozen=True)
class FeedbackRow:
    """A piece of feedback with the exchange it is about, for exports."""

    created: str
    reply_id: str
    session_id: str
    helpful: bool
    comment: str | None
    message: str
    entry_id: str | None


PURGED = ("sessions", "exchanges", "feedback", "handoffs", "user_messages", "agent_messages", "triage_events")
"""The tables whose rows a purge counts (it also deletes the conversations' triage records and notes)."""


class Store(Protocol):
    """What the package keeps and asks of its store; see `bot.store.sql` for the SQL backend."""

    def init(self) -> Store:
        """Create an empty database at the current schema; refuse one at another revision; returns self."""
        ...

    def upgrade(self) -> tuple[str | None, str | None]:
        """Bring the database to the current schema; the revisions before and after (None: empty)."""
        ...

    def revision(self) -> str | None:
        """The schema revision the database is at (None: empty)."""
        ...

    @property
    def where(self) -> str:
        """The database as a person would name it, without credentials (for messages and logs)."""
        ...

    def ping(self) -> bool:
        """Whether the store answers."""
        ...

    def check(self) -> StoreCheck:
        """Whether a write can happen now: a write rolled back at once, waiting no longer than the store's timeout."""
        ...

    def close(self) -> None:
        """Let go of open connections (they are made again on next use)."""
        ...

    def count(self, table: str) -> int:
        """Rows in one of the store's tables (`TABLES`)."""
        ...

    def bulk_insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many rows into one of `TABLES` at once (generators and imports); then `summarise_sessions`."""
        ...

    def summarise_sessions(self) -> None:
        """Work out every session's summary (the queue's columns) again from its rows."""
        ...

    # conversations
    def record_exchange(self, exchange: Exchange, new_session: bool) -> None:
        """Record one exchange, and its session when it is new, in one transaction."""
        ...

    def gather_writes(self, wait: Callable[[], None] | None) -> None:
        """Let exchange writes that arrive while the first runs `wait()` share its transaction (None: one each)."""
        ...

    def record_feedback(self, reply_id: str, helpful: bool, comment: str | None) -> int:
        """Record feedback on a reply; returns its id."""
        ...

    def record_handoff(self, handoff_id: str, session_id: str, message: str | None, contact: str | None) -> str:
        """Record a request for a person; returns its creation time."""
        ...

    def session_exists(self, session_id: str) -> bool:
        """Whether a session with this id was ever recorded."""
        ...

    def reply_exists(self, reply_id: str) -> bool:
        """Whether an exchange with this reply id was recorded."""
        ...

    def exchange_count(self, session_id: str) -> int:
        """How many exchanges a session has."""
        ...

    def exchanges(self, session_id: str) -> list[Exchange]:
        """Every exchange of a session, oldest first."""
        ...

    def last_entry(self, session_id: str) -> str | None:
        """The entry of the session's latest answered exchange."""
        ...

    def last_lang(self, session_id: str) -> str | None:
        """The language of the session's latest exchange."""
        ...

    def handoff(self, handoff_id: str) -> Handoff | None:
        """One hand-off request, or None."""
        ...

    def handoffs(self, session_id: str) -> list[Handoff]:
        """A session's hand-off requests, oldest first."""
        ...

    def active_handoff(self, session_id: str) -> Handoff | None:
        """The session's latest hand-off while it is with a person (`WITH_PERSON`), else None."""
        ...

    def record_user_message(self, message_id: str, session_id: str, text: str) -> str:
        """Record a message to the support team; a conversation waiting for the user is open again. Returns its time."""
        ...

    def user_messages(self, session_id: str) -> list[UserMessage]:
        """The session's messages to the support team, oldest first."""
        ...

    def return_to_bot(self, session_id: str, agent_id: int | None) -> Handoff | None:
        """End the session's hand-off (the user asked the bot again, or an agent handed it back); returns it."""
        ...

    def first_reply_delays(self, limit: int) -> list[float]:
        """Seconds from hand-off to a person's first reply, for the most recent `limit` hand-offs that got one."""
        ...

    def feedback_given(self, session_id: str) -> dict[str, bool]:
        """Reply id -> helpful, for the replies of a session that got feedback (the latest vote counts)."""
        ...

    # agents
    def add_agent(self, name: str, password_hash: str) -> int:
        """Create an agent account; returns its id; a name already taken raises DuplicateName."""
        ...

    def agent(self, *, name: str | None = None, agent_id: int | None = None) -> AgentRecord | None:
        """One agent by name or id, or None."""
        ...

    def agents(self) -> list[AgentRecord]:
        """Every agent, by name."""
        ...

    def add_token(self, agent_id: int, token_sha256: str) -> None:
        """Record the digest of a new API token for an agent."""
        ...

    def agent_by_token(self, token_sha256: str) -> AgentRecord | None:
        """The agent holding the token with this digest, or None (also for a removed agent)."""
        ...

    def end_sessions(self, agent_id: int) -> None:
        """Raise the agent's session version, so that every session signed in before is no longer accepted."""
        ...

    def remove_agent(self, agent_id: int) -> int:
        """Mark the agent removed, end its sessions and delete its tokens, together; returns the tokens deleted."""
        ...

    def tokens(self) -> list[TokenRecord]:
        """Every API token (as its digest) with its agent's name, oldest first."""
        ...

    def revoke_token(self, token_sha256: str) -> bool:
        """Delete the token with this digest; whether there was one."""
        ...

    # triage
    def queue(self, query: QueueQuery) -> list[QueueRow]:
        """One page of the queue (at most `query.limit` rows)."""
        ...

    def triage_record(self, session_id: str) -> TriageRecord:
        """A conversation's status, assignee and labels (the defaults when never changed)."""
        ...

    def change_triage(
        self,
        session_id: str,
        agent_id: int,
        kind: str,
        detail: str,
        *,
        status: str | None = None,
        assignee: int | None | str = "",
        labels: tuple[str, ...] | None = None,
    ) -> None:
        """Apply one change (status, assignee id or None, labels; a note when `kind` is "note") and record it."""
        ...

    def add_agent_message(self, message_id: str, session_id: str, agent_id: int, text: str) -> str:
        """Record a person's reply in a conversation, with its event; returns its creation time."""
        ...

    def agent_messages(self, session_id: str) -> list[AgentMessage]:
        """A conversation's replies from people, oldest first."""
        ...

    def notes(self, session_id: str) -> list[Note]:
        """A conversation's internal notes, oldest first."""
        ...

    def events(self, session_id: str) -> list[Event]:
        """A conversation's triage history, oldest first."""
        ...

    # reports
    def weak_questions(self, low_confidence: float, start: str, end: str, limit: int) -> list[WeakQuestion]:
        """The most recent `limit` weak questions in [start, end), newest first."""
        ...

    def dismiss_gap(self, question: str, questions: list[str], agent_id: int) -> int:
        """Set a group of weak questions aside as not for the knowledge base; returns the dismissal's id."""
        ...

    def gap_dismissals(self) -> list[GapDismissal]:
        """The dismissals in force (not undone), newest first."""
        ...

    def undo_gap_dismissal(self, dismissal_id: int, agent_id: int) -> bool:
        """Undo a dismissal (it is kept, with who undid it and when); False when none is in force with that id."""
        ...

    def day_figures(self, start: str, end: str) -> list[DayFigures]:
        """Questions and feedback per UTC day in [start, end), for days that have any."""
        ...

    def top_entries(self, start: str, end: str, limit: int) -> list[tuple[str, int]]:
        """The most answered entries in [start, end), with their counts."""
        ...

    def conflicts_shown(self, start: str, end: str) -> dict[str, int]:
        """How often each conflict was shown in [start, end)."""
        ...

    def exchanges_between(self, start: str, end: str) -> list[Exchange]:
        """Every exchange in [start, end), oldest first."""
        ...

    def feedback_between(self, start: str, end: str) -> list[FeedbackRow]:
        """Every piece of feedback in [start, end), oldest first."""
        ...

    def follow_up(self, session_id: str) -> FollowUp | None:
        """The session's previous entry and open hand-off, in one query; None when there is no such session."""
        ...

    def purge_conversations(self, before: str, limit: int) -> dict[str, int]:
        """Delete up to `limit` conversations whose latest activity is before `before`, with everything in them
        (exchanges, feedback, hand-offs, messages, triage records), in one short transaction; the rows deleted
        per table of `PURGED`. Called again until it deletes no conversation."""
        ...

    def purge_gap_dismissals(self, before: str) -> int:
        """Delete gap dismissals made before `before` (they hold copies of users' questions); how many."""
        ...
