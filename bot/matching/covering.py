"""Which entry's questions hold the words that carry a message's topic: the tie-break among entries that match alike.

The ranking scores a message against every phrasing by words and characters alike, so a phrasing that shares the
message's frame ("what happens to my ... after closing") can outscore one that shares its topic word ("balance",
"dust", "2fa"), which a single word's weight cannot make up for. When the best entry's questions use none of the
message's topical words, the entry among those that match nearly as well whose questions use the most of them
(weighed by how few entries use each) is put first. A topical word is one that the questions of few entries use, and
that everyday language does not use as a question's frame: "close", "account" or "happens" tell no entry from
another. The engine asks this of a message sent alone: after an answer, a short message leans on the answer before.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence

from .retriever import Match


class TopicCoverage:
    """Weighs, for each entry, the message's topical words that its phrasings use; reorders close matches by it.

    Parameters follow scikit-learn's conventions: set in `__init__`, never changed by `fit`; what `fit` learns ends
    in an underscore.
    """

    def __init__(self, within: float = 0.6, max_share: float = 0.2, kept_first: frozenset[str] = frozenset()):
        self.within = within
        """How close to the best score (as a share of it) a match must be to be put first for its topical words."""
        self.max_share = max_share
        """The largest share of the entries whose questions may use a word that still tells entries apart."""
        self.kept_first = kept_first
        """Entries never put behind another for its words: the steps to close, whose questions name no topic of their
        own, answer a request to close however much else the request mentions ("the coins are out, close it")."""

    def fit(
        self, entry_words: Mapping[str, Collection[str]], frame: Callable[[list[str]], list[bool]]
    ) -> TopicCoverage:
        """Learn from the words of each entry's questions; `frame` marks the words everyday language uses as a
        question's frame, which never count as topical."""
        if not entry_words:
            raise ValueError("no entries to tell apart")
        using = Counter(w for words in entry_words.values() for w in set(words))
        total = len(entry_words)
        candidates = sorted(w for w, n in using.items() if n <= self.max_share * total)
        framing = frame(candidates) if candidates else []
        self.weights_ = {
            w: math.log(total / using[w]) for w, is_frame in zip(candidates, framing, strict=True) if not is_frame
        }
        self.words_ = {label: frozenset(self.weights_.keys() & set(words)) for label, words in entry_words.items()}
        return self

    def covered(self, label: str, words: Sequence[str]) -> float:
        """The summed weight of the topical `words` (distinct) that `label`'s phrasings use."""
        own = self.words_.get(label, frozenset())
        return sum(self.weights_[w] for w in set(words) if w in own)

    def rerank(self, matches: Sequence[Match], words: Sequence[str]) -> tuple[Match, ...]:
        """`matches` (best first), with the close match whose entry covers the most of the message's topical `words`
        put first when the best one's entry covers none of them; otherwise unchanged."""
        matches = tuple(matches)
        topical = [w for w in dict.fromkeys(words) if w in self.weights_]
        if len(matches) < 2 or not topical:
            return matches
        floor = matches[0].score * self.within
        coverage = [self.covered(m.label, topical) if m.score >= floor else -1.0 for m in matches]
        if coverage[0] > 0 or matches[0].label in self.kept_first:
            return matches
        best = max(range(len(matches)), key=lambda i: (coverage[i], -i))
        if best == 0 or coverage[best] <= coverage[0]:
            return matches
        return (matches[best], *matches[:best], *matches[best + 1 :])
