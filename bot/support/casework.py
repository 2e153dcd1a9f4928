"""The support team's queue: conversations that need a person, their transcripts, status, notes and replies.

Pure core: reads and writes go through `Store`; nothing here knows about HTTP.
"""

from __future__ import annotations

import base64
import json
from typing import cast

from ..conversations.ids import UnknownSession, new_id
from ..store import Store
from ..store.base import STATUSES, QueueQuery, QueueRow, Reason, Status
from .agents import Agent
from .shapes import (
    AgentReply,
    Flag,
    HandBack,
    HandoffStatus,
    QueueItem,
    QueuePage,
    TranscriptMessage,
    TriageItem,
    TriageRecordView,
)

# Filter name -> what it means; the queue's default shows the first four (conflicts are a filter only).
REASON_NAMES = {
    "handoff": "asked for a person",
    "declined": "the bot declined a question",
    "low_confidence": "answered with low confidence",
    "not_helpful": "an answer was marked not helpful",
    "conflict": "an answer showed a source conflict",
}
NEEDS_PERSON = ("handoff", "declined", "low_confidence", "not_helpful")
MAX_LABELS = 10
MAX_LABEL_CHARS = 40
PAGE_SIZE = 50
"""Conversations per page of the queue; `next` continues where a page ends."""


class TriageError(ValueError):
    """A change to a conversation's triage record is not valid; the message says why."""


class NothingToHandBack(TriageError):
    """The conversation is not with a person: there is no hand-off to end."""


def encode_cursor(row: QueueRow) -> str:
    """The opaque `next` token that continues the queue after this row."""
    return base64.urlsafe_b64encode(json.dumps([row.updated, row.session_id]).encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """The (updated, session_id) a `next` token stands for; TriageError when it was not made by `encode_cursor`."""
    try:
        updated, session_id = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(updated, str) and isinstance(session_id, str):
            return updated, session_id
    except (ValueError, TypeError, UnicodeError):
        pass
    raise TriageError("the 'next' cursor is not one this queue gave out")


def queue(
    store: Store,
    low_confidence: float,
    reason: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the conversations that need a person (or match `reason`), newest activity first.

    Returns `items` and `next`: the cursor of the following page, or None on the last one.
    """
    if reason is not None and reason not in REASON_NAMES:
        raise TriageError(f"unknown filter '{reason}'; use one of {', '.join(REASON_NAMES)}")
    if status is not None and status not in STATUSES:
        raise TriageError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    before = decode_cursor(cursor) if cursor else None
    reasons = (reason,) if reason else NEEDS_PERSON
    # One row more than the page holds says whether there is a next page.
    rows = store.queue(QueueQuery(reasons, low_confidence, status, limit + 1, before))
    page = rows[:limit]
    items: list[QueueItem] = [
        {
            "session_id": r.session_id,
            "created": r.created,
            "updated": r.updated,
            "first_message": r.first_message,
            "exchanges": r.exchanges,
            "reasons": [cast(Reason, reason) for reason in r.reasons],
            "status": cast(Status, r.status),
            "assignee": r.assignee,
            "labels": list(r.labels),
        }
        for r in page
    ]
    return {"count": len(items), "items": items, "next": encode_cursor(page[-1]) if len(rows) > limit else None}


def _require(store: Store, session_id: str) -> None:
    if not store.session_exists(session_id):
        raise UnknownSession(session_id)


def item(store: Store, session_id: str, low_confidence: float) -> TriageItem:
    """One conversation for the team: transcript with each reply's entry, confidence and flags; triage record."""
    _require(store, session_id)
    helpful = store.feedback_given(session_id)
    transcript: list[TranscriptMessage] = []
    for exchange in store.exchanges(session_id):
        transcript.append({"role": "user", "text": exchange.message, "created": exchange.created})
        flags: list[Flag] = [
            cast(Flag, name)
            for name, on in (
                ("declined", exchange.fallback),
                ("low_confidence", not exchange.fallback and exchange.confidence < low_confidence),
                ("conflict", bool(exchange.conflicts)),
                ("not_helpful", helpful.get(exchange.reply_id) is False),
                ("helpful", helpful.get(exchange.reply_id) is True),
            )
            if on
        ]
        transcript.append(
            {
                "role": "bot",
                "text": exchange.answer,
                "created": exchange.created,
                "reply_id": exchange.reply_id,
                "entry_id": exchange.entry_id,
                "confidence": exchange.confidence,
                "flags": flags,
                "conflicts": exchange.conflicts,
            }
        )
    for note in store.user_messages(session_id):
        transcript.append({"role": "user", "text": note.text, "created": note.created, "to": "person"})
    for message in store.agent_messages(session_id):
        transcript.append({"role": "agent", "text": message.text, "created": message.created, "agent": message.agent})
    transcript.sort(key=lambda m: m["created"])  # stable: a user message stays before its reply
    handoffs = store.handoffs(session_id)
    first_user = next((m for m in transcript if m["role"] == "user"), None)
    return {
        "session_id": session_id,
        "started": min([m["created"] for m in transcript[:1]] + [h.created for h in handoffs[:1]], default=None),
        "first_message": first_user["text"] if first_user else None,
        "mode": "person" if store.active_handoff(session_id) else "bot",
        **item_summary(store, session_id),
        "handoffs": [
            {
                "id": h.id,
                "created": h.created,
                "message": h.message,
                "contact": h.contact,
                "status": cast(HandoffStatus, h.status),
            }
            for h in handoffs
        ],
        "transcript": transcript,
        "notes": [{"created": n.created, "text": n.text, "agent": n.agent} for n in store.notes(session_id)],
        "events": [
            {"created": e.created, "kind": e.kind, "detail": e.detail, "agent": e.agent}
            for e in store.events(session_id)
        ],
    }


def clean_labels(labels: list[str]) -> list[str]:
    """Labels as given: trimmed, blank ones dropped, distinct, in order; too many or too long is refused."""
    kept = list(dict.fromkeys(label.strip() for label in labels if label.strip()))
    if len(kept) > MAX_LABELS or any(len(label) > MAX_LABEL_CHARS for label in kept):
        raise TriageError(f"at most {MAX_LABELS} labels of up to {MAX_LABEL_CHARS} characters each")
    return kept


def parse_labels(text: str) -> list[str]:
    """Labels from the form's comma-separated text (a label typed there cannot hold a comma)."""
    return clean_labels(text.split(","))


def update(
    store: Store,
    session_id: str,
    agent: Agent,
    *,
    status: str | None = None,
    assignee: str | None = None,
    labels: list[str] | None = None,
) -> None:
    """Change status, assignee ('' unassigns) or labels; each change is recorded as an event."""
    _require(store, session_id)
    current = store.triage_record(session_id)
    if status is not None and status != current.status:
        if status not in STATUSES:
            raise TriageError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
        store.change_triage(session_id, agent.id, "status", f"{current.status} -> {status}", status=status)
    if assignee is not None and assignee != (current.assignee or ""):
        row = store.agent(name=assignee) if assignee else None
        if assignee and (row is None or row.removed is not None):
            raise TriageError(f"no agent is named '{assignee}'")
        store.change_triage(session_id, agent.id, "assignee", assignee or "(nobody)", assignee=row.id if row else None)
    if labels is not None:
        labels = clean_labels(labels)
        if tuple(labels) != current.labels:
            store.change_triage(session_id, agent.id, "labels", ", ".join(labels) or "(none)", labels=tuple(labels))


def item_summary(store: Store, session_id: str) -> TriageRecordView:
    """A conversation's current status, assignee and labels."""
    record = store.triage_record(session_id)
    return {"status": cast(Status, record.status), "assignee": record.assignee, "labels": list(record.labels)}


def hand_back(store: Store, session_id: str, agent: Agent) -> HandBack:
    """Give the conversation back to the bot: the user's next messages are answered by it again (recorded)."""
    _require(store, session_id)
    if store.return_to_bot(session_id, agent.id) is None:
        raise NothingToHandBack("this conversation is not with a person; there is nothing to hand back")
    return {"session_id": session_id, "mode": "bot"}


def add_note(store: Store, session_id: str, agent: Agent, text: str) -> None:
    """Add an internal note (never shown to the user); recorded as an event."""
    _require(store, session_id)
    store.change_triage(session_id, agent.id, "note", text)


def reply(store: Store, session_id: str, agent: Agent, text: str) -> AgentReply:
    """Post a person's reply into the user's conversation; the item becomes pending (waiting for the user)."""
    _require(store, session_id)
    message_id = new_id()
    created = store.add_agent_message(message_id, session_id, agent.id, text)
    if store.triage_record(session_id).status == "open":
        update(store, session_id, agent, status="pending")
    return {"id": message_id, "role": "agent", "text": text, "created": created, "agent": agent.name}
