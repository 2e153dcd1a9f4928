"""Hybrid retriever: word and character TF-IDF, re-ranked with rapidfuzz, one best match per label.

A label (an entry) is scored both by its single closest document (a phrasing) and by the centroid of all its
documents, so that a short, generic phrasing cannot outrank an entry whose whole vocabulary fits the query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .text import Normalizer, word_features


@dataclass(frozen=True, slots=True)
class Match:
    """The best document of one label for a query, with each similarity in [0, 1]."""

    label: str
    score: float
    word: float
    char: float
    fuzzy: float
    centroid: float
    text: str


class HybridRetriever:
    """Scores a query against labelled documents; `fit` learns the vocabularies, `query` ranks labels."""

    def __init__(
        self,
        *,
        normalizer: Callable[[str], str] | None = None,
        word_weight: float = 0.4,
        char_weight: float = 0.35,
        fuzzy_weight: float = 0.25,
        centroid_weight: float = 0.75,
        shortlist: int = 40,
        char_ngrams: tuple[int, int] = (2, 4),
        fuzzy_scorer: Callable[..., float] = fuzz.WRatio,
    ):
        self.normalizer = normalizer
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.fuzzy_weight = fuzzy_weight
        self.centroid_weight = centroid_weight
        self.shortlist = shortlist
        self.char_ngrams = char_ngrams
        self.fuzzy_scorer = fuzzy_scorer

    def _normalize(self, text: str) -> str:
        return (self.normalizer or Normalizer())(text)

    def fit(self, documents: Sequence[str], labels: Sequence[str]) -> HybridRetriever:
        """Index `documents`, each carrying the label a query matching it resolves to."""
        if len(documents) != len(labels) or not documents:
            raise ValueError("fit needs as many labels as documents, and at least one document")
        self.documents_ = [self._normalize(d) for d in documents]
        self.labels_ = np.asarray(labels, dtype=object)
        self.label_names_, self.label_index_ = np.unique(self.labels_, return_inverse=True)
        self.word_vectorizer_ = TfidfVectorizer(analyzer=word_features, sublinear_tf=True)
        self.word_matrix_ = self.word_vectorizer_.fit_transform(self.documents_).tocsr()
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.char_ngrams, lowercase=False, sublinear_tf=True
        )
        self.char_matrix_ = self.char_vectorizer_.fit_transform(self.documents_).tocsr()
        # Sum of each label's document vectors; kept unnormalised so one document can be left out exactly.
        membership = sp.csr_matrix(
            (np.ones(len(documents)), (self.label_index_, np.arange(len(documents)))),
            shape=(len(self.label_names_), len(documents)),
        )
        self.word_sums_ = (membership @ self.word_matrix_).tocsr()
        self.char_sums_ = (membership @ self.char_matrix_).tocsr()
        self.word_centroids_ = normalize(self.word_sums_)
        self.char_centroids_ = normalize(self.char_sums_)
        return self

    def _vectors(self, normalized: str) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        return self.word_vectorizer_.transform([normalized]), self.char_vectorizer_.transform([normalized])

    def _centroid_scores(self, word_q, char_q, exclude: int | None) -> np.ndarray:
        word = (self.word_centroids_ @ word_q.T).toarray().ravel()
        char = (self.char_centroids_ @ char_q.T).toarray().ravel()
        if exclude is not None:
            label = self.label_index_[exclude]
            for sums, q, out in ((self.word_sums_, word_q, word), (self.char_sums_, char_q, char)):
                rest = sums[label] - (self.word_matrix_ if sums is self.word_sums_ else self.char_matrix_)[exclude]
                length = sp.linalg.norm(rest)
                out[label] = float((rest @ q.T).toarray()[0, 0] / length) if length else 0.0
        return (self.word_weight * word + self.char_weight * char) / (self.word_weight + self.char_weight or 1.0)

    def query(self, text: str, k: int = 5, *, exclude: int | None = None) -> list[Match]:
        """The `k` best labels for `text`, best first; `exclude` leaves one document out (for calibration)."""
        normalized = self._normalize(text)
        if not normalized:
            return []
        word_q, char_q = self._vectors(normalized)
        word = (self.word_matrix_ @ word_q.T).toarray().ravel()
        char = (self.char_matrix_ @ char_q.T).toarray().ravel()
        centroid = self._centroid_scores(word_q, char_q, exclude)
        lexical = self.word_weight * word + self.char_weight * char
        if exclude is not None:
            lexical[exclude] = -1.0
        n = min(self.shortlist, lexical.size)
        candidates = np.argpartition(-lexical, n - 1)[:n] if n < lexical.size else np.arange(lexical.size)
        best: dict[str, Match] = {}
        mix = self.centroid_weight
        for i in candidates:
            if i == exclude:
                continue
            fuzzy = self.fuzzy_scorer(normalized, self.documents_[i]) / 100.0
            own = float(lexical[i] + self.fuzzy_weight * fuzzy)
            c = float(centroid[self.label_index_[i]])
            score = (1 - mix) * own + mix * c
            label = self.labels_[i]
            if label not in best or score > best[label].score:
                best[label] = Match(label, score, float(word[i]), float(char[i]), fuzzy, c, self.documents_[i])
        return sorted(best.values(), key=lambda m: m.score, reverse=True)[:k]
