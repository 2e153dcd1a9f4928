"""The retriever's quick shortlist ranks exactly as a full sort would, ties settled the same on every machine."""

import numpy as np
import pytest

from bot.matching import retriever, sparse_index
from bot.matching.retriever import top_positions, wratio_ceiling


def sorted_positions(values: np.ndarray, n: int) -> list[int]:
    """The plain way: every position sorted by value, largest first, ties by position."""
    return sorted(range(values.size), key=lambda i: (-values[i], i))[:n]


@pytest.mark.parametrize("size", [31, 200, 5000])
def test_top_positions_are_the_largest_in_order(size):
    rng = np.random.default_rng(size)
    for _ in range(20):
        values = rng.random(size)
        assert list(top_positions(values, 30)) == sorted_positions(values, 30)


@pytest.mark.parametrize("size", [6, 100, 5000])
def test_a_tie_at_the_cut_keeps_the_first_positions(size):
    rng = np.random.default_rng(size)
    values = np.round(rng.random(size), 1)  # few distinct values: ties everywhere, at the cut too
    for n in (1, 2, 3, min(30, size)):
        assert list(top_positions(values, n)) == sorted_positions(values, n)
    assert list(top_positions(np.zeros(100), 30)) == list(range(30))
    assert list(top_positions(values, size + 5)) == sorted_positions(values, size)


def test_queries_rank_as_with_a_fully_sorted_shortlist(engine, kb, monkeypatch):
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
    monkeypatch.setattr(retriever, "top_positions", lambda values, n: np.array(sorted_positions(values, n)))
    assert [matcher.query(t, k=5) for t in texts] == quick
    assert [matcher.query(t, k=5, exclude=i) for i, t in enumerate(texts[:10])] == left_out


def counted_batches(matcher, monkeypatch) -> list[int]:
    """How many documents each call of the fuzzy scorer scores, from now on."""
    batches: list[int] = []
    fuzzy = matcher._fuzzy

    def counted(normalized, documents):
        batches.append(len(documents))
        return fuzzy(normalized, documents)

    monkeypatch.setattr(matcher, "_fuzzy", counted)
    return batches


def test_matches_are_those_of_every_candidate_scored(engine, kb, monkeypatch):
    # The fuzzy scorer sees only the candidates that can give one of the best labels; scoring them all must give
    # the very same matches, values included.
    texts = [t for e in kb.entries.values() for t in (e.question, *e.phrasings[:3])] + [
        "how long until my acount is closed",
        "注销账户要多久",
        "zzzz qqqq",
        "close",
    ]
    matcher = engine.retriever_
    scored = counted_batches(matcher, monkeypatch)
    quick = [matcher.query(t, k=k) for t in texts for k in (1, 5)]
    left_out = [matcher.query(t, k=5, exclude=i) for i, t in enumerate(texts[:40])]
    pruned = sum(scored)
    scored.clear()
    monkeypatch.setattr(retriever, "FUZZY_CEILING", 1e9)  # no candidate can be ruled out
    assert [matcher.query(t, k=k) for t in texts for k in (1, 5)] == quick
    assert [matcher.query(t, k=5, exclude=i) for i, t in enumerate(texts[:40])] == left_out
    assert pruned < 0.8 * sum(scored)


def test_the_likeliest_labels_are_scored_first_and_set_the_bar(engine, kb, monkeypatch):
    # The `k` labels likeliest without any fuzzy match are scored alone first; the other labels are scored only if a
    # perfect match could bring them up to the `k`-th of those scores (the test above: the matches are the same).
    texts = [t for e in kb.entries.values() for t in (e.question, *e.phrasings[:3])] + [
        "how long until my acount is closed"
    ]
    matcher = engine.retriever_
    batches = counted_batches(matcher, monkeypatch)
    firsts, total = [], 0
    for text in texts:
        batches.clear()
        matcher.query(text, k=5)
        firsts.append(batches[0])
        total += sum(batches)
    assert max(firsts) == 5  # the likeliest five alone, where the shortlist holds more labels
    # About ten documents a question (the rule before, every label's first candidate that a perfect match could
    # bring up to the fifth of their scores with none, scored about thirteen).
    assert total < 11 * len(texts)


def test_the_length_ceiling_bounds_every_wratio():
    from rapidfuzz import fuzz

    rng = np.random.default_rng(7)
    alphabet = list("ab cdé注销账户")
    for _ in range(20000):
        # Lengths around 1.5 and 8 times each other too, where WRatio changes how it scales its ratios.
        short = int(rng.integers(0, 30))
        long = int(rng.integers(short, short * 9 + 2))
        a = "".join(rng.choice(alphabet, short)) if short else ""
        b = "".join(rng.choice(alphabet, long))
        for x, y in ((a, b), (b, a)):
            assert fuzz.WRatio(x, y) / 100.0 <= wratio_ceiling(len(x), len(y))
    assert wratio_ceiling(10, 10) > 1.0 - 1e-6
    assert wratio_ceiling(10, 20) < 0.91


def test_word_counts_are_those_of_the_documents_tokens(engine, kb):
    from collections import Counter

    from bot.matching.engine import OUT_OF_SCOPE, fitted_documents
    from bot.matching.text import tokens

    labels = fitted_documents(kb)[1]
    documents = engine.retriever_.documents_
    counted = Counter(
        t for doc, label in zip(documents, labels, strict=True) if label != OUT_OF_SCOPE for t in set(tokens(doc))
    )
    assert engine.vocabulary_ == counted


def test_one_or_two_documents_are_scored_as_extract_scores_them(engine, kb):
    # A round of one or two documents calls the scorer for each; a larger one calls `process.extract` once.
    ranker = engine.retriever_
    assert retriever.DIRECT_SCORING < 3
    questions = [ranker.normalize_(e.question) for e in list(kb.entries.values())[:40]]
    for n, question in enumerate(questions):
        documents = [(n * 37 + k * 101) % len(ranker.documents_) for k in range(3)]
        together = ranker._fuzzy(question, documents)
        assert ranker._fuzzy(question, documents[:1]) == together[:1]
        assert ranker._fuzzy(question, documents[:2]) == together[:2]


def test_features_are_packed_as_numpy_reads_them():
    rng = np.random.default_rng(5)
    for size in (1, 2, 75, 300):
        counts = {int(i): int(c) for i, c in zip(rng.integers(0, 2**40, size), rng.integers(1, 9, size), strict=True)}
        for numbers in (counts, counts.values()):
            packed = sparse_index._int64s(numbers)
            assert packed.dtype == np.int64
            assert packed.tolist() == list(numbers)
