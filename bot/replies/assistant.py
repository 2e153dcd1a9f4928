"""The assistant: the engine decides what to answer, `compose` writes the reply; repeated questions are cached."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..kb.knowledge import KnowledgeBase
from . import compose
from .remarks import remark
from .reply import Lang, Reply

if TYPE_CHECKING:  # the engine is handed in; importing it here would load scikit-learn for every reader
    from ..matching.engine import Decision, Engine

REPLY_CACHE = 2048
"""Replies kept by default for repeated questions."""
SCOPE_CACHE = 4096
"""Scope judgements kept for the gaps page, which judges the same weak questions on every visit."""
OFF_TOPIC_BELOW = 0.5
"""A message closest to an out-of-scope example is off-topic when the engine thinks it more likely than not that
the KB does not answer it (its confidence is a calibrated probability)."""


class Assistant:
    """Answers messages from a fitted engine's knowledge base, in the reply shape every caller shares."""

    def __init__(self, engine: Engine, cache_size: int = REPLY_CACHE):
        self.engine = engine
        self.cache_size = cache_size
        # The engine is deterministic and users repeat the same questions; a reply is read-only data.
        self._cached = functools.lru_cache(maxsize=cache_size)(self._answer)
        self._off_topic = functools.lru_cache(maxsize=SCOPE_CACHE)(self._judge_off_topic)

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

    def off_topic(self, message: str) -> bool:
        """Whether the engine judges the message to be about something else than the KB's subject: it names another
        platform (not as where funds go), or it is closest to one of the KB's out-of-scope examples and probably not
        answered by the KB. A message about closing that the KB cannot answer yet is not off-topic: it is a gap."""
        return self._off_topic(" ".join(message.split()))

    def _judge_off_topic(self, text: str) -> bool:
        scope = self.engine.scope_
        if scope.other_platform(text) and not scope.names_subject(text):
            return True
        judged = self.engine.judge(scope.mask_destinations(text))
        return judged.out_of_scope_best and judged.confidence < OFF_TOPIC_BELOW

    def cache_info(self) -> functools._CacheInfo:
        """Hits, misses and size of the reply cache."""
        return self._cached.cache_info()

    def _answer(self, text: str, after: str | None) -> Reply:
        return reply_for(self.kb, self.engine.decide(text, after), text)


def reply_for(kb: KnowledgeBase, decision: Decision, message: str) -> Reply:
    """The reply that carries out the decision taken on `message` (a declined remark is met in kind)."""
    if decision.declined:
        return compose.decline(kb, decision.confidence, decision.suggestions, decision.lang, remark(message))
    entries = [kb.entries[entry_id] for entry_id in decision.entries]
    reply = compose.answer(
        kb, entries, decision.confidence, decision.suggestions, decision.lang, decision.asked, decision.in_session
    )
    return compose.cannot_act(reply, decision.lang) if decision.acting else reply
