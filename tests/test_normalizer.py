"""Texts the normaliser passes over without its phrase pass come out as the phrase pass would leave them."""

import random

from bot.kb.folding import fold
from bot.matching.text import Normalizer


def test_skipping_the_phrase_pass_changes_nothing(kb, monkeypatch):
    normalizer = Normalizer(kb.scope.synonyms, drop=kb.scope.subject)
    texts = [t for e in kb.entries.values() for t in (e.question, e.answer, *e.phrasings)] + list(kb.scope.out_of_scope)
    rng = random.Random(0)
    words = " ".join(texts).split()
    texts += [" ".join(rng.sample(words, rng.randint(1, 9))) for _ in range(2000)]
    quick = [normalizer(t) for t in texts]
    assert sum(normalizer._untouched(fold(t)) for t in texts) > 0  # the quick path is taken
    monkeypatch.setattr(normalizer, "_untouched", lambda folded: False)
    normalizer.clear_cache()
    assert [normalizer(t) for t in texts] == quick
