"""The assistant: the engine decides what to answer, `compose` writes the reply; repeated questions are cached."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..kb.knowledge import KnowledgeBase
from . import compose
from .reply import Lang, Reply

if TYPE_CHECKING:  # the engine is handed in; importing it here would load scikit-learn for every reader
    from ..matching.engine import Decision, Engine

REPLY_CACHE = 2048
"""Replies kept by default for repeated questions."""


class Assistant:
    """Answers messages from a fitted engine's knowledge base, in the reply shape every caller shares."""

    def __init__(self, engine: Engine, cache_size: int = REPLY_CACHE):
        self.engine = engine
        self.cache_size = cache_size
        # The engine is deterministic and users repeat the same questions; a reply is read-only data.
        self._cached = functools.lru_cache(maxsize=cache_size)(self._answer)

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base the answers come from."""
        return self.engine.kb

    def notice(self, lang: Lang = "en") -> str:
        """The note that the sources are third-party articles, not Binance."""
        return compose.notice(self.kb, lang)

    def ask(self, message: str, after: str | None = None) -> Reply:
        """Answer one message; `after` is the previous turn's entry id, for follow-ups."""
        text = " ".join(message.split())
        if not text:
            raise ValueError("message is empty")
        return self._cached(text, after if after in self.kb.entries else None)

    def cache_info(self) -> functools._CacheInfo:
        """Hits, misses and size of the reply cache."""
        return self._cached.cache_info()

    def _answer(self, text: str, after: str | None) -> Reply:
        return reply_for(self.kb, self.engine.decide(text, after))


def reply_for(kb: KnowledgeBase, decision: Decision) -> Reply:
    """The reply that carries out a decision."""
    if decision.declined:
        return compose.decline(kb, decision.confidence, decision.suggestions, decision.lang)
    entries = [kb.entries[entry_id] for entry_id in decision.entries]
    reply = compose.answer(kb, entries, decision.confidence, decision.suggestions, decision.lang, decision.asked)
    return compose.cannot_act(reply, decision.lang) if decision.acting else reply
