"""The tie-break by topic words: among entries that match a message alike, the one whose questions name its topic."""

import pytest

from bot.matching.covering import TopicCoverage
from bot.matching.retriever import Match

ENTRIES = {
    "reregister": {"what", "happens", "reregister", "after", "close"},
    "dust": {"what", "do", "dust", "balances", "close"},
    "balance": {"zero", "balance", "before", "close"},
    "steps": {"how", "close", "account"},
    "duration": {"how", "long", "close", "take"},
}
FRAME = {"what", "happens", "how", "do", "after", "before", "long", "take", "close", "account"}


def _frame(words):
    return [w in FRAME for w in words]


def _match(label, score):
    return Match(label, score, score, score, score, label)


@pytest.fixture
def coverage():
    return TopicCoverage(within=0.6, max_share=0.5, kept_first=frozenset({"steps"})).fit(ENTRIES, _frame)


def test_fit_follows_the_estimator_conventions():
    made = TopicCoverage(within=0.7)
    before = dict(vars(made))
    assert made.fit(ENTRIES, _frame) is made
    assert {k: v for k, v in vars(made).items() if not k.endswith("_")} == before
    assert made.weights_ and all(k.endswith("_") for k in set(vars(made)) - set(before))


def test_topical_words_are_rare_among_entries_and_not_frames(coverage):
    # "close" is every entry's word and a frame; "reregister" is one entry's own.
    assert "close" not in coverage.weights_ and "happens" not in coverage.weights_
    assert coverage.weights_["reregister"] > 0 and coverage.covered("dust", ["dust", "happens"]) > 0


def test_a_close_match_that_names_the_topic_goes_first(coverage):
    matches = [_match("reregister", 0.40), _match("duration", 0.30), _match("dust", 0.28)]
    assert [m.label for m in coverage.rerank(matches, ["what", "happens", "dust", "after", "close"])] == [
        "dust",
        "reregister",
        "duration",
    ]


def test_a_match_too_far_behind_stays_behind(coverage):
    matches = [_match("reregister", 0.40), _match("dust", 0.20)]
    assert coverage.rerank(matches, ["dust"]) == tuple(matches)


def test_the_best_match_keeps_its_place_when_its_entry_names_a_topic_word(coverage):
    matches = [_match("balance", 0.40), _match("dust", 0.39)]
    assert coverage.rerank(matches, ["balance", "dust", "balances"]) == tuple(matches)


def test_the_steps_answer_a_request_whatever_else_it_names(coverage):
    matches = [_match("steps", 0.40), _match("dust", 0.39)]
    assert coverage.rerank(matches, ["dust", "close", "account"]) == tuple(matches)


def test_a_message_with_no_topical_word_is_left_as_ranked(coverage):
    matches = [_match("reregister", 0.40), _match("dust", 0.39)]
    assert coverage.rerank(matches, ["what", "happens", "after"]) == tuple(matches)


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("what happens to leftover dust after closing", "convert-dust"),
        ("what happens to my balance after closing", "zero-balance"),
    ],
)
def test_the_engine_answers_the_entry_that_names_the_topic(engine, message, entry):
    assert engine.decide(message).entries == (entry,)


def test_a_request_naming_its_funds_still_gets_the_steps(engine):
    assert engine.decide("the few coins I had are moved out already, now delete my account").entries == (
        "closure-steps",
    )


def test_a_follow_up_still_leans_on_the_answer_before(engine):
    assert engine.decide("do they stop working right away?", after="api-keys").entries == ("api-keys",)
