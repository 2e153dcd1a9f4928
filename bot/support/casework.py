"""The support team's queue: conversations that need a person, their transcripts, status, notes and replies.

Pure core: reads and writes go through `Store`; nothing here knows about HTTP.
"""

from __future__ import annotations

import json
from typing import Any

from .agents import Agent
from ..conversations.ids import UnknownSession, new_id
from ..store import Store

STATUSES = ("open", "pending", "resolved")
# Filter name -> what it means; the queue's default shows the first four (conflicts are a filter only).
REASONS = {
    "handoff": "asked for a person",
    "declined": "the bot declined a question",
    "low_confidence": "answered with low confidence",
    "not_helpful": "an answer was marked not helpful",
    "conflict": "an answer showed a source conflict",
}
NEEDS_PERSON = ("handoff", "declined", "low_confidence", "not_helpful")
MAX_LABELS = 10
MAX_LABEL_CHARS = 40

QUEUE_SQL = """
SELECT s.id AS session_id, s.created,
    MAX(COALESCE((SELECT MAX(e.created) FROM exchanges e WHERE e.session_id = s.id), s.created),
        COALESCE((SELECT MAX(h.created) FROM handoffs h WHERE h.session_id = s.id), s.created)) AS updated,
    (SELECT e.message FROM exchanges e WHERE e.session_id = s.id ORDER BY e.created LIMIT 1) AS first_message,
    (SELECT COUNT(*) FROM exchanges e WHERE e.session_id = s.id) AS exchanges,
    EXISTS(SELECT 1 FROM handoffs h WHERE h.session_id = s.id) AS handoff,
    EXISTS(SELECT 1 FROM exchanges e WHERE e.session_id = s.id AND e.fallback = 1) AS declined,
    EXISTS(SELECT 1 FROM exchanges e WHERE e.session_id = s.id AND e.fallback = 0 AND e.confidence < ?) AS low_confidence,
    EXISTS(SELECT 1 FROM feedback f JOIN exchanges e ON e.reply_id = f.reply_id
           WHERE e.session_id = s.id AND f.helpful = 0) AS not_helpful,
    EXISTS(SELECT 1 FROM exchanges e WHERE e.session_id = s.id AND e.conflicts NOT IN ('[]', '')) AS conflict,
    COALESCE(t.status, 'open') AS status, a.name AS assignee, COALESCE(t.labels, '[]') AS labels
FROM sessions s
LEFT JOIN triage t ON t.session_id = s.id
LEFT JOIN agents a ON a.id = t.assignee
ORDER BY updated DESC
"""


class TriageError(ValueError):
    """A change to a conversation's triage record is not valid; the message says why."""


def _reasons(row: dict[str, Any]) -> list[str]:
    return [name for name in REASONS if row[name]]


def queue(store: Store, low_confidence: float, reason: str | None = None, status: str | None = None,
          limit: int = 200) -> list[dict[str, Any]]:
    """Conversations that need a person (or match `reason`), newest activity first."""
    if reason is not None and reason not in REASONS:
        raise TriageError(f"unknown filter '{reason}'; use one of {', '.join(REASONS)}")
    if status is not None and status not in STATUSES:
        raise TriageError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
    items = []
    for row in map(dict, store.read(QUEUE_SQL, (low_confidence,))):
        reasons = _reasons(row)
        wanted = [reason] if reason else NEEDS_PERSON
        if not any(r in reasons for r in wanted) or (status and row["status"] != status):
            continue
        items.append({
            "session_id": row["session_id"], "created": row["created"], "updated": row["updated"],
            "first_message": row["first_message"], "exchanges": row["exchanges"], "reasons": reasons,
            "status": row["status"], "assignee": row["assignee"], "labels": json.loads(row["labels"]),
        })
        if len(items) == limit:
            break
    return items


def _require(store: Store, session_id: str) -> None:
    if not store.session_exists(session_id):
        raise UnknownSession(session_id)


def item(store: Store, session_id: str, low_confidence: float) -> dict[str, Any]:
    """One conversation for the team: transcript with each reply's entry, confidence and flags; triage record."""
    _require(store, session_id)
    helpful = {r["reply_id"]: bool(r["helpful"]) for r in store.read(
        "SELECT f.reply_id, f.helpful FROM feedback f JOIN exchanges e ON e.reply_id = f.reply_id "
        "WHERE e.session_id = ? ORDER BY f.created", (session_id,))}
    transcript: list[dict[str, Any]] = []
    for exchange in store.exchanges(session_id):
        transcript.append({"role": "user", "text": exchange.message, "created": exchange.created})
        flags = [name for name, on in (
            ("declined", exchange.fallback),
            ("low_confidence", not exchange.fallback and exchange.confidence < low_confidence),
            ("conflict", bool(exchange.conflicts)),
            ("not_helpful", helpful.get(exchange.reply_id) is False),
            ("helpful", helpful.get(exchange.reply_id) is True),
        ) if on]
        transcript.append({
            "role": "bot", "text": exchange.answer, "created": exchange.created, "reply_id": exchange.reply_id,
            "entry_id": exchange.entry_id, "confidence": exchange.confidence, "flags": flags,
            "conflicts": exchange.conflicts,
        })
    for message in store.agent_messages(session_id):
        transcript.append({"role": "agent", "text": message["text"], "created": message["created"], "agent": message["agent"]})
    transcript.sort(key=lambda m: m["created"])  # stable: a user message stays before its reply
    return {
        "session_id": session_id,
        **item_summary(store, session_id),
        "handoffs": [dict(r) for r in store.read(
            "SELECT id, created, message, contact FROM handoffs WHERE session_id = ? ORDER BY created", (session_id,))],
        "transcript": transcript,
        "notes": [dict(r) for r in store.read(
            "SELECT n.created, n.text, a.name AS agent FROM triage_notes n JOIN agents a ON a.id = n.agent_id "
            "WHERE n.session_id = ? ORDER BY n.created", (session_id,))],
        "events": [dict(r) for r in store.read(
            "SELECT ev.created, ev.kind, ev.detail, a.name AS agent FROM triage_events ev "
            "JOIN agents a ON a.id = ev.agent_id WHERE ev.session_id = ? ORDER BY ev.created, ev.id", (session_id,))],
    }


def parse_labels(text: str) -> list[str]:
    """Labels from comma-separated text: trimmed, distinct, in order."""
    labels = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if len(labels) > MAX_LABELS or any(len(label) > MAX_LABEL_CHARS for label in labels):
        raise TriageError(f"at most {MAX_LABELS} labels of up to {MAX_LABEL_CHARS} characters each")
    return labels


def update(store: Store, session_id: str, agent: Agent, *, status: str | None = None,
           assignee: str | None = None, labels: list[str] | None = None) -> None:
    """Change status, assignee ('' unassigns) or labels; each change is recorded as an event."""
    _require(store, session_id)
    current = item_summary(store, session_id)
    if status is not None and status != current["status"]:
        if status not in STATUSES:
            raise TriageError(f"unknown status '{status}'; use one of {', '.join(STATUSES)}")
        store.change_triage(session_id, agent.id, "status", f"{current['status']} -> {status}", status=status)
    if assignee is not None and assignee != (current["assignee"] or ""):
        row = store.agent(name=assignee) if assignee else None
        if assignee and row is None:
            raise TriageError(f"no agent is named '{assignee}'")
        store.change_triage(session_id, agent.id, "assignee", assignee or "(nobody)",
                            assignee=row["id"] if row else None)
    if labels is not None and labels != current["labels"]:
        store.change_triage(session_id, agent.id, "labels", ", ".join(labels) or "(none)", labels=json.dumps(labels))


def item_summary(store: Store, session_id: str) -> dict[str, Any]:
    """A conversation's current status, assignee and labels."""
    rows = store.read(
        "SELECT t.status, a.name AS assignee, t.labels FROM triage t LEFT JOIN agents a ON a.id = t.assignee "
        "WHERE t.session_id = ?", (session_id,))
    if not rows:
        return {"status": "open", "assignee": None, "labels": []}
    row = dict(rows[0])
    return {**row, "labels": json.loads(row["labels"])}


def add_note(store: Store, session_id: str, agent: Agent, text: str) -> None:
    """Add an internal note (never shown to the user); recorded as an event."""
    _require(store, session_id)
    store.change_triage(session_id, agent.id, "note", text)


def reply(store: Store, session_id: str, agent: Agent, text: str) -> dict[str, Any]:
    """Post a person's reply into the user's conversation; the item becomes pending (waiting for the user)."""
    _require(store, session_id)
    message_id = new_id()
    created = store.add_agent_message(message_id, session_id, agent.id, text)
    if item_summary(store, session_id)["status"] == "open":
        update(store, session_id, agent, status="pending")
    return {"id": message_id, "role": "agent", "text": text, "created": created, "agent": agent.name}
