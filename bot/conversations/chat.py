"""Conversations over the assistant: sessions, follow-ups, recording, feedback and hand-off to a person.

The HTTP layer calls these functions and renders what they return; nothing here knows about HTTP.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from ..store import Exchange, Store, StoreError, now
from ..kb.folding import is_cjk
from ..replies.assistant import Assistant
from ..replies.texts import HANDOFF_CONTACT, HANDOFF_NEXT
from .ids import UnknownReply, UnknownSession, new_id
from .shapes import ChatReply, FeedbackReceipt, HandoffTicket, Health

log = logging.getLogger(__name__)




@dataclass
class Conversations:
    """Answers messages in sessions and records every exchange, feedback and hand-off in the store."""

    assistant: Assistant
    store: Store

    def chat(self, message: str, session_id: str | None = None) -> ChatReply:
        """Answer one message; a follow-up in an existing session leans on that session's previous entry."""
        after = None
        new_session = session_id is None
        if new_session:
            session_id = new_id()
        else:
            try:
                if not self.store.session_exists(session_id):
                    raise UnknownSession(session_id)
                after = self.store.last_entry(session_id)
            except StoreError as exc:
                # The store is down: answer without the previous turn rather than not at all.
                log.warning("answering without session context: %s", exc)
        started = time.perf_counter()
        reply = self.assistant.ask(message, after=after)
        latency_ms = (time.perf_counter() - started) * 1000
        reply_id = new_id()
        exchange = Exchange(
            reply_id=reply_id,
            session_id=session_id,
            created=now(),
            message=message,
            answer=reply.answer,
            entry_id=reply.entry["id"] if reply.entry else None,
            confidence=reply.confidence,
            fallback=reply.fallback,
            conflicts=[c["id"] for c in reply.conflicts],
            lang=reply.lang,
            latency_ms=round(latency_ms, 3),
        )
        try:
            self.store.record_exchange(exchange, new_session=new_session)
        except StoreError as exc:
            log.error("exchange %s not recorded: %s", reply_id, exc)
        return ChatReply(**reply.to_dict(), reply_id=reply_id, session_id=session_id)

    def feedback(self, reply_id: str, helpful: bool, comment: str | None = None) -> FeedbackReceipt:
        """Record whether a reply helped."""
        if not self.store.reply_exists(reply_id):
            raise UnknownReply(reply_id)
        feedback_id = self.store.record_feedback(reply_id, helpful, comment)
        return {"feedback_id": feedback_id, "reply_id": reply_id, "helpful": helpful}

    def handoff(self, session_id: str, message: str | None = None, contact: str | None = None) -> HandoffTicket:
        """Open a ticket for the support team holding the conversation so far; say what happens next."""
        if not self.store.session_exists(session_id):
            raise UnknownSession(session_id)
        lang = self.store.last_lang(session_id) or ("zh" if message and is_cjk(message) else "en")
        handoff_id = new_id()
        created = self.store.record_handoff(handoff_id, session_id, message, contact)
        text = HANDOFF_NEXT[lang].format(contact=HANDOFF_CONTACT[lang] if contact else "")
        return {
            "handoff_id": handoff_id,
            "session_id": session_id,
            "status": "open",
            "created": created,
            "exchanges": self.store.exchange_count(session_id),
            "next": text,
            "lang": lang,
        }

    def health(self) -> Health:
        """Whether the knowledge base is loaded and the store answers."""
        kb = self.assistant.kb
        store_ok = self.store.ping()
        return {
            "status": "ok" if store_ok else "degraded",
            "knowledge": {"entries": len(kb.entries), "conflicts": len(kb.conflicts), "sources": len(kb.sources)},
            "store": "ok" if store_ok else "unreachable",
        }
