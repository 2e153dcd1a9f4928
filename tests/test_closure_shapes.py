"""Closure requests in shapes that name the account by which one or what kind it is, or by a word standing for it."""

import pytest

CLOSURE_ENTRIES = {"closure-steps", "closure-requirements", "where-close-option", "mobile-app"}


@pytest.mark.parametrize(
    "question",
    [
        # which of the user's own accounts, or what kind, said by two words before "account"
        "how can we close our firm's institutional account",
        "close my verified entity account please",
        # a word that stands for an account already named, after the verb
        "I have two accounts here, I want to close the one my brother set up",
        # how it is closed ("the same way"), and a law under which data is erased, are no thing closed
        "can a corporate account be closed the same way as mine? we want to close ours",
        "I'd like my account deleted and my records wiped under the ccpa",
    ],
)
def test_the_account_said_by_which_or_what_kind_is_closed(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES, reply.entry["id"]


@pytest.mark.parametrize(
    "question",
    ["close my ledger live account", "how to delete a trading 212 account", "delete my dating app profile"],
)
def test_another_service_named_in_two_words_before_the_account_stays_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)
