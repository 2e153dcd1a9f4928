"""The one-query index gives exactly the dot products of a plain scipy product, by either of its two paths."""

import numpy as np
import pytest
import scipy.sparse as sp

from bot.matching import sparse_index
from bot.matching.sparse_index import InvertedIndex


@pytest.mark.parametrize("kernels", [True, False])
def test_dot_is_the_matrix_product(monkeypatch, kernels):
    if not kernels:
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
