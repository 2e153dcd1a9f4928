"""A conversation as its user sees it: their messages, the bot's replies and a person's replies, in time order."""

from __future__ import annotations

from datetime import UTC, datetime

from ..store import Store
from .ids import UnknownSession
from .shapes import Message


def normalise_time(text: str) -> str:
    """An ISO 8601 time as the store writes it (UTC, microseconds); naive times are taken as UTC.

    ValueError when `text` is not such a time, or names one that UTC cannot hold (the calendar's first or last
    hours in a time zone on the far side of UTC).
    """
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:
        raise ValueError(f"{text} is outside the years UTC can hold") from None


def messages(store: Store, session_id: str, after: str | None = None) -> list[Message]:
    """The conversation as the user sees it, in time order: user, bot and agent messages (after `after`)."""
    if not store.session_exists(session_id):
        raise UnknownSession(session_id)
    out: list[Message] = []
    for exchange in store.exchanges(session_id):
        out.append(
            {"id": f"{exchange.reply_id}.q", "role": "user", "text": exchange.message, "created": exchange.created}
        )
        out.append(
            {
                "id": exchange.reply_id,
                "role": "bot",
                "text": exchange.answer,
                "created": exchange.created,
                "reply_id": exchange.reply_id,
            }
        )
    for note in store.user_messages(session_id):
        out.append({"id": note.id, "role": "user", "text": note.text, "created": note.created, "to": "person"})
    for message in store.agent_messages(session_id):
        out.append(
            {
                "id": message.id,
                "role": "agent",
                "text": message.text,
                "created": message.created,
                "agent": message.agent,
            }
        )
    out.sort(key=lambda m: m["created"])
    if after is not None:
        after = normalise_time(after)
        out = [m for m in out if m["created"] > after]
    return out
