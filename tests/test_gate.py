"""The learned check of scope: an estimator fitted on the KB's example messages, kept with the KB, able to veto."""

import shutil

import numpy as np
import pytest
from kbfiles import problems_of

from bot.devtools import make_examples
from bot.kb import loader
from bot.matching.engine import Engine
from bot.matching.gate import ScopeGate

INSIDE = [
    "how do I close my account",
    "delete my account please",
    "what happens to my coins when I close",
    "can I reopen a closed account",
    "how long does closing take",
    "注销账户要多久",
]
OUTSIDE = [
    "how long should rice simmer",
    "what is the weather tomorrow",
    "recommend a film for tonight",
    "my card was declined at the shop",
    "how do I top up my phone",
    "今天天气怎么样",
]


@pytest.fixture(scope="module")
def small_gate():
    return ScopeGate(min_df=1).fit(INSIDE + OUTSIDE, [True] * len(INSIDE) + [False] * len(OUTSIDE))


def test_fit_follows_the_estimator_conventions():
    gate = ScopeGate(c=2.0, min_df=1)
    before = dict(vars(gate))
    assert gate.fit(INSIDE + OUTSIDE, [True] * 6 + [False] * 6) is gate
    assert {k: v for k, v in vars(gate).items() if k in before} == before
    learned = set(vars(gate)) - set(before)
    assert learned and all(name.endswith("_") or name.startswith("_") for name in learned)


def test_the_examples_must_be_of_both_kinds_and_as_many_as_the_labels():
    with pytest.raises(ValueError, match="both"):
        ScopeGate(min_df=1).fit(INSIDE, [True] * len(INSIDE))
    with pytest.raises(ValueError, match="length"):
        ScopeGate(min_df=1).fit(INSIDE, [True])


def test_it_tells_the_two_kinds_apart_on_messages_it_was_not_fitted_on(small_gate):
    assert small_gate.probability("I want to close my account") > 0.5
    assert small_gate.probability("how long should pasta simmer") < 0.5
    assert 0.0 < small_gate.probability("zzz qqq") < 1.0


def test_the_table_the_kb_keeps_gives_the_same_probabilities(small_gate):
    again = ScopeGate.from_table(small_gate.table())
    for text in [*INSIDE, *OUTSIDE, "close my account now", "bake bread"]:
        assert again.probability(text) == pytest.approx(small_gate.probability(text), abs=1e-12)


def test_case_and_spacing_do_not_matter(small_gate):
    assert small_gate.probability("HOW  do I close my ACCOUNT") == small_gate.probability("how do i close my account")


def test_the_shipped_files_match_the_development_sets_and_a_fresh_fit(capsys):
    assert make_examples.main(["--check"]) == 0
    assert "match the development sets" in capsys.readouterr().out


def test_no_message_of_a_measuring_set_is_among_the_examples():
    examples = {
        make_examples.folded(e.text) for e in loader.load_examples(make_examples.KNOWLEDGE / "scope_examples.jsonl")
    }
    measuring = make_examples.measured()
    assert len(measuring) > 5_000, "the held-out folders and probe sets are part of the repository"
    assert not examples & measuring


def test_the_shipped_kb_carries_the_fitted_check(kb):
    check = kb.scope_check
    assert check is not None and check.examples > 10_000
    assert len(check.chars) == check.char_idf.size == check.char_weights.size
    assert len(check.words) == check.word_idf.size == check.word_weights.size


def test_a_bad_example_line_is_named_by_file_and_line(kb_copy):
    path = kb_copy / "scope_examples.jsonl"
    path.write_text('{"text": "fine", "in_scope": true}\n{"text": "", "in_scope": "yes"}\nnot json\n', encoding="utf-8")
    with pytest.raises(loader.KnowledgeError) as info:
        loader.load_examples(path)
    problems = "\n".join(info.value.problems)
    assert "scope_examples.jsonl: line 2: text" in problems
    assert "scope_examples.jsonl: line 3: not valid JSON" in problems


def test_a_bad_check_file_is_named_by_file_and_field(kb_copy):
    (kb_copy / "scope_check.json").write_text(
        '{"examples": 3, "intercept": 0.1, "char_ngrams": [1, 4], "chars": [["ab", "x", 0.2]], "words": []}',
        encoding="utf-8",
    )
    assert "scope_check.json: chars[0][1]" in problems_of(kb_copy)


@pytest.fixture(scope="module")
def rules_alone(tmp_path_factory):
    """An engine fitted on a copy of the shipped KB without the learned check."""
    target = tmp_path_factory.mktemp("rules") / "knowledge"
    shutil.copytree(make_examples.KNOWLEDGE, target)
    (target / "scope_check.json").unlink()
    return Engine().fit(loader.load(target))


def test_without_a_check_file_the_rules_alone_judge(rules_alone):
    assert rules_alone.gate_ is None
    assert rules_alone.decide("what fee do I pay when I send eth to my metamask").entries


# Messages of everyday exchange operations the rules answer with a closure entry by a shared word ("fee",
# "withdrawal"), written for these tests: the check declines them.
EVERYDAY = [
    "what fee do I pay when I send eth to my metamask",
    "what's the minimum withdrawal for btc",
]


@pytest.mark.parametrize("message", EVERYDAY)
def test_the_check_vetoes_an_answer_to_an_everyday_operation(engine, rules_alone, message):
    decision = engine.decide(message)
    assert decision.declined
    assert decision.confidence < engine.config.gate_below
    assert decision.suggestions  # a decline still offers what the bot can help with
    assert rules_alone.decide(message).entries  # the rules alone answer it


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("can I withdraw before closing", "what's the minimum withdrawal for btc"),
        ("how do I close my binance account", "what's the fee to send eth to metamask"),
    ],
)
def test_in_a_session_an_everyday_operation_is_declined_too(engine, first, second):
    after = engine.decide(first).entries[0]
    assert engine.decide(second, after).declined


@pytest.mark.parametrize(
    ("first", "second", "entry"),
    [
        ("how long does closing take", "why so long?", "closure-duration"),
        ("what happens to my NFTs when I close", "and my staked eth?", "earn-staking"),
        ("can I reopen a closed account", "what about my old referral code?", "referral-code"),
    ],
)
def test_a_follow_up_that_refers_back_still_resolves(engine, first, second, entry):
    after = engine.decide(first).entries[0]
    assert engine.decide(second, after).entries[0] == entry


def test_everyday_messages_the_rules_decline_stay_declined(engine):
    assert engine.decide("how long should rice simmer").declined
    assert engine.gate_.probability("how do I close my account") > 0.5
    assert engine.decide("how do I bake bread").declined


def test_the_thresholds_are_named_parameters(kb):
    loose = Engine().fit(kb)
    strict = type(loose)(type(loose.config)(gate_below=0.0, gate_below_in_session=0.0)).fit(kb)
    message = EVERYDAY[0]
    assert loose.decide(message).declined and strict.decide(message).entries
    assert np.isfinite(loose.gate_.probability(message))


def test_a_kb_copy_without_the_examples_still_loads(kb_copy):
    (kb_copy / "scope_examples.jsonl").unlink()
    assert loader.load(kb_copy).scope_check is not None
    shutil.rmtree(kb_copy / "entries")
    assert "entries/" in problems_of(kb_copy)


# Requests to close in words no rule foresaw, written for these tests: the rules decline them, the check is sure.
UNFORESEEN = [
    "my binance account needs to stop existing, what do I do",
    "I want binance to forget I ever had an account",
]


@pytest.mark.parametrize("message", UNFORESEEN)
def test_a_request_the_rules_decline_gets_the_steps_when_the_check_is_sure(engine, rules_alone, message):
    decision = engine.decide(message)
    assert decision.entries == (engine.kb.scope.plain_request.entry,)
    # the rules' confidence stays: below the decline threshold, so the exchange reaches the support queue too
    assert decision.confidence < engine.config.decline_below
    assert rules_alone.decide(message).declined


def test_after_an_answer_a_declined_message_is_not_given_the_steps(engine):
    declined = engine.decide("how long should rice simmer")
    message = UNFORESEEN[0]
    assert engine.gate_.probability(message) >= engine.config.gate_answers_above
    assert engine._answered_by_the_check(message, "closure-duration", declined) is declined
    assert engine._answered_by_the_check(message, None, declined).entries


def test_a_look_alike_about_another_account_stays_declined(engine):
    for message in ("how do I close my savings account", "delete my instagram account", "怎么注销微信账号"):
        assert engine.decide(message).declined, message


def test_a_message_that_names_nothing_is_not_given_the_steps_however_sure_the_check(engine):
    # a short question about something else, shaped like a short command: neither the exchange nor a KB word
    message = "every 8h now?"
    declined = engine._decide(message, None)
    assert declined.declined
    assert engine.gate_.probability(message) >= engine.config.gate_answers_above
    assert engine.decide(message).declined
