"""A learned check of scope: how likely a message is one the KB's subject covers, from labelled example messages.

The engine's rules judge a message by the KB's own words and frames; this model is fitted on the KB's example
messages (`knowledge/scope_examples.jsonl`: messages written for the project, each marked in scope or not) and
reads a message as a whole, by its character n-grams and its words. The engine lets it take back an answer it finds
very unlikely to be in scope ("what fee do I pay when I send eth to my metamask"), and give the steps to close to a
message alone that the rules declined for want of confidence when it is sure the message is in scope.

Fitting reads every example and costs more time and memory than the rest of a build, so the fitted check is kept
with the KB as data (`knowledge/scope_check.json`, written by `python -m bot.devtools.make_examples`, which a test
compares with a fresh fit); the engine loads it with `ScopeGate.from_table`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from ..kb.learned import LearnedScope
from .sparse_index import QueryVectorizer
from .tfidf import CountedTfidf

_WORD = re.compile(r"\w+")
_SEPARATOR = "\u2016"  # between a message and its reading: no message's words run across it


def plain(text: str) -> str:
    """A message case-folded, with its spacing made single."""
    return " ".join(text.casefold().split())


def words_and_pairs(text: str) -> list[str]:
    """The words of a plain text and each pair of neighbouring words (a run of Chinese is one word)."""
    words = _WORD.findall(text)
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


class _Vocabulary:
    """What `QueryVectorizer` reads of a fitted vectoriser: the features' ids and idf, and how text is analysed."""

    lowercase = False  # the check case-folds a message itself
    strip_accents = None
    preprocessor = None
    input = "content"

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        ngram_range: tuple[int, int],
        analyzer: Callable[[str], list[str]] | str,
    ) -> None:
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self.ngram_range = ngram_range
        self.analyzer = analyzer

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """The function listing one text's features (only a callable analyser is asked for it)."""
        if not callable(self.analyzer):
            raise ValueError("character n-grams are listed word by word, not by an analyser")
        return self.analyzer


class ScopeGate:
    """Logistic regression over TF-IDF character n-grams and words; `probability(text)` is P(in scope).

    Parameters follow scikit-learn's conventions: set in `__init__`, never changed by `fit`; what `fit` learns ends
    in an underscore.
    """

    def __init__(
        self,
        c: float = 16.0,
        char_ngrams: tuple[int, int] = (1, 4),
        min_df: int = 2,
        cache_size: int = 256,
        reading: Callable[[str], str] | None = None,
    ):
        self.c = c
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.cache_size = cache_size
        """Scores kept for the messages seen last: few, as a repeated message is answered from the reply cache before
        the engine sees it, and each worker keeps its own."""
        self.reading = reading
        """How the engine reads a message (spelling corrected, synonyms rewritten): the check reads both the message
        and that reading, so "delet my acount" and "删号" share features with the words they stand for."""

    def _read(self, text: str) -> str:
        """The text the features are taken from: the message, and the engine's reading of it after a separator."""
        written = plain(text)
        if self.reading is None:
            return written
        return f"{written} {_SEPARATOR} {plain(self.reading(text))}"

    def fit(self, texts: Sequence[str], in_scope: Sequence[bool]) -> ScopeGate:
        """Learn from example messages and whether each is in scope."""
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression

        if len(texts) != len(in_scope):
            raise ValueError("texts and labels differ in length")
        labels = np.asarray(in_scope, dtype=bool)
        if labels.all() or not labels.any():
            raise ValueError("the examples need messages both in scope and out of it")
        read = [self._read(t) for t in texts]
        chars = CountedTfidf("char_wb", self.char_ngrams, min_df=self.min_df)
        words = CountedTfidf(words_and_pairs, min_df=self.min_df)
        matrix = sp.hstack([chars.fit_transform(read), words.fit_transform(read)], format="csr")
        # Balanced: the examples hold more off-topic messages than in-scope ones, which says nothing of real traffic.
        model = LogisticRegression(C=self.c, class_weight="balanced", solver="liblinear", random_state=0)
        model.fit(matrix, labels)
        weights = model.coef_[0].astype(np.float64)
        width = len(chars.vocabulary_)
        self.examples_ = len(read)
        self._learned(
            float(model.intercept_[0]),
            _Vocabulary(chars.vocabulary_, chars.idf_, self.char_ngrams, "char_wb"),
            weights[:width],
            _Vocabulary(words.vocabulary_, words.idf_, (1, 1), words_and_pairs),
            weights[width:],
        )
        return self

    def _learned(
        self,
        intercept: float,
        chars: _Vocabulary,
        char_weights: np.ndarray,
        words: _Vocabulary,
        word_weights: np.ndarray,
    ) -> None:
        self.intercept_ = intercept
        self.char_vocabulary_, self.char_weights_ = chars, char_weights
        self.word_vocabulary_, self.word_weights_ = words, word_weights
        self.char_vectorizer_ = QueryVectorizer(chars)
        self.word_vectorizer_ = QueryVectorizer(words)
        self._probability = functools.lru_cache(maxsize=self.cache_size)(self._uncached)

    def table(self) -> LearnedScope:
        """What the fitted check learned, as the KB keeps it."""

        def columns(vocabulary: _Vocabulary) -> tuple[str, ...]:
            return tuple(sorted(vocabulary.vocabulary_, key=vocabulary.vocabulary_.__getitem__))

        return LearnedScope(
            examples=self.examples_,
            intercept=self.intercept_,
            char_ngrams=self.char_ngrams,
            chars=columns(self.char_vocabulary_),
            char_idf=np.asarray(self.char_vocabulary_.idf_, dtype=np.float64),
            char_weights=self.char_weights_,
            words=columns(self.word_vocabulary_),
            word_idf=np.asarray(self.word_vocabulary_.idf_, dtype=np.float64),
            word_weights=self.word_weights_,
            normalized=self.reading is not None,
        )

    @classmethod
    def from_table(
        cls, check: LearnedScope, reading: Callable[[str], str] | None = None, cache_size: int = 256
    ) -> ScopeGate:
        """A fitted check from what the KB keeps of one; `reading` is needed when it was fitted with one."""
        if check.normalized != (reading is not None):
            raise ValueError("the check was fitted " + ("with" if check.normalized else "without") + " a reading")
        gate = cls(char_ngrams=check.char_ngrams, cache_size=cache_size, reading=reading)
        gate.examples_ = check.examples
        gate._learned(
            check.intercept,
            _Vocabulary({f: i for i, f in enumerate(check.chars)}, check.char_idf, check.char_ngrams, "char_wb"),
            check.char_weights,
            _Vocabulary({f: i for i, f in enumerate(check.words)}, check.word_idf, (1, 1), words_and_pairs),
            check.word_weights,
        )
        return gate

    def _uncached(self, read: str) -> float:
        ids, weights = self.char_vectorizer_(read)
        log_odds = self.intercept_ + float(self.char_weights_[ids] @ weights)
        ids, weights = self.word_vectorizer_(read)
        log_odds += float(self.word_weights_[ids] @ weights)
        return 1.0 / (1.0 + math.exp(-log_odds))

    def probability(self, text: str) -> float:
        """How likely `text` is a message the KB's subject covers, between 0 and 1."""
        return self._probability(self._read(text))

    def clear_cache(self) -> None:
        """Forget the messages scored so far."""
        self._probability.cache_clear()
