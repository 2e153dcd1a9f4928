"""A text that holds none of the phrases' first words is matched by none of them, so their pattern can be skipped;
likewise a message's clauses hold none of the words it lacks."""

import random

from bot.kb import loader
from bot.kb.folding import first_words, fold, lacks_phrases, phrase_pattern
from bot.matching.engine import _ACTING_CLAUSE, _CLAUSE, _content_of
from bot.matching.text import tokens


def test_a_text_without_a_first_word_matches_no_phrase():
    scope = loader.load(None).scope
    lists = [
        scope.subject,
        [*scope.other_platforms, *scope.email_providers],
        [v for values in scope.closing_synonyms.values() for v in values],
        ["close account", "e-mail", "co-op bank", "a.b", "x", "注销账户", "Wise", "cash app"],
    ]
    rng = random.Random(11)
    skipped = 0
    for phrases in lists:
        pattern = phrase_pattern(phrases)
        firsts = first_words(map(fold, phrases))
        assert pattern is not None and firsts is not None
        words = [w for p in phrases for w in fold(p).split()] + ["my", "account", "close", "to", "币安", "é"]
        glue = [" ", "", "-", ".", ", ", "'", "_"]
        for _ in range(4000):
            text = fold("".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 6))))
            if lacks_phrases(firsts, text):
                skipped += 1
                assert pattern.search(text) is None, (phrases, text)
    assert skipped > 1000


def test_a_phrase_not_opening_with_a_word_leaves_every_text_to_the_pattern():
    firsts = first_words(map(fold, ["close it", "'s account"]))
    assert firsts is None
    assert not lacks_phrases(firsts, "nothing here")
    assert not lacks_phrases(first_words(["close"]), "注销 close")  # not ASCII: the pattern decides


def test_a_clause_holds_only_words_of_its_message():
    # The rules that read a message's clauses for a word (the request word, an acting word) look for it among the
    # message's own words first, and split nothing when it is not there.
    rng = random.Random(5)
    words = ["for good", *"close reopen at from with as 2 2024 my account 币安 注销 é".split()]
    glue = [" ", "", "-", ".", ", ", "'", "_", "，", "?"]
    for _ in range(4000):
        text = fold("".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 8))))
        held = set(tokens(text))
        for pattern in (_CLAUSE, _ACTING_CLAUSE):
            for clause in pattern.split(text):
                assert set(_content_of(clause)) <= held, (text, clause)
