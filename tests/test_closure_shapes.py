"""Closure requests and look-alikes in shapes the word rules read: the account named by which one or what kind it is,
the exchange's name as heard, the account made and then undone, a thing closing of itself, a profile picture, the app
closed on the phone, the account kept while another thing closes, and a transaction under way cancelled."""

import pytest

from bot.matching.heard import HeardNames
from bot.matching.madeby import undone_account

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
    # a word pointing back at the account the message says was made, or is held twice
    "oops I signed up without thinking, can I undo that?",
    "I accidentally made a profile here yesterday, please cancel it",
    "I have two accounts for some reason, scrap one of them",
    "我刚才误操作注册了个账号，可以取消吗",
    # which of one's own accounts, between the verb and the account
    "remove my spare account",
    # the master account of sub-accounts is the user's own; the account made not to exist; leaving told as due
    "please close my master account",
    "can you make my account no longer exist",
    "I guess it's time I left binance",
    # an idiom of removing for ever says how, not what is removed
    "nuke my binance off the face of the earth",
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
    # a picture on the profile is not the profile; the app closed on the phone is the phone's matter
    "remove my profile picture please",
    "the app won't close, it froze again",
    "how to close binance app running in background on android",
    "币安App在后台一直运行怎么关掉",
    # the thing named after the words that say which ("a support ticket": the ticket)
    "how can I close a support ticket",
    # the account said to be kept, another thing closed; a transaction under way cancelled
    "remove the sms option but keep my account",
    "close and delete the old api keys but keep my account",
    "cancel the pending withdrawal please",
    "how do I stop an ongoing withdrawal",
    "撤销全部挂单",
]
ANSWERED = [
    "binance is closing my account, can I still withdraw?",
    "my bank is shutting down so I want to close binance as well",
    "is my binance closed yet?",
    "delete my profile please",
    "can I close my account from the app if it keeps crashing?",
    "I want to keep my account data but close the account",
    # a conjunction right after the closing verb ends its clause: no other thing is closed
    "If I ask for closure and then regret it, can I still keep my account?",
    "cancel my pending deletion request",
    "为什么注销前要先撤销挂单",
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


@pytest.mark.parametrize(
    "text",
    [
        "I signed up for the newsletter, how do I cancel it?",
        "I registered my card, how do I remove it",
        "I made a deposit by mistake, can I undo it?",
        "my account has a pending withdrawal, can I cancel it?",
    ],
)
def test_what_points_back_at_another_thing_is_not_the_account(text):
    assert undone_account(text) == text
