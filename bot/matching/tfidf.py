"""Sublinear, l2-normed TF-IDF of documents, the matrix scikit-learn's TfidfVectorizer gives, counted faster.

scikit-learn counts features one at a time in a Python loop; on a large KB that loop and the character n-grams are
most of the build. Here each distinct word's n-grams are listed once, every feature of every document becomes an id
in one pass, and scipy adds up the repeats (in compiled code). The count matrix is laid out as CountVectorizer lays it
out: the same vocabulary and values, and each row's features in the same order (the order decides the last bits of
a row's norm). scikit-learn's TfidfTransformer then weighs and normalises it, so the result is the very matrix
TfidfVectorizer would give.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import scipy.sparse as sp


def char_wb_ngrams(word: str, low: int, high: int) -> list[str]:
    """One word's character n-grams, padded with a space each side, in the order sklearn's `char_wb` lists them."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        if len(padded) <= n:  # a short word gives itself once
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def _numbering(seen: dict[str, int]) -> Callable[[list[str]], Iterator[int]]:
    """Ids of features numbered in order of first appearance, new ones added to `seen`."""
    # A feature not seen yet gets the next id as it is looked up (`__missing__` asks the length before adding
    # it): one pass of compiled look-ups over every feature.
    numbered: collections.defaultdict[str, int] = collections.defaultdict(None, seen)
    numbered.default_factory = numbered.__len__

    def ids_of(features: list[str]) -> Iterator[int]:
        ids = list(map(numbered.__getitem__, features))
        seen.update(itertools.islice(numbered.items(), len(seen), None))
        return iter(ids)

    return ids_of


class CountedTfidf:
    """TfidfVectorizer(sublinear_tf=True) over a callable analyser, or over "char_wb" n-grams of `ngram_range`.

    Fitted, it has what `QueryVectorizer` reads of a fitted TfidfVectorizer (`vocabulary_`, `idf_` and the settings).
    `min_df` drops, as TfidfVectorizer's does, features found in fewer documents (in `fit` and `fit_transform`).
    """

    # The text is analysed as it is: nothing lower-cased, stripped or decoded first.
    lowercase = False
    strip_accents = None
    preprocessor = None
    input = "content"

    def __init__(
        self,
        analyzer: Callable[[str], list[str]] | str = "char_wb",
        ngram_range: tuple[int, int] = (1, 1),
        dtype: type = np.float32,
        min_df: int = 1,
    ):
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.dtype = dtype
        self.min_df = min_df

    def fit(self, documents: Sequence[str]) -> CountedTfidf:
        """Learn the vocabulary and the idf of `documents`."""
        self._fit_counts(documents)
        return self

    def fit_transform(self, documents: Sequence[str]) -> sp.csr_matrix:
        """Learn the vocabulary and the idf of `documents` and return their matrix."""
        counts = self._fit_counts(documents)
        return self.transformer_.transform(counts, copy=False)

    def fit_part_transform(self, documents: Sequence[str], learn_from: Sequence[bool]) -> sp.csr_matrix:
        """`fit` on the documents `learn_from` marks, then `transform` them all, reading each document once."""
        from sklearn.feature_extraction.text import TfidfTransformer

        seen: dict[str, int] = {}
        rows, ids = self._ids(documents, _numbering(seen))
        learned = np.asarray(learn_from, dtype=bool)[rows]
        known = np.zeros(len(seen), dtype=bool)
        known[ids[learned]] = True
        if not known.any():
            raise ValueError("empty vocabulary: the documents have no features")
        # Each seen feature's id in the vocabulary of the marked documents (sorted, as CountVectorizer numbers it).
        ordered = sorted(f for f, i in seen.items() if known[i])
        renumber = np.full(len(seen), -1, dtype=np.int32)
        renumber[[seen[f] for f in ordered]] = np.arange(len(ordered))
        ids = renumber[ids]
        kept = ids >= 0
        counts = self._counts(rows[kept], ids[kept], len(documents), len(ordered))
        self.vocabulary_ = {f: i for i, f in enumerate(ordered)}
        self.transformer_ = TfidfTransformer(sublinear_tf=True).fit(counts[np.flatnonzero(learn_from)])
        self.idf_ = self.transformer_.idf_
        return self.transformer_.transform(counts, copy=False)

    def transform(self, documents: Sequence[str]) -> sp.csr_matrix:
        """The matrix of `documents` over the learned vocabulary (features it lacks are left out)."""
        vocabulary = self.vocabulary_
        rows, ids = self._ids(documents, lambda features: map(vocabulary.get, features, itertools.repeat(-1)))
        known = ids >= 0
        # CountVectorizer's transform gives each row's features by id: the order the sum of repeats leaves them in.
        counts = self._counts(rows[known], ids[known], len(documents), len(vocabulary))
        return self.transformer_.transform(counts, copy=False)

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """The function listing one text's features."""
        if callable(self.analyzer):
            return self.analyzer
        low, high = self.ngram_range
        return lambda text: [g for word in text.split() for g in char_wb_ngrams(word, low, high)]

    def _fit_counts(self, documents: Sequence[str]) -> sp.csr_matrix:
        from sklearn.feature_extraction.text import TfidfTransformer

        # Ids in order of first appearance, each row's features in that order, then ids renumbered by feature:
        # CountVectorizer's own steps, which fix the order of each row.
        seen: dict[str, int] = {}
        rows, ids = self._ids(documents, _numbering(seen))
        if not seen:
            raise ValueError("empty vocabulary: the documents have no features")
        counts = self._counts(rows, ids, len(documents), len(seen))
        # `seen` holds its features in the order of their ids: sorting the ids by feature gives both the
        # vocabulary and each id's new number.
        features = list(seen)
        order = sorted(range(len(features)), key=features.__getitem__)
        renumber = np.empty(len(order), dtype=counts.indices.dtype)
        renumber[np.array(order, dtype=np.intp)] = np.arange(len(order), dtype=counts.indices.dtype)
        counts = sp.csr_matrix((counts.data, renumber.take(counts.indices), counts.indptr), shape=counts.shape)
        ordered = list(map(features.__getitem__, order))
        if self.min_df > 1:
            # As CountVectorizer's min_df: features in fewer documents are dropped, the rest keep their order.
            kept = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]) >= self.min_df)
            if not kept.size:
                raise ValueError("empty vocabulary: no feature is in min_df documents")
            counts = counts[:, kept]
            ordered = [ordered[i] for i in kept]
        self.vocabulary_ = dict(zip(ordered, range(len(ordered)), strict=True))
        self.transformer_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        self.idf_ = self.transformer_.idf_
        return counts

    def _ids(
        self, documents: Sequence[str], ids_of: Callable[[list[str]], Iterable[int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The row and the id of every feature of every document, in the order the analyser lists them.

        `ids_of` turns a list of features, in the order they first appear, into their ids.
        """
        # 32-bit ids and rows: these arrays hold every feature of every document, and memory a build has taken from
        # the system is not always given back.
        if callable(self.analyzer):
            lists = list(map(self.analyzer, documents))
            lengths = np.fromiter(map(len, lists), dtype=np.int32, count=len(lists))
            ids = np.fromiter(ids_of(list(itertools.chain.from_iterable(lists))), dtype=np.int32)
            return np.repeat(np.arange(len(lists), dtype=np.int32), lengths), ids
        if self.analyzer != "char_wb":
            raise ValueError(f"analyzer must be a callable or 'char_wb', not {self.analyzer!r}")
        # N-grams never span two words: each distinct word's ids are worked out once, in order of first appearance.
        low, high = self.ngram_range
        split = [d.split() for d in documents]
        spoken = list(itertools.chain.from_iterable(split))
        words = {w: i for i, w in enumerate(dict.fromkeys(spoken))}
        grams = [char_wb_ngrams(w, low, high) for w in words]
        sizes = np.fromiter(map(len, grams), dtype=np.int32, count=len(grams))
        every = np.fromiter(ids_of(list(itertools.chain.from_iterable(grams))), dtype=np.int32)
        flat = np.fromiter(map(words.__getitem__, spoken), dtype=np.int32, count=len(spoken))
        per_word = sizes[flat]
        if int(per_word.sum(dtype=np.int64)) >= 2**31:
            raise ValueError("too many features to count with 32-bit ids")
        # Each word's ids in place: counted on from its start in `every`, less where its run begins in the output.
        shift = np.cumsum(sizes, dtype=np.int32) - sizes
        shift = shift[flat] - (np.cumsum(per_word, dtype=np.int32) - per_word)
        at = np.repeat(shift, per_word)
        at += np.arange(at.size, dtype=np.int32)
        ids = every[at]
        del at
        words_per_doc = np.fromiter(map(len, split), dtype=np.int32, count=len(split))
        rows = np.repeat(np.repeat(np.arange(len(split), dtype=np.int32), words_per_doc), per_word)
        return rows, ids

    def _counts(self, rows: np.ndarray, ids: np.ndarray, height: int, width: int) -> sp.csr_matrix:
        """The count matrix, each row's features by id, in the dtype CountVectorizer gives it.

        `rows` never decrease (documents come in order), so they make the row pointers as they are.
        """
        indptr = np.zeros(height + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=height), out=indptr[1:])
        counts = sp.csr_matrix(
            (np.ones(ids.size, dtype=np.intc), ids.astype(np.int32, copy=False), indptr),
            shape=(height, width),
            dtype=np.intc,
        )
        counts.sum_duplicates()  # sorts each row's ids, then adds up the repeats
        return counts.astype(self.dtype)
