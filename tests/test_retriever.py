"""The retriever's quick paths rank exactly as the plain ones they replace."""

import numpy as np
import pytest

from bot.matching import retriever
from bot.matching.retriever import top_positions


@pytest.mark.parametrize("size", [31, 200, 5000])
def test_top_positions_are_the_largest_in_order(size):
    rng = np.random.default_rng(size)
    for _ in range(20):
        values = rng.random(size)
        found = top_positions(values, 30)
        assert found is not None
        assert list(found) == sorted(np.argpartition(-values, 29)[:30], key=lambda i: (-values[i], i))


def test_top_positions_leave_a_tie_at_the_cut_to_the_caller():
    values = np.array([0.9, 0.5, 0.5, 0.1, 0.0, 0.0])
    assert top_positions(values, 2) is None
    assert list(top_positions(values, 3)) == [0, 1, 2]
    assert top_positions(values, 6) is None  # nothing to leave out: the caller takes them all
    assert top_positions(np.zeros(100), 30) is None


def test_queries_rank_as_with_the_plain_shortlist(engine, kb, monkeypatch):
    texts = [e.question for e in kb.entries.values()] + [
        "how long until my acount is closed",
        "注销账户要多久",
        "zzzz qqqq",
        "what about my nfts and futures positions",
        "close",
    ]
    matcher = engine.retriever_
    quick = [matcher.query(t, k=5) for t in texts]
    left_out = [matcher.query(t, k=5, exclude=i) for i, t in enumerate(texts[:10])]
    monkeypatch.setattr(retriever, "top_positions", lambda values, n: None)
    assert [matcher.query(t, k=5) for t in texts] == quick
    assert [matcher.query(t, k=5, exclude=i) for i, t in enumerate(texts[:10])] == left_out
