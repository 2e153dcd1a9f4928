"""The answer engine: matches a message to entries, judges confidence and scope, and composes the reply."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import compose
from .calibration import LogisticCalibrator
from .knowledge import KnowledgeBase
from .reply import Reply
from .retriever import HybridRetriever, Match
from .scope import ScopeSignals
from .spelling import SpellingCorrector
from .text import Normalizer, is_cjk, tokens

OUT_OF_SCOPE = "~out-of-scope"

# Where one message asks several things: split on sentence ends, or on "and"/"also" before a new question.
_QUESTION_BREAK = re.compile(
    r"[?？;；。!！]+\s*"
    r"|\s+(?:and|also|plus)\s+(?=(?:what|how|when|where|why|which|can|could|do|does|is|are|will|would|should|must|my)\b)"
    r"|[,，]?\s*(?:还有|以及|另外)",
    re.IGNORECASE,
)
# Words that point back at the previous turn ("how long does that take?").
_ANAPHORA = re.compile(r"\b(?:that|it|this|those|them|these|they)\b|这|那|它")


@dataclass(frozen=True)
class EngineConfig:
    """Tunable parameters of the engine; defaults were chosen from measurements (see README)."""

    decline_below: float = 0.4
    """Confidence under which the bot declines instead of answering."""
    suggest_within: float = 0.1
    """A runner-up scoring within this of the best match is offered as "did you mean"."""
    suggestion_floor: float = 0.35
    """Matches scoring under this are never suggested."""
    max_suggestions: int = 3
    followup_max_tokens: int = 6
    """A message this short may lean on the previous turn's entry."""
    followup_min_coverage: float = 0.5
    """...but only when at least this share of its words are ones the KB uses."""
    followup_weak_below: float = 0.6
    """A short message answered alone below this confidence stays with the previous entry when context favours it."""
    calibration_samples: int = 1500
    """At most this many held-out documents train the confidence model (bounds build time on large KBs)."""
    candidates: int = 5
    reply_cache: int = 2048
    """Replies kept per (message, previous entry); the engine is deterministic, and users repeat the same questions."""


@dataclass(frozen=True)
class Judgement:
    """What the engine concluded about one piece of text."""

    matches: tuple[Match, ...]
    confidence: float
    out_of_scope_best: bool

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


FEATURES = ("top", "oos", "top_minus_oos", "other_platform", "coverage", "length")


class Engine:
    """Answers questions from a knowledge base; `fit(kb)` builds the index and the confidence model."""

    def __init__(self, config: EngineConfig | None = None, retriever: HybridRetriever | None = None):
        self.config = config or EngineConfig()
        self.retriever = retriever

    # ---- building -------------------------------------------------------------------------------
    def fit(self, kb: KnowledgeBase) -> Engine:
        """Index the KB's phrasings and out-of-scope examples, then calibrate confidence on held-out ones."""
        self.kb_ = kb
        self.normalizer_ = Normalizer(kb.scope.synonyms, drop=kb.scope.subject)
        self.scope_ = ScopeSignals(kb.scope.subject, kb.scope.other_platforms)
        documents: list[str] = []
        labels: list[str] = []
        for entry in kb.entries.values():
            for text in (entry.question, entry.question_zh, *entry.phrasings):
                if text:
                    documents.append(text)
                    labels.append(entry.id)
        for text in kb.scope.out_of_scope:
            documents.append(text)
            labels.append(OUT_OF_SCOPE)
        synonym_words = [w for values in kb.scope.synonyms.values() for w in values]
        trusted = [text for e in kb.entries.values() for text in (e.question, e.answer)]
        self.speller_ = SpellingCorrector().fit(
            documents, trusted=[*trusted, *synonym_words, *kb.scope.other_platforms, *kb.scope.out_of_scope]
        )
        retriever = self.retriever or HybridRetriever()
        retriever.normalizer = self.normalizer_
        self.retriever_ = retriever.fit(documents, labels)
        self.vocabulary_ = Counter(
            t for doc, label in zip(self.retriever_.documents_, labels) if label != OUT_OF_SCOPE for t in set(tokens(doc))
        )
        self.calibrator_ = self._calibrate(documents, labels)
        self._cached_ask = functools.lru_cache(maxsize=self.config.reply_cache)(self._ask)
        return self

    def _calibrate(self, documents: list[str], labels: list[str]) -> LogisticCalibrator:
        rng = np.random.default_rng(0)
        index = np.arange(len(documents))
        if len(index) > self.config.calibration_samples:
            index = rng.choice(index, self.config.calibration_samples, replace=False)
        rows, targets, weights = [], [], []
        n_oos = sum(1 for i in index if labels[i] == OUT_OF_SCOPE) or 1
        n_in = max(len(index) - n_oos, 1)
        for i in index:
            matches = self.retriever_.query(documents[i], k=self.config.candidates, exclude=int(i))
            own = set(tokens(self.retriever_.documents_[i])) if labels[i] != OUT_OF_SCOPE else set()
            rows.append(self._features(documents[i], matches, leave_out=own))
            if labels[i] != OUT_OF_SCOPE:
                targets.append(1.0)
                weights.append(1.0)
                continue
            # Out-of-scope examples are few; weigh them so both kinds count alike. Each also counts as a
            # question unlike any known out-of-scope example, so that a weak match alone is not trusted.
            in_kb_only = [m for m in matches if m.label != OUT_OF_SCOPE]
            rows.append(self._features(documents[i], in_kb_only))
            targets += [0.0, 0.0]
            weights += [n_in / n_oos / 2] * 2
        return LogisticCalibrator().fit(np.array(rows), np.array(targets), np.array(weights))

    def _features(self, text: str, matches: list[Match], leave_out: set[str] = frozenset()) -> list[float]:
        entry_matches = [m for m in matches if m.label != OUT_OF_SCOPE]
        oos = max((m.score for m in matches if m.label == OUT_OF_SCOPE), default=0.0)
        top = entry_matches[0] if entry_matches else None
        toks = tokens(self.normalizer_(text))
        known = sum(1 for t in toks if self.vocabulary_[t] - (t in leave_out) > 0)
        coverage = known / len(toks) if toks else 0.0
        foreign = 1.0 if self.scope_.other_platform(text) and not self.scope_.names_subject(text) else 0.0
        if top is None:
            return [0.0, oos, -oos, foreign, coverage, math.log1p(len(toks))]
        return [top.score, oos, top.score - oos, foreign, coverage, math.log1p(len(toks))]

    # ---- judging --------------------------------------------------------------------------------
    def judge(self, text: str) -> Judgement:
        """Rank entries for `text` and estimate the probability that the KB answers it."""
        text = self.speller_(text)
        matches = self.retriever_.query(text, k=self.config.candidates)
        if not matches:
            return Judgement((), 0.0, False)
        confidence = float(self.calibrator_.predict_proba([self._features(text, matches)])[0])
        entry_matches = tuple(m for m in matches if m.label != OUT_OF_SCOPE)
        return Judgement(entry_matches, confidence, matches[0].label == OUT_OF_SCOPE)

    def _confident(self, judged: Judgement) -> bool:
        return judged.best is not None and not judged.out_of_scope_best and judged.confidence >= self.config.decline_below

    def _suggestions(self, judged: Judgement | None, answered: set[str]) -> list[str]:
        """Entry ids of close runners-up ("did you mean"), then of entries related to what was answered."""
        cfg = self.config
        picks: list[str] = []
        matches = judged.matches if judged else ()
        best = matches[0] if matches else None
        for match in matches[1:]:
            if best and best.score - match.score <= cfg.suggest_within and match.score >= cfg.suggestion_floor:
                picks.append(match.label)
        for entry_id in answered:
            picks += self.kb_.entries[entry_id].related
        out = [entry_id for entry_id in dict.fromkeys(picks) if entry_id not in answered]
        return out[: cfg.max_suggestions]

    def _decline_suggestions(self, judged: Judgement) -> list[str]:
        """Entry ids of near misses first, then of the starter questions: what the bot can help with."""
        near = [m.label for m in judged.matches if m.score >= self.config.suggestion_floor and not judged.out_of_scope_best]
        return list(dict.fromkeys([*near, *self.kb_.scope.starters]))[: self.config.max_suggestions + 1]

    # ---- answering ------------------------------------------------------------------------------
    def ask(self, message: str, after: str | None = None) -> Reply:
        """Answer one message; `after` is the previous turn's entry id, for follow-ups."""
        text = " ".join(message.split())
        if not text:
            raise ValueError("message is empty")
        return self._cached_ask(text, after if after in self.kb_.entries else None)

    def cache_info(self) -> functools._CacheInfo:
        """Hits, misses and size of the reply cache."""
        return self._cached_ask.cache_info()

    def _ask(self, text: str, after: str | None) -> Reply:
        lang = "zh" if is_cjk(text) else "en"
        if self.scope_.other_platform(text) and not self.scope_.names_subject(text):
            return compose.decline(self.kb_, 0.0, self._decline_suggestions(Judgement((), 0.0, True)), lang)

        several = self._answer_parts(text)
        if several:
            entries, confidence, asked = several
            suggestions = self._suggestions(None, {e.id for e in entries})
            return compose.answer(self.kb_, entries, confidence, suggestions, lang, asked)

        judged = self.judge(text)
        if after in self.kb_.entries:
            judged = self._with_context(text, judged, after)
        if not self._confident(judged):
            return compose.decline(self.kb_, judged.confidence, self._decline_suggestions(judged), lang)
        entry = self.kb_.entries[judged.best.label]
        return compose.answer(self.kb_, [entry], judged.confidence, self._suggestions(judged, {entry.id}), lang, text)

    def _answer_parts(self, text: str):
        """Entries for a message that asks two or more distinct things, or None."""
        parts = [p for p in _QUESTION_BREAK.split(text) if p and tokens(self.normalizer_(p))]
        if len(parts) < 2:
            return None
        found: dict[str, float] = {}
        asked: dict[str, str] = {}  # each entry's part of the message, for its conflict flags
        for part in parts:
            judged = self.judge(part)
            if self._confident(judged):
                found.setdefault(judged.best.label, judged.confidence)
                asked[judged.best.label] = f"{asked.get(judged.best.label, '')} {part}".strip()
        if len(found) < 2:
            return None
        return [self.kb_.entries[i] for i in found], min(found.values()), list(asked.values())

    def _coverage(self, text: str) -> float:
        toks = tokens(self.normalizer_(self.speller_(text)))
        return sum(1 for t in toks if self.vocabulary_[t] > 0) / len(toks) if toks else 0.0

    def _with_context(self, text: str, alone: Judgement, after: str) -> Judgement:
        """Resolve a short follow-up against the previous entry when that reads better than the message alone."""
        if len(tokens(self.normalizer_(text))) > self.config.followup_max_tokens:
            return alone
        if alone.out_of_scope_best or self._coverage(text) < self.config.followup_min_coverage:
            # Mostly words the KB never uses ("recipe for pancakes"): a new topic, not a follow-up.
            return alone
        contextual = self.judge(f"{self.kb_.entries[after].question} {text}")
        if not self._confident(contextual):
            return alone
        if not self._confident(alone):
            return contextual
        refers_back = bool(_ANAPHORA.search(text.lower()))
        if refers_back and contextual.best.label != after and contextual.best.label != alone.best.label:
            return contextual
        if (contextual.best.label == after and alone.confidence < self.config.followup_weak_below
                and contextual.confidence > alone.confidence):
            # "why so long?": barely answerable alone, clearly about the previous answer in context.
            return contextual
        return alone
