"""Texts the normaliser passes over without its phrase pass come out as the phrase pass would leave them; folding
takes its quick paths without changing what it gives."""

import json
import random
import re
import unicodedata
from pathlib import Path

from bot.kb import folding
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


def plain_fold(text: str) -> str:
    """Folding done the plain way: every character translated, every whitespace run replaced, then stripped."""
    marks = str.maketrans(folding._MARKS)
    text = unicodedata.normalize("NFKC", text).translate(marks).lower()
    text = text.translate(folding._simplified())
    return re.sub(r"\s+", " ", text).strip()


def test_folding_gives_what_the_plain_way_gives():
    pool = [
        *map(chr, list(folding._simplified())[:300]),
        *" \t\n\u3000\u00a0\u2028\x1c\x85",
        *"aBc,.?!'\"",
        *folding._MARKS,
        *"注销账户ＡＢＣ１２！Ⅰ",
    ]
    rng = random.Random(0)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    texts += ["  How  LONG\tdoes it\u2019s take?\n", "註銷帳戶要多久", "ＡＰＰ里怎么註銷"]
    assert [fold(t) for t in texts] == [plain_fold(t) for t in texts]


def test_acting_patterns_tried_apart_find_what_the_whole_finds(kb):
    # The patterns found anywhere are tried only on text holding a word each needs: never a different verdict.
    from bot.matching import acting

    whole = re.compile(f"{acting._ACTING_START}|{acting._ACTING_ANYWHERE}")
    normalizer = Normalizer(kb.scope.synonyms, drop=kb.scope.subject)
    texts = [normalizer(t) for e in kb.entries.values() for t in (e.question, *e.phrasings)]
    words = [
        *" ".join(texts).split(),
        *"can could would won't cant you u ya bot for me i want to go ahead 我 你 请 吧 !".split(),
    ]
    rng = random.Random(1)
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))) for _ in range(20000)]
    found = [bool(whole.search(t)) for t in texts]
    assert any(found)
    assert [acting._acting(t) for t in texts] == found
    assert [acting._acting(t, whole=True) for t in texts] == [bool(whole.fullmatch(t)) for t in texts]


def test_the_leaving_pattern_is_skipped_only_where_it_could_not_match(engine):
    normalizer = engine.normalizer_
    pattern, replacement, needed = normalizer._leaving
    root = Path(__file__).parent / "data"
    texts = [
        fold(json.loads(line)[key])
        for path in sorted(root.glob("tuning*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for key in ("q", "first")
        if key in json.loads(line)
    ]
    rng = random.Random(5)
    words = [w for t in texts for w in t.split()] + ["me", "cancel", "remove", "user", "quit", "退出", "会员"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    skipped = matched = 0
    for text in texts:
        # the one pass that looks for the needed words finds one exactly where a look for each does
        assert bool(normalizer._leaving_needed.search(text)) == any(word in text for word in needed), text
        if not any(word in text for word in needed):
            skipped += 1
            assert pattern.search(text) is None, text
        matched += pattern.search(text) is not None
    assert skipped > len(texts) // 2 and matched > 20


def test_any_of_finds_a_match_exactly_where_a_word_is_held():
    words = ["quit", "quits", "quitting", "cancel me", "a.b", "会员", "退出", "x"]
    pattern = folding.any_of(words)
    rng = random.Random(3)
    pieces = ["qu", "it", "s", "cancel", " me", "a", ".", "b", "会", "员", "退", "出", "y", " "]
    texts = [
        "",
        "x",
        "aab",
        "a.b",
        "quiet",
        "cancelme",
        *("".join(rng.choices(pieces, k=rng.randint(1, 8))) for _ in range(5000)),
    ]
    assert [bool(pattern.search(t)) for t in texts] == [any(w in t for w in words) for t in texts]
    assert folding.any_of([]) is None


def test_an_english_word_has_its_base_forms_and_other_words_none():
    from bot.matching.text import base_forms

    assert "review" in base_forms("reviewed")
    assert "resolve" in base_forms("resolved")
    assert "contract" in base_forms("contracts")
    assert "reply" in base_forms("replies")
    assert "lock" in base_forms("unlock")
    assert "finish" in base_forms("unfinished")
    # "-ing" makes nouns of its own ("meeting" is not "meet"); short and Chinese words have no other form here
    assert "meet" not in base_forms("meeting")
    assert base_forms("fees") == [] and base_forms("注销") == []


def test_a_kb_word_in_another_form_is_the_kbs_word(engine):
    assert engine.relevance_.knows("reviewed") and not engine.relevance_.knows("meeting")
