"""The one-query index gives exactly the dot products of a plain scipy product, whichever columns it copies."""

import numpy as np
import pytest
import scipy.sparse as sp

from bot.matching import sparse_index
from bot.matching.sparse_index import InvertedIndex


@pytest.mark.parametrize("path", ["copied columns", "column by column", "both", "scipy slicing"])
def test_dot_is_the_matrix_product(monkeypatch, path):
    if path == "column by column":
        monkeypatch.setattr(sparse_index, "LONG_COLUMN", 0)
    if path == "both":
        monkeypatch.setattr(sparse_index, "LONG_COLUMN", 15)  # about half the columns
    if path == "scipy slicing":
        monkeypatch.setattr(sparse_index, "_kernels", None)
    rng = np.random.default_rng(0)
    matrix = sp.random(300, 500, density=0.05, format="csr", dtype=np.float32, random_state=1)
    index = InvertedIndex(matrix)
    for size in (0, 1, 7, 40):
        ids = rng.choice(500, size=size, replace=False)
        weights = rng.random(size)
        query = np.zeros(500)
        query[ids] = weights
        expected = matrix.astype(np.float64) @ query
        np.testing.assert_allclose(index.dot(ids, weights), expected, rtol=1e-12, atol=1e-12)


def test_both_kernel_paths_give_the_same_bits(monkeypatch):
    rng = np.random.default_rng(2)
    index = InvertedIndex(sp.random(200, 300, density=0.2, format="csr", random_state=3))
    chosen, weights = rng.choice(300, size=30, replace=False), rng.random(30)
    # Columns in random order, and in runs of decreasing and of increasing ids (read in place, a run of decreasing
    # ones is one call).
    for ids in (chosen, np.sort(chosen)[::-1].copy(), np.sort(chosen)):
        monkeypatch.setattr(sparse_index, "LONG_COLUMN", 10**9)
        copied = index.dot(ids, weights)
        assert np.array_equal(copied, np.asarray(index._csc[:, ids] @ weights))
        # None, some and all of the columns (about 40 values each) in place, runs of short ones copied or not.
        for longest_copied in (0, 30, 40, 45, 50):
            for run in (1, 3, 8, 100):
                monkeypatch.setattr(sparse_index, "LONG_COLUMN", longest_copied)
                monkeypatch.setattr(sparse_index, "SHORT_RUN", run)
                assert np.array_equal(index.dot(ids, weights), copied)


def test_query_vectors_are_sklearns():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bot.matching.sparse_index import QueryVectorizer

    docs = ["close my account", "how long does closing take", "注销 账户 要多久", "a b", "withdraw   all funds first"]
    fitted = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False, sublinear_tf=True).fit(docs)
    vectorize = QueryVectorizer(fitted)
    assert vectorize._by_word
    # (a feature 300 times: more than the table of factors holds)
    long = ["close " * 300 + "my account", "account " * 255, "注销" * 40]
    for text in [*docs, "closing closing  my   acount", "x", "注销注销", "unknownword only", *long]:
        ids, weights = vectorize(text)
        expected = fitted.transform([text])
        query = np.zeros(expected.shape[1])
        query[ids] = weights
        np.testing.assert_allclose(query, expected.toarray()[0], rtol=1e-12, atol=1e-15)
