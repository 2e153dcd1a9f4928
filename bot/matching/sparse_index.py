"""Fast one-query TF-IDF: sklearn learns vocabulary and idf; queries are vectorised and scored without it.

sklearn's `transform` costs about a millisecond per call in input validation alone, which is most of a
query's budget; the arithmetic below is the same (sublinear tf, idf, l2 norm) on a handful of features.
"""

from __future__ import annotations

import functools
import itertools
import math
import struct

# The compiled loop that Counter counts with (collections keeps a Python one where it is not compiled).
from collections import _count_elements  # type: ignore[attr-defined]
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, cast

import numpy as np
import scipy.sparse as sp

from .tfidf import CountedTfidf, char_wb_ngrams

if TYPE_CHECKING:  # a fitted engine answers without loading scikit-learn (see `QueryVectorizer`)
    from sklearn.feature_extraction.text import TfidfVectorizer

try:  # compiled kernels of scipy.sparse, not its public interface: without them, scipy's slicing does the same
    from scipy.sparse import _sparsetools as _kernels
except ImportError:  # pragma: no cover
    _kernels = None


_TF_FACTORS = np.array([1.0, 1.0] + [1.0 + math.log(n) for n in range(2, 256)])
"""Sublinear term frequency's factor, 1 + log(count), by count (1 for a feature that comes once)."""


def _int64s(numbers: Collection[int]) -> np.ndarray:
    """`numbers` as a read-only int64 array, in their order: packed by `struct`, then viewed, which costs about a
    quarter fewer instructions than `np.fromiter` on a query's few dozen features (numpy packs each one alone)."""
    return np.frombuffer(struct.pack(f"{len(numbers)}q", *numbers), dtype=np.int64)


class QueryVectorizer:
    """Turns one text into (feature ids, weights) exactly as a fitted sublinear, l2-normed TfidfVectorizer would."""

    def __init__(self, fitted: TfidfVectorizer | CountedTfidf):
        self._vocabulary = fitted.vocabulary_
        # Weights are worked out in float64: the idf is widened once (exactly) instead of at every query.
        self._idf = np.asarray(fitted.idf_, dtype=np.float64)
        self._ngram_range = fitted.ngram_range
        # Character n-grams within word bounds never span two words, so a word's ids can be kept and reused;
        # only where sklearn would analyse the text as it is (no lower-casing, accents or preprocessor).
        plain = not fitted.lowercase and fitted.strip_accents is None and fitted.preprocessor is None
        self._by_word = fitted.analyzer == "char_wb" and plain and fitted.input == "content"
        self._word_ids = functools.lru_cache(maxsize=4096)(self._ids_of_word)
        # sklearn's analyser for a callable one only decodes bytes first: on text, the callable alone does the same.
        # Neither it nor the by-word path holds the vectoriser, so a fitted engine answers without scikit-learn.
        analyzer = fitted.analyzer
        self._analyze: Callable[[str], list[str]] | None = (
            None
            if self._by_word
            else analyzer
            if callable(analyzer) and fitted.input == "content"
            else fitted.build_analyzer()
        )

    def _ids_of_word(self, word: str) -> tuple[int, ...]:
        """Ids of one word's character n-grams in the vocabulary, in the order sklearn's `char_wb` lists them."""
        vocabulary = self._vocabulary
        return tuple(vocabulary[g] for g in char_wb_ngrams(word, *self._ngram_range) if g in vocabulary)

    def _counts(self, text: str) -> dict[int | None, int]:
        """How often each feature of `text` comes, by id (None for those the vocabulary lacks), in order of first
        appearance."""
        counts: dict[int | None, int] = {}
        if self._by_word:
            _count_elements(counts, itertools.chain.from_iterable(map(self._word_ids, text.split())))
        else:
            assert self._analyze is not None
            _count_elements(counts, map(self._vocabulary.get, self._analyze(text)))
        return counts

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and l2-normalised tf-idf weights of `text`."""
        counts = self._counts(text)
        counts.pop(None, None)
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        ids = _int64s(cast("dict[int, int]", counts))  # (None was popped above)
        weights = self._idf[ids]
        peak = max(counts.values())
        if peak > 1:  # a feature more than once: its weight is 1 + log(count) times idf
            if peak < _TF_FACTORS.size:  # the factors looked up: the same numbers, worked out once
                weights *= _TF_FACTORS[_int64s(counts.values())]
            else:
                weights *= [1.0 if n == 1 else 1.0 + math.log(n) for n in counts.values()]
        return ids, weights / math.sqrt(weights.dot(weights))


LONG_COLUMN = 2000
"""Stored values of a column above which it is multiplied where it is stored rather than copied out first."""
SHORT_RUN = 8
"""Short columns in a row, between long ones, from which they are copied out together rather than each multiplied
where it is stored."""


class InvertedIndex:
    """Column-major copy of a (rows x features) matrix, for dot products with a few-feature query.

    Only the query's columns are read, so a query costs the stored values of its own features, not of the whole
    matrix. scipy's compiled kernels do the work: the two that its own column slicing and matrix-vector product
    run, called directly, because the checks around them cost more than they do on a one-query slice.
    """

    def __init__(self, matrix: sp.spmatrix):
        csc = sp.csc_matrix(matrix, dtype=np.float64)
        csc.sort_indices()
        self._csc = csc
        self.n_rows = csc.shape[0]
        self._indptr, self._indices, self._data = csc.indptr, csc.indices, csc.data
        self._lengths = np.diff(csc.indptr)  # stored values per column
        # An index without a long column (a small KB's) copies every query's columns out: no need to look.
        self._longest = int(self._lengths.max()) if self._lengths.size else 0

    def dot(self, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Each row's dot product with the sparse query (ids, weights).

        The query's columns are added in its order, as scipy's product of the sliced matrix adds them: short ones
        copied out together and multiplied in one call, a long one (a common feature of a large index) multiplied
        where it is stored, which saves copying it; a query whose columns are long on average has each multiplied
        where it is stored (a copy between two long columns would cost more calls than it saves).
        """
        out = np.zeros(self.n_rows)
        if ids.size == 0:
            return out
        weights = np.asarray(weights, dtype=np.float64)
        if _kernels is None:
            return np.asarray(self._csc[:, ids] @ weights, dtype=np.float64)
        ids = ids.astype(self._indptr.dtype, copy=False)
        lengths = self._lengths[ids]
        if self._longest <= LONG_COLUMN or (
            int(lengths.sum()) <= LONG_COLUMN * ids.size and int(lengths.max()) <= LONG_COLUMN
        ):
            self._add_copied(ids, weights, lengths, out)  # short columns only: all copied out, one call
            return out
        # Mostly long columns (a large index), or a few among short ones: each long column where it is stored, a run
        # of short ones copied out together when it is long enough to be worth the copy's own calls.
        long = (lengths > LONG_COLUMN).tolist() if int(lengths.sum()) <= LONG_COLUMN * ids.size else [True] * ids.size
        k = stretch = 0  # columns from `stretch` to `k` are yet to be multiplied where they are stored
        while k < ids.size:
            end = k
            while end < ids.size and not long[end]:
                end += 1
            if end - k >= SHORT_RUN:
                self._add_in_place(ids[stretch:k], weights[stretch:k], out)
                self._add_copied(ids[k:end], weights[k:end], lengths[k:end], out)
                stretch = end
            k = max(end, k + 1)
        self._add_in_place(ids[stretch:], weights[stretch:], out)
        return out

    def _add_in_place(self, ids: np.ndarray, weights: np.ndarray, out: np.ndarray) -> None:
        """Add the product of the columns `ids` with `weights` to `out`, each column read where it is stored.

        The kernel reads column j of what it is given from its bound j to its bound j + 1. Given each column's start
        and end, and between two columns one weighted 0 that runs from the first one's end to the next one's start,
        it reads the columns in their order and nothing between them as long as each is stored before the one ahead
        of it (a lower id): the one between then ends before it starts. So a run of decreasing ids is one call; a
        query in random order needs about half as many calls as it has columns.
        """
        m = ids.size
        if not m:
            return
        bounds = np.empty(2 * m, dtype=self._indptr.dtype)
        bounds[0::2] = self._indptr[ids]
        bounds[1::2] = self._indptr[ids + 1]
        spread = np.zeros(2 * m - 1)
        spread[0::2] = weights
        start = 0
        for end in [*(np.flatnonzero(ids[1:] > ids[:-1]) + 1).tolist(), m]:
            columns = 2 * (end - start) - 1
            _kernels.csc_matvec(
                self.n_rows,
                columns,
                bounds[2 * start : 2 * end],
                self._indices,
                self._data,
                spread[2 * start : 2 * end - 1],
                out,
            )
            start = end

    def _add_copied(self, ids: np.ndarray, weights: np.ndarray, lengths: np.ndarray, out: np.ndarray) -> None:
        """Add the product of the columns `ids` with `weights` to `out`, the columns copied out first."""
        indptr = np.zeros(ids.size + 1, dtype=self._indptr.dtype)
        lengths.cumsum(out=indptr[1:])
        stored = int(indptr[-1])
        indices = np.empty(stored, dtype=self._indices.dtype)
        data = np.empty(stored, dtype=np.float64)
        _kernels.csr_row_index(ids.size, ids, self._indptr, self._indices, self._data, indices, data)
        _kernels.csc_matvec(self.n_rows, ids.size, indptr, indices, data, weights, out)
