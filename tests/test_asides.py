"""The quick look for a threat's words finds every text the threat pattern would cut."""

import json
import random
import re
from pathlib import Path

from bot.matching import asides, quick

DATA = Path(__file__).parent / "data"


def test_every_threat_holds_one_of_its_words():
    texts = [
        json.loads(line)["q"]
        for path in sorted(DATA.glob("tuning*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts += [
        "close it or I'll sue",
        "CLOSE IT OR ELSE",
        "delete my account before I lose my temper",
        "注销账户，不然我就投诉",
        "马上注销，我就去举报",
        "close it ORſ I will report you",  # a long s: the same case-insensitive reading of "s" as the pattern's
        "remove it Otherwise we will complain",
    ]
    rng = random.Random(5)
    pieces = ["close", "or", "else", "before i lose", "otherwise", "i'll", "我就投诉", "不然", " ", ",", ".", "or else"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    threats = 0
    for text in texts:
        for variant in (text, text.upper(), text.title()):
            if asides._THREAT.search(variant):
                threats += 1
                assert asides._THREAT_WORD.search(variant), variant
    assert threats > 100


def test_each_threat_branch_names_a_word_the_quick_look_finds():
    # A branch added to the threat pattern must bring its word to the quick look too, or it would never run.
    words = ("or", "otherwise", "else", "before", "不然", "否则", "要不", "我就")
    branches = quick.branches(asides._THREAT.pattern)
    assert len(branches) == 5
    for branch in branches:
        assert any(word in branch for word in words), branch


def _texts() -> list[str]:
    return [
        json.loads(line)["q"]
        for path in sorted(DATA.glob("tuning*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_the_quick_look_for_a_sign_off_finds_every_one():
    # Each sign-off of the pattern holds one of the words looked for first, or the pattern would never run on it.
    group = asides._SIGN_OFF.pattern.split(r"\b(?:", 1)[1].split(r")\b", 1)[0]
    for sign_off in group.split("|"):
        assert any(word in sign_off for word in asides._SIGN_OFF_WORDS), sign_off
    rng = random.Random(7)
    endings = [
        "Yours sincerely, M. Okafor",
        "KIND REGARDS, Anna",
        "thanks in advance",
        "Best Wishes",
        "best,",
        "ſincerely",
    ]
    texts = _texts()
    texts += [f"{rng.choice(texts)}{rng.choice([' ', ', ', '. '])}{rng.choice(endings)}" for _ in range(3000)]
    for text in texts:
        for variant in (text, text.upper(), text.title()):
            assert asides._without_sign_off(variant) == asides._SIGN_OFF.sub("", variant), variant


def test_words_of_refusing_are_found_the_same_in_lower_case():
    # The case-sensitive copy reads a lower-cased text: the pattern's own words must be in lower case.
    assert asides._REFUSES.pattern == asides._REFUSES.pattern.lower()
    for text in _texts() + ["I DON'T want to freeze it", "Never Mind", "INSTEAD OF pausing", "不要冻结"]:
        for variant in (text, text.upper(), text.title()):
            assert asides._refuses(variant) == bool(asides._REFUSES.search(variant)), variant


def _found_the_same_in_lower_case(lower: re.Pattern[str], pattern: re.Pattern[str], extra: list[str]) -> None:
    """The case-sensitive copy `lower`, reading a lower-cased text, finds what `pattern` (ignoring case) finds."""
    assert pattern.pattern == pattern.pattern.lower()
    for text in _texts() + extra:
        for variant in (text, text.upper(), text.title()):
            assert asides._lowered_search(lower, pattern, variant) == bool(pattern.search(variant)), variant


def test_threat_words_are_found_the_same_in_lower_case():
    extra = ["CLOSE IT OR ELSE", "Before I Sue", "orſ", "注销，不然我就投诉"]
    _found_the_same_in_lower_case(asides._THREAT_WORD_LOWER, asides._THREAT_WORD, extra)


def test_alternatives_are_found_the_same_in_lower_case():
    extra = ["FREEZE it instead", "Log Out", "ſuspend", "不要冻结"]
    _found_the_same_in_lower_case(asides._ALTERNATIVE_LOWER, asides._ALTERNATIVE, extra)


def test_a_clause_names_an_alternative_only_where_the_whole_text_does():
    # A text naming no alternative is left as it is without being split: none of its clauses may name one.
    rng = random.Random(11)
    texts = _texts()
    joined = [f"{rng.choice(texts)}{rng.choice([',', '.', '!', '，', '。'])}{rng.choice(texts)}" for _ in range(3000)]
    for text in texts + joined + ["lock,freeze", "pause.not just lock", "冻结，还是注销"]:
        if not asides._ALTERNATIVE.search(text):
            assert not any(asides._ALTERNATIVE.search(c) for c in asides._CLAUSES.split(text)), text
