"""Closure requests and look-alikes in shapes the word rules read: the account named by which one or what kind it is,
the exchange's name as heard, and a thing closing of itself."""

import pytest

from bot.matching.heard import HeardNames

CLOSURE_ENTRIES = {"closure-steps", "closure-requirements", "where-close-option", "mobile-app"}

CLOSED = [
    # which of the user's own accounts, or what kind, said by two words before "account"
    "how can we close our firm's institutional account",
    "close my verified entity account please",
    # a word that stands for an account already named, after the verb
    "I have two accounts here, I want to close the one my brother set up",
    # how it is closed ("the same way"), and a law under which data is erased, are no thing closed
    "can a corporate account be closed the same way as mine? we want to close ours",
    "I'd like my account deleted and my records wiped under the ccpa",
    # the exchange's name written as it sounds, in one or two everyday words
    "pls remove my bye nance account",
    "how to close my buy nants account",
    "want to leave bin ants for good",
]
DECLINED = [
    # another service named in two words before the account
    "close my ledger live account",
    "how to delete a trading 212 account",
    "delete my dating app profile",
    # the exchange, a market or an employer closing is an event, not an account closed
    "is binance closing down in europe?",
    "is the stock market closed on good friday",
    "my employer is shutting down, what are my rights",
    "币安是不是要关闭了",
]
ANSWERED = [
    "binance is closing my account, can I still withdraw?",
    "my bank is shutting down so I want to close binance as well",
    "is my binance closed yet?",
]


@pytest.mark.parametrize("question", CLOSED)
def test_closure_requests_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES, reply.entry["id"]


@pytest.mark.parametrize("question", DECLINED)
def test_look_alikes_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize("question", ANSWERED)
def test_the_same_words_beside_the_account_are_answered(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    "text",
    ["how do I get rid of the bin ants in my kitchen", "delete my bananas account", "close my account by nancy's shop"],
)
def test_words_that_only_sound_near_the_name_elsewhere_are_left_alone(text):
    assert HeardNames(["binance"])(text) == text
