"""A pattern tried alternative by alternative, each only on a text holding its words, answers as the pattern does."""

import json
import random
import re
from pathlib import Path

import pytest

from bot.matching import acting
from bot.matching.quick import Guarded, QuickSearch, needs

DATA = Path(__file__).parent / "data"


def test_the_words_an_alternative_needs():
    assert needs(r"\bgo ahead and close\b") == [("go ahead and close",)]
    assert needs(r"\b(?:can|could) (?:you|u)\b(?: \w+){0,3} close\b") == [
        ("can", "could"),
        (" ",),
        ("you", "u"),
        (" close",),
    ]
    # optional parts, classes, look-arounds and groups of more than plain words need nothing
    assert needs(r"ab?c[xy]+(?=z)(?:d|e\s)(?:f|g)?h{0,2}i{2}") == [("a",), ("c",), ("i",)]
    assert needs(r"\.\?x+") == [(".?x",)]
    assert needs(r"^$") == []


def test_flags_are_refused():
    with pytest.raises(ValueError):
        QuickSearch(re.compile("a|b", re.IGNORECASE))


def _texts() -> list[str]:
    return [
        json.loads(line)[key].lower()
        for path in sorted(DATA.glob("tuning*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for key in ("q", "first")
        if key in json.loads(line)
    ]


@pytest.mark.parametrize("pattern", [acting._ACTS_ANYWHERE, acting._WANTS, acting._STARTS_ACTING, acting._GONE])
def test_the_same_answers_as_the_pattern(pattern):
    quick = QuickSearch(pattern)
    rng = random.Random(11)
    texts = _texts()
    words = [w for t in texts[:400] for w in t.split()] + [
        "close",
        "you",
        "我",
        "想",
        "申请",
        ",",
        "for me",
        "to close",
    ]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(4000)]
    texts += [t.replace("delete", "close").replace("closing", "close") for t in texts[:3000]]
    found = 0
    for text in texts:
        assert quick.search(text) == bool(pattern.search(text)), text
        assert quick.fullmatch(text) == bool(pattern.fullmatch(text)), text
        found += quick.search(text)
    assert found > 20


def _guarded_patterns(engine) -> list[Guarded]:
    from bot.matching import asides
    from bot.matching import engine as engine_module

    found = [value for value in vars(engine_module).values() if isinstance(value, Guarded)]
    found += [value for value in vars(asides).values() if isinstance(value, Guarded)]
    found += [value for value in vars(engine).values() if isinstance(value, Guarded)]
    return found


def test_a_guarded_pattern_gives_what_the_pattern_gives(engine):
    guarded = _guarded_patterns(engine)
    assert len(guarded) >= 10
    rng = random.Random(13)
    texts = _texts()
    words = [w for t in texts[:400] for w in t.split()] + ["bank", "asks", "from", "mobile", "to", "at", "my", "what"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    matched = 0
    for pattern in guarded:
        plain = pattern.pattern
        for text in texts:
            found = pattern.search(text)
            assert (found and found.span()) == ((m := plain.search(text)) and m.span()), (plain.pattern, text)
            assert bool(pattern.fullmatch(text)) == bool(plain.fullmatch(text))
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
            assert pattern.sub("#", text) == plain.sub("#", text)
            assert pattern.split(text) == plain.split(text)
            matched += found is not None
    assert matched > 100


def test_a_pattern_with_an_alternative_that_needs_nothing_is_always_run():
    pattern = Guarded(re.compile(r"\bclose\b|[0-9]+"))
    assert pattern.possible("nothing here")
    assert pattern.search("order 42").group(0) == "42"
    assert not Guarded(re.compile(r"\bclose\b|shut down")).possible("nothing here")
    with pytest.raises(ValueError):
        Guarded(re.compile("a", re.IGNORECASE))
