"""A quick look that lets a message skip a rule pattern says no only where the pattern could not match."""

import json
import random
from pathlib import Path

from bot.kb.folding import fold
from bot.matching import engine as engine_module

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    texts = [
        json.loads(line)[key]
        for path in sorted(DATA.glob("*.jsonl"))
        if path.name != "replies.fingerprint.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for key in ("q", "first")
        if key in json.loads(line)
    ]
    rng = random.Random(17)
    words = [w for t in texts[:600] for w in t.split()]
    words += "wht WAT Abt w/ W hw HOW 2 lemme dose cn i U where Where does my funds GO end up matter DOES it".split()
    words += "euro USD dollars 欧元 withdrawal withdraw 提现 sterling".split()
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))) for _ in range(6000)]
    # ...and the shapes the rewrites read, among other words
    shapes = [
        "where {} my {} go",
        "so where will the {} end up?",
        "{} does it even matter",
        "do they matter {}",
        "{} euro withdrawal {}",
        "how long for usd withdraw {}",
        "美元提现{}",
    ]
    texts += [rng.choice(shapes).format(rng.choice(words), rng.choice(words)) for _ in range(600)]
    # the same texts with their letters' case changed here and there
    texts += ["".join(c.upper() if rng.random() < 0.3 else c for c in t) for t in texts[:4000]]
    return texts


def test_the_shorthand_looked_for_in_lower_case_is_found_where_the_pattern_finds_it():
    found = 0
    for text in _texts():
        if not text.isascii():
            continue
        expected = engine_module._SHORTHAND_WORDS.search(text) is not None
        assert (engine_module._SHORTHAND_LOWER.search(text.lower()) is not None) == expected, text
        found += expected
    assert found > 50


def test_a_rewrite_skipped_for_want_of_its_word_would_have_changed_nothing():
    rewritten = 0
    for text in _texts():
        lowered = text.lower()
        if "where" not in lowered:
            assert engine_module._WHERE_IT_GOES.search(text) is None, text
        if "matter" not in lowered:
            assert engine_module._DOES_IT_MATTER.search(text) is None, text
        rewritten += engine_module._WHERE_IT_GOES.search(text) is not None
    assert rewritten > 50


def test_a_currency_withdrawn_is_looked_for_only_where_a_currency_is_named(engine):
    found = 0
    for text in map(fold, _texts()):
        named = engine.currency_named_.search(text) is not None
        withdrawn = engine.currency_withdrawn_.search(text) is not None
        assert named or not withdrawn, text
        found += withdrawn
    assert found > 50


def test_a_topic_word_is_named_where_the_topic_pattern_finds_one(engine):
    assert engine.topic_forms_ is not None  # the shipped topic words are letters only: plain ASCII takes the set
    topic = sorted(engine.topic_words_)
    rng = random.Random(19)
    texts = [t for text in _texts() for t in (text, fold(text), engine.normalizer_(text))]
    pieces = [*topic, "s", "es", "ing", "ed", "d", "x", "2", "-", "'", " ", "_", "é", "un"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(6000)]
    named = 0
    for text in texts:
        expected = engine.topic_pattern_.search(text) is not None
        assert engine._names_topic(text) == expected, text
        named += expected
    assert named > 1000
