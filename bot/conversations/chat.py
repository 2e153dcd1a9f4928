"""Conversations over the assistant: sessions, follow-ups, recording, feedback and hand-off to a person.

The HTTP layer calls these functions and renders what they return; nothing here knows about HTTP.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass, field
from typing import cast

from ..kb.folding import is_cjk
from ..kb.schema import Lang
from ..replies.assistant import Assistant
from ..replies.texts import BACK_TO_BOT, HANDOFF_CONTACT, HANDOFF_NEXT, WITH_PERSON, usual_wait
from ..store import Exchange, Store, StoreError, now
from ..store.base import WITH_PERSON as WITH_A_PERSON
from ..store.base import Handoff, HandoffStatus, StoreCheck
from . import transcript
from .ids import UnknownReply, UnknownSession, issued, new_id, new_session_id
from .shapes import (
    BackToBot,
    ChatReply,
    FeedbackReceipt,
    HandoffState,
    HandoffTicket,
    Health,
    LimitsState,
    Messages,
    Mode,
)
from .tally import Tally

log = logging.getLogger(__name__)

WAIT_SAMPLE = 50
"""The usual wait for a person is the median over this many of the latest hand-offs that got a reply..."""
WAIT_MIN_SAMPLE = 3
"""...once there are at least this many; before that the widget says nothing of how long it takes."""
WAIT_FRESH_SECONDS = 60.0
"""The figure is worked out again at most this often per worker (the widget polls every few seconds)."""

CHECK_FRESH_SECONDS = 1.0
"""A worker checks that the store takes writes at most this often, however often /health is asked."""
STORE_PROBLEMS: dict[str, str] = {
    "read_only": "the database refuses writes (read-only)",
    "locked": "another process holds the database's write lock",
    "unreachable": "the database cannot be reached",
}
STORE_CONSEQUENCE = "chat answers without recording, feedback and hand-offs answer 503"


@dataclass
class Conversations:
    """Answers messages in sessions and records every exchange, feedback and hand-off in the store.

    `secret` signs the session ids handed out, so that a conversation whose first exchanges could not be recorded
    (the store was down) goes on once the store is back; `unrecorded` counts the exchanges answered but not
    recorded (shared by every worker when made before they fork); each one is also logged.
    """

    assistant: Assistant
    store: Store
    secret: bytes = field(default=b"", repr=False)
    unrecorded: Tally = field(default_factory=Tally)
    _wait: tuple[float, int | None] = field(default=(float("-inf"), None), init=False, repr=False)
    _check: tuple[float, StoreCheck] = field(default=(float("-inf"), StoreCheck("ok")), init=False, repr=False)

    def chat(self, message: str, session_id: str | None = None) -> ChatReply:
        """Answer one message; a follow-up in an existing session leans on that session's previous entry."""
        after = None
        new_session = session_id is None
        if session_id is None:
            session_id = new_session_id(self.secret)
        else:
            try:
                state = self.store.follow_up(session_id)
            except StoreError as exc:
                # The store is down: answer without the previous turn (or a hand-off) rather than not at all.
                log.warning("answering without session context: %s", exc)
            else:
                if state is None:
                    if not issued(self.secret, session_id):
                        raise UnknownSession(session_id)
                    # Handed out here while the store could not record it: the conversation goes on, without context.
                    log.warning("session %s goes on without its earlier exchanges, which were not recorded", session_id)
                elif state.handoff is not None:
                    return self._to_person(message, session_id, state.handoff)
                else:
                    after = state.last_entry
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
            count = self.unrecorded.add()
            log.error("exchange %s of session %s not recorded (%d since start): %s", reply_id, session_id, count, exc)
        return ChatReply(**reply.to_dict(), reply_id=reply_id, session_id=session_id)

    def _to_person(self, message: str, session_id: str, handoff: Handoff) -> ChatReply:
        """A message while the conversation is with a person: it goes to the support team; the bot stays quiet."""
        lang = self._lang(session_id) if not is_cjk(message) else "zh"
        message_id = new_id()
        self.store.record_user_message(message_id, session_id, message)  # unrecorded, it would reach nobody
        minutes = self.usual_wait_minutes()
        return ChatReply(
            answer=WITH_PERSON[lang].format(wait=usual_wait(minutes, lang)),
            fallback=False,
            confidence=0.0,
            entry=None,
            sources=[],
            conflicts=[],
            suggestions=[],
            notice=self.assistant.notice(lang),
            lang=lang,
            reply_id=message_id,
            session_id=session_id,
            mode="person",
            usual_wait_minutes=minutes,
        )

    def _lang(self, session_id: str) -> Lang:
        """The language the session was last answered in (English when unknown)."""
        return "zh" if self.store.last_lang(session_id) == "zh" else "en"

    def usual_wait_minutes(self) -> int | None:
        """Minutes a person usually takes to answer a hand-off, from the store's own figures; None until known."""
        checked, minutes = self._wait
        if time.monotonic() - checked < WAIT_FRESH_SECONDS:
            return minutes
        delays = self.store.first_reply_delays(WAIT_SAMPLE)
        minutes = max(1, round(statistics.median(delays) / 60)) if len(delays) >= WAIT_MIN_SAMPLE else None
        self._wait = (time.monotonic(), minutes)
        return minutes

    def messages(self, session_id: str, after: str | None = None) -> Messages:
        """The conversation as its user sees it, whether a person or the bot answers it now, and its latest
        hand-off (so that a client sees how one ended: resolved, or returned to the bot)."""
        found = transcript.messages(self.store, session_id, after)
        handoffs = self.store.handoffs(session_id)
        state: HandoffState | None = None
        if handoffs:
            latest = handoffs[-1]
            with_person = latest.status in WITH_A_PERSON
            state = {
                "handoff_id": latest.id,
                "status": cast(HandoffStatus, latest.status),
                "usual_wait_minutes": self.usual_wait_minutes() if with_person else None,
            }
        mode: Mode = "person" if state and state["status"] in WITH_A_PERSON else "bot"
        return {"session_id": session_id, "messages": found, "mode": mode, "handoff": state}

    def back_to_bot(self, session_id: str) -> BackToBot:
        """The user asks the bot again: the hand-off ends and the bot answers the next messages."""
        if not self.store.session_exists(session_id):
            raise UnknownSession(session_id)
        ended = self.store.return_to_bot(session_id, agent_id=None)
        lang = self._lang(session_id)
        return {
            "session_id": session_id,
            "handoff_id": ended.id if ended else None,
            "mode": "bot",
            "message": BACK_TO_BOT[lang],
            "lang": lang,
        }

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
        last = self.store.last_lang(session_id)
        lang: Lang = "zh" if last == "zh" or (last is None and message and is_cjk(message)) else "en"
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
            "mode": "person",
            "usual_wait_minutes": self.usual_wait_minutes(),
        }

    def store_check(self) -> StoreCheck:
        """The store's write check, made at most once a second per worker (a burst of probes costs one check)."""
        checked, found = self._check
        if time.monotonic() - checked >= CHECK_FRESH_SECONDS:
            found = self.store.check()
            self._check = (time.monotonic(), found)
        return found

    def health(self, limits: LimitsState = "off") -> Health:
        """Whether the knowledge base is loaded, a write to the store can happen, and where rate limits are counted
        (`limits`); `degraded` with the reasons when not."""
        kb = self.assistant.kb
        problems = []
        check = self.store_check()
        if check.state != "ok":
            problems.append(f"store: {STORE_PROBLEMS[check.state]} ({check.reason}); {STORE_CONSEQUENCE}")
        if limits == "unreachable":
            problems.append("limits: the shared rate-limit storage does not answer; each worker counts on its own")
        return {
            "status": "degraded" if problems else "ok",
            "knowledge": {"entries": len(kb.entries), "conflicts": len(kb.conflicts), "sources": len(kb.sources)},
            "store": check.state,
            "unrecorded": self.unrecorded.value,
            "limits": limits,
            "problems": problems,
        }
