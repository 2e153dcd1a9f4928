"""Fast one-query TF-IDF: sklearn learns vocabulary and idf; queries are vectorised and scored without it.

sklearn's `transform` costs about a millisecond per call in input validation alone, which is most of a
query's budget; the arithmetic below is the same (sublinear tf, idf, l2 norm) on a handful of features.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer


class QueryVectorizer:
    """Turns one text into (feature ids, weights) exactly as a fitted sublinear, l2-normed TfidfVectorizer would."""

    def __init__(self, fitted: TfidfVectorizer):
        self._analyze = fitted.build_analyzer()
        self._vocabulary = fitted.vocabulary_
        self._idf = fitted.idf_

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and l2-normalised tf-idf weights of `text`."""
        counts = Counter(f for f in self._analyze(text) if f in self._vocabulary)
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        ids = np.fromiter((self._vocabulary[f] for f in counts), dtype=np.int64, count=len(counts))
        weights = np.fromiter((1.0 + math.log(n) for n in counts.values()), dtype=float, count=len(counts))
        weights *= self._idf[ids]
        return ids, weights / np.linalg.norm(weights)


class InvertedIndex:
    """Column-major copy of a (rows x features) matrix, for dot products with a few-feature query."""

    def __init__(self, matrix: sp.spmatrix):
        csc = sp.csc_matrix(matrix)
        self.n_rows = csc.shape[0]
        self._indptr, self._indices, self._data = csc.indptr, csc.indices, csc.data

    def dot(self, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Each row's dot product with the sparse query (ids, weights)."""
        if ids.size == 0:
            return np.zeros(self.n_rows)
        starts, ends = self._indptr[ids], self._indptr[ids + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(self.n_rows)
        # Positions of every stored value in the query's columns, gathered without a Python loop.
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        positions = np.arange(total) + offsets
        return np.bincount(
            self._indices[positions], weights=self._data[positions] * np.repeat(weights, lengths), minlength=self.n_rows
        )
