"""Hybrid retriever: word and character TF-IDF, re-ranked with rapidfuzz, one best match per label.

A label (an entry) is scored both by its single closest document (a phrasing) and by the centroid of all its
documents, so that a short, generic phrasing cannot outrank an entry whose whole vocabulary fits the query.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Sequence

import msgspec
import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from .sparse_index import InvertedIndex, QueryVectorizer
from .text import Normalizer, word_features
from .tfidf import CountedTfidf

FUZZY_CEILING = 1.0
"""The highest fuzzy similarity (a scorer's 100): bounds what a candidate not yet scored can reach."""
DIRECT_SCORING = 2
"""Documents up to which a ranking's round calls the fuzzy scorer for each rather than `process.extract` once."""
_MARGIN = 1e-9
"""Added to a bound worked out in other arithmetic than the scorer's own, so that it stays a bound."""


def wratio_ceiling(length: int, other: int) -> float:
    """The highest similarity in [0, 1] that `fuzz.WRatio` can give two texts of these lengths (in characters).

    WRatio is the largest of its plain ratio and of other ratios scaled down: by 0.95 for texts of about the same
    length (the longer below 1.5 times the shorter), by 0.9 at most otherwise. The plain ratio, an edit similarity,
    is at most twice the shorter length over the two lengths' sum: the longer text's extra characters are all edits.
    """
    short, long = (length, other) if length < other else (other, length)
    if not short:
        return 0.0  # WRatio gives an empty text 0
    if long >= 1.6 * short:  # (from 1.5 times on, with room for WRatio's own test in floating point)
        return 0.9 + _MARGIN  # the plain ratio is below 0.8 there
    plain = 2 * short / (short + long) + _MARGIN
    return plain if plain > 0.95 + _MARGIN else 0.95 + _MARGIN


def _row_dot(matrix: sp.csr_matrix, row: int, ids: np.ndarray, values: np.ndarray) -> float:
    """One CSR row's dot product with a sparse query (`ids` increasing, their `values`), without scipy's slow row
    indexing: the query's value at each of the row's features (0 where it has none), times the row's values, as
    with the query laid out dense, without laying it out (the vocabulary of a large KB is long)."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    features = matrix.indices[start:end]
    if not ids.size:
        return 0.0
    at = np.minimum(np.searchsorted(ids, features), ids.size - 1)
    gathered = np.where(ids[at] == features, values[at], 0.0)
    return float(gathered @ matrix.data[start:end])


@functools.lru_cache(maxsize=16)
def _block_starts(size: int, step: int) -> np.ndarray:
    """Where each block of `step` values starts among `size` (the same few sizes at every question: made once)."""
    starts = np.arange(0, size, step)
    starts.flags.writeable = False
    return starts


def top_positions(values: np.ndarray, n: int) -> np.ndarray:
    """Positions of the `n` largest `values`, largest first, ties by position (on every machine: `np.argpartition`
    keeps a different one of tied values depending on the processor's vector instructions).

    Each block's maximum bounds what the block holds: the n-th largest maximum is at most the n-th largest value,
    so only values at or above it are sorted. (Partitioning the values for the n-th largest itself cost twice as
    much, even on the shipped KB's 1,936 documents.)
    """
    if n >= values.size:
        return np.argsort(-values, kind="stable")
    # About four blocks a position sought: few values lie above the floor, and the maxima are quick to sort.
    maxima = np.maximum.reduceat(values, _block_starts(values.size, max(values.size // (4 * n), 1)))
    floor = np.sort(maxima)[-n] if maxima.size >= n else -np.inf
    above = np.flatnonzero(values >= floor)
    return above[np.argsort(-values[above], kind="stable")][:n]


# msgspec's structs, not frozen dataclasses: a frozen dataclass sets each field through `object.__setattr__`, about
# eight times as slow to make, and a question makes a handful of these.
class Match(msgspec.Struct, frozen=True):
    """The best document of one label for a query; similarities are in [0, 1]."""

    label: str
    score: float
    lexical: float
    fuzzy: float
    centroid: float
    text: str


class _Ranked(msgspec.Struct, frozen=True):
    """The shortlist of one query scored: each candidate's document and the parts of its score."""

    ids: list[int]
    lexical: list[float]
    centroid: list[float]
    fuzzy: list[float]
    scores: list[float]
    order: list[int]
    """Positions in the lists above, best score first."""


class _Vectors(msgspec.Struct, frozen=True):
    """A query's vectors: its word and character parts (ids, weights), and both side by side as the index holds them."""

    parts: tuple[tuple[np.ndarray, np.ndarray], ...]
    ids: np.ndarray
    values: np.ndarray


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
        shortlist: int = 30,
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

    def fit(
        self, documents: Sequence[str], labels: Sequence[str], char_vocabulary_from: Sequence[bool] | None = None
    ) -> HybridRetriever:
        """Index `documents`, each carrying the label a query matching it resolves to.

        `char_vocabulary_from` marks the documents whose character n-grams make the vocabulary (all by default);
        the others are indexed over that vocabulary only, which keeps the index small when many documents are
        examples of what the KB is not.
        """
        if len(documents) != len(labels) or not documents:
            raise ValueError("fit needs as many labels as documents, and at least one document")
        self.normalize_ = self.normalizer or Normalizer()
        self.documents_ = [self.normalize_(d) for d in documents]
        self.labels_ = np.asarray(labels, dtype=object)
        self.label_list_ = self.labels_.tolist()  # the same, read one at a time by each query (quicker from a list)
        self.label_names_, self.label_index_ = np.unique(self.labels_, return_inverse=True)
        # float32 halves the matrices in memory; similarities need no more than six significant digits.
        # TfidfVectorizer's matrices, counted faster; answering from a fitted index needs none of scikit-learn.
        word_vectorizer = CountedTfidf(analyzer=word_features, dtype=np.float32)
        char_vectorizer = CountedTfidf(analyzer="char_wb", ngram_range=self.char_ngrams, dtype=np.float32)
        self.matrices_ = (
            word_vectorizer.fit_transform(self.documents_).tocsr(),
            self._char_matrix(char_vectorizer, char_vocabulary_from),
        )
        self.word_vocabulary_ = word_vectorizer.vocabulary_
        self.query_vectorizers_ = (QueryVectorizer(word_vectorizer), QueryVectorizer(char_vectorizer))
        # A question's text is vectorised for the ranking and again for its word ids: once is enough.
        self._vectorize = functools.lru_cache(maxsize=64)(self._vectors)
        self.weights_ = (self.word_weight, self.char_weight)
        self.char_offset_ = self.matrices_[0].shape[1]
        # Words and characters side by side, each scaled by its weight: one dot product gives the lexical score.
        lexical = sp.hstack([w * m for w, m in zip(self.weights_, self.matrices_, strict=False)])
        # Each label's summed document vectors: normalised and weighted in the centroid index; the raw sums,
        # their norms and each document's dot with its own label's sum stay, to leave one document out exactly.
        membership = sp.csr_matrix(
            (np.ones(len(documents)), (self.label_index_, np.arange(len(documents)))),
            shape=(len(self.label_names_), len(documents)),
        )
        self.sums_ = tuple((membership @ m).tocsr() for m in self.matrices_)
        self.sum_norms_ = tuple(np.sqrt(np.asarray(s.multiply(s).sum(axis=1)).ravel()) for s in self.sums_)
        # The same sums with each row's features in order, to find a document's features in its label's sum.
        self.sorted_sums_ = tuple(s.sorted_indices() for s in self.sums_)
        blocks = [
            sp.diags(np.divide(w, n, out=np.zeros_like(n), where=n > 0)) @ s
            for w, n, s in zip(self.weights_, self.sum_norms_, self.sums_, strict=False)
        ]
        # Documents above, label centroids below: one pass over the query's columns scores both.
        self.index_ = InvertedIndex(sp.vstack([lexical, sp.hstack(blocks)]))
        return self

    def _char_matrix(self, vectorizer: CountedTfidf, vocabulary_from: Sequence[bool] | None) -> sp.csr_matrix:
        if vocabulary_from is None:
            return vectorizer.fit_transform(self.documents_).tocsr()
        return vectorizer.fit_part_transform(self.documents_, vocabulary_from).tocsr()

    @staticmethod
    def _own_dot(matrix: sp.csr_matrix, row: int, sums: sp.csr_matrix, label: int) -> float:
        """One document's dot product with its own label's summed vector (`sums` with each row's features in order).

        Summed one product at a time in the document's stored order, as scipy's sparse product does, so that the
        value is the one a product of the two rows gives; only the documents left out for calibration need it.
        """
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        ids, values = matrix.indices[start:end], matrix.data[start:end].astype(np.float64)
        lo, hi = sums.indptr[label], sums.indptr[label + 1]
        sum_ids, sum_values = sums.indices[lo:hi], sums.data[lo:hi]
        at = np.minimum(np.searchsorted(sum_ids, ids), max(sum_ids.size - 1, 0))
        shared = sum_ids[at] == ids if sum_ids.size else np.zeros(ids.size, dtype=bool)
        products = values[shared] * sum_values[at[shared]]
        return float(np.cumsum(products)[-1]) if products.size else 0.0

    def _left_out_centroid(self, parts, exclude: int) -> float:
        """The weighted centroid cosine of `exclude`'s own label, computed without that document."""
        label = self.label_index_[exclude]
        total = 0.0
        for weight, (ids, values), matrix, sums, norms, ordered in zip(
            self.weights_, parts, self.matrices_, self.sums_, self.sum_norms_, self.sorted_sums_, strict=False
        ):
            order = np.argsort(ids)
            ids, values = ids[order], values[order]
            dot = _row_dot(sums, label, ids, values) - _row_dot(matrix, exclude, ids, values)
            # |S - x|^2 = |S|^2 - 2 S.x + |x|^2, with |x| = 1
            own = self._own_dot(matrix, exclude, ordered, label)
            length = math.sqrt(max(norms[label] ** 2 - 2 * own + 1.0, 0.0))
            total += weight * (dot / length if length > 0 else 0.0)
        return total

    def word_counts(self, rows: Sequence[bool]) -> Counter[str]:
        """How many of the documents `rows` marks hold each word (word pairs aside), read off the word matrix."""
        matrix = self.matrices_[0]
        held = np.bincount(matrix[np.flatnonzero(rows)].indices, minlength=matrix.shape[1]).tolist()
        return Counter({w: held[i] for w, i in self.word_vocabulary_.items() if held[i] and " " not in w})

    def clear_cache(self) -> None:
        """Forget the results kept for texts seen recently."""
        self._vectorize.cache_clear()  # the vectorisers' words stay: words, unlike texts, recur across questions

    def _vectors(self, normalized: str) -> _Vectors:
        parts = tuple(vectorize(normalized) for vectorize in self.query_vectorizers_)
        # Words and characters side by side, as the index holds them: the query the index multiplies.
        ids = np.concatenate([parts[0][0], parts[1][0] + self.char_offset_])
        return _Vectors(parts, ids, np.concatenate([parts[0][1], parts[1][1]]))

    def word_ids(self, text: str) -> np.ndarray:
        """Ids, in the word vocabulary, of the words and word pairs of `text`."""
        return self._vectorize(self.normalize_(text)).parts[0][0]

    def _rank(
        self,
        normalized: str,
        lexical: np.ndarray,
        centroid: np.ndarray,
        candidates: np.ndarray,
        exclude: int | None,
        k: int,
    ) -> _Ranked:
        """The candidates that can give one of the `k` best labels, scored, and the order of their scores, best
        first (ties in the candidates' order).

        The fuzzy scorer is the costly part; its similarity lies in [0, 1], so a candidate's score lies between its
        score with no fuzzy match and its score with a perfect one (rounding is monotonic: the bounds hold of the
        floating-point scores too). Each label's first candidate is scored first, the `k` likeliest (by their scores
        with no fuzzy match) before the others, of which only those whose label a perfect match could bring up to the
        `k`-th score so far are scored; then a candidate that even a perfect fuzzy match leaves below a scored one of
        its own label, or below `k` labels' scored candidates, can give none of the best `k` labels, and is left out.
        Python numbers throughout: a few dozen of them are quicker so than in numpy, and the arithmetic is the same.
        """
        if exclude is not None:
            candidates = candidates[candidates != exclude]
        ids = candidates.tolist()
        labels = self.label_index_[candidates]
        lexical_of, centroid_of = lexical[candidates].tolist(), centroid[labels].tolist()
        labels_of = labels.tolist()
        mix, fuzzy_weight = self.centroid_weight, self.fuzzy_weight
        total_weight = sum(self.weights_) or 1.0
        rest = 1 - mix
        # The centroid part of each score, the same for every fuzzy similarity, and the most a score can be.
        base = [mix * cen / total_weight for cen in centroid_of]
        reach = fuzzy_weight * FUZZY_CEILING
        upper = [rest * (lex + reach) + b for lex, b in zip(lexical_of, base, strict=True)]
        # Each label's first candidate (the shortlist comes by lexical score, so mostly its best) is scored first.
        # (Read backwards, each label's last position written is its first.)
        leading = dict(zip(reversed(labels_of), range(len(labels_of) - 1, -1, -1), strict=True))
        first = sorted(leading.values())
        fuzzy: dict[int, float] = {}
        scores: dict[int, float] = {}
        if 0 < k < len(first):
            # ...the `k` likeliest first (by their scores with no fuzzy match), then only those of the others whose
            # label can still reach the `k`-th score so far: at most what a perfect match gives its first candidate
            # (no later candidate of its label has a higher lexical score, and the centroid is the label's).
            likeliest = sorted(first, key=lambda j: rest * lexical_of[j] + base[j], reverse=True)[:k]
            likeliest.sort()
            self._score(normalized, likeliest, ids, fuzzy, scores, lexical_of, base)
            bar = sorted(scores.values(), reverse=True)[k - 1]
            first = [j for j in first if j not in scores and upper[j] >= bar]
        self._score(normalized, first, ids, fuzzy, scores, lexical_of, base)
        bar = sorted(scores.values(), reverse=True)[k - 1] if 0 < k <= len(scores) else -math.inf
        # What a later candidate must reach to matter: its label's scored one, and the `k`-th label's.
        need = {labels_of[j]: score if score > bar else bar for j, score in scores.items()}
        more = [
            j
            for j, (label, bound) in enumerate(zip(labels_of, upper, strict=True))
            if label in need and bound >= need[label] and j not in scores
        ]
        if more and self.fuzzy_scorer is fuzz.WRatio:
            # A perfect match needs texts of about the same length: the most WRatio gives two texts of theirs may
            # leave a candidate below what it must reach.
            length, texts = len(normalized), self.documents_
            more = [
                j
                for j in more
                if rest * (lexical_of[j] + reach * wratio_ceiling(length, len(texts[ids[j]]))) + base[j]
                >= need[labels_of[j]]
            ]
        self._score(normalized, more, ids, fuzzy, scores, lexical_of, base)
        kept = sorted(scores)
        score_of = [scores[j] for j in kept]
        # Best first; `reverse` keeps equal scores in the candidates' order, as a stable sort by their negation does.
        order = sorted(range(len(kept)), key=score_of.__getitem__, reverse=True)
        return _Ranked(
            [ids[j] for j in kept],
            [lexical_of[j] for j in kept],
            [centroid_of[j] for j in kept],
            [fuzzy[j] for j in kept],
            score_of,
            order,
        )

    def _score(
        self,
        normalized: str,
        positions: list[int],
        ids: list[int],
        fuzzy: dict[int, float],
        scores: dict[int, float],
        lexical_of: list[float],
        base: list[float],
    ) -> None:
        """Score the candidates at `positions`: their fuzzy similarities into `fuzzy`, their scores into `scores`."""
        if not positions:
            return
        rest, fuzzy_weight = 1 - self.centroid_weight, self.fuzzy_weight
        for j, similarity in zip(positions, self._fuzzy(normalized, [ids[j] for j in positions]), strict=True):
            fuzzy[j] = similarity
            scores[j] = rest * (lexical_of[j] + fuzzy_weight * similarity) + base[j]

    def _fuzzy(self, normalized: str, documents: list[int]) -> list[float]:
        """The fuzzy similarity in [0, 1] of `normalized` with each of the documents, scored in one call (in compiled
        code); float64 keeps the scorer's exact values."""
        if not documents:
            return []
        if len(documents) <= DIRECT_SCORING:
            # A call of `extract` costs about a third of a document's scoring of its own (it prepares the query for
            # its choices): for one or two documents, the scorer called for each is quicker, with the same values.
            scorer, texts = self.fuzzy_scorer, self.documents_
            return [scorer(normalized, texts[i]) / 100.0 for i in documents]
        choices = [self.documents_[i] for i in documents]
        # `extract` with no limit scores every choice, as `cdist` does, without `cdist`'s wrapper in Python (it looks
        # the result's dtype up anew at each call: a few microseconds, against under one for each document scored).
        similarities = [0.0] * len(choices)
        for _, score, at in process.extract(normalized, choices, scorer=self.fuzzy_scorer, limit=None):
            similarities[at] = score / 100.0
        return similarities

    def query(self, text: str, k: int = 5, *, exclude: int | None = None) -> list[Match]:
        """The `k` best labels for `text`, best first; `exclude` leaves one document out (for calibration)."""
        normalized = self.normalize_(text)
        if not normalized:
            return []
        vectors = self._vectorize(normalized)
        scored = self.index_.dot(vectors.ids, vectors.values)
        lexical, centroid = scored[: self.labels_.size], scored[self.labels_.size :]
        if exclude is not None:
            centroid[self.label_index_[exclude]] = self._left_out_centroid(vectors.parts, exclude)
            lexical[exclude] = -1.0
        total_weight = sum(self.weights_) or 1.0
        n = min(self.shortlist, lexical.size)
        ranked = self._rank(normalized, lexical, centroid, top_positions(lexical, n), exclude, k)
        best: dict[str, Match] = {}
        labels = self.label_list_
        for j in ranked.order:
            i = ranked.ids[j]
            label = labels[i]
            if label in best:
                continue
            best[label] = Match(
                label,
                ranked.scores[j],
                ranked.lexical[j] / total_weight,
                ranked.fuzzy[j],
                ranked.centroid[j] / total_weight,
                self.documents_[i],
            )
            if len(best) == k:
                break
        return list(best.values())
