"""A message that is only a greeting, thanks or a wish for a person is declined in kind, never answered."""

import pytest

from bot.replies.remarks import remark
from bot.replies.texts import DECLINE, REMARK


@pytest.mark.parametrize(
    "message, kind",
    [
        ("hello", "greeting"),
        ("Hey there!", "greeting"),
        ("good morning team", "greeting"),
        ("您好", "greeting"),
        ("thx", "thanks"),
        ("ok great, thank you so much!", "thanks"),
        ("cheers, bye", "thanks"),
        ("多谢", "thanks"),
        ("can I speak to a real person?", "person"),
        ("connect me with customer service pls", "person"),
        ("LIVE AGENT", "person"),
        ("hi, i wanna talk to someone", "person"),
        ("你好，帮我转人工", "person"),
        ("联系客服", "person"),
    ],
)
def test_a_whole_message_of_remarks_is_told_by_kind(message, kind):
    assert remark(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "hi how do I close my account",
        "thanks, and how long does it take?",
        "agent said my withdrawal is pending",
        "human resources wants my payslip",
        "人工智能是什么",
        "hiring now?",
        "ok",
        "",
    ],
)
def test_a_message_that_says_anything_else_is_no_remark(message):
    assert remark(message) is None


@pytest.mark.parametrize(
    "message, kind, lang",
    [
        ("hiya", "greeting", "en"),
        ("thanks a lot", "thanks", "en"),
        ("talk to a human please", "person", "en"),
        ("人工客服", "person", "zh"),
        ("谢谢你", "thanks", "zh"),
    ],
)
def test_the_decline_meets_a_remark_in_kind(assistant, message, kind, lang):
    reply = assistant.ask(message)
    assert reply.fallback and reply.entry is None and not reply.sources
    assert reply.remark == kind and reply.lang == lang
    assert reply.answer == REMARK[kind][lang]
    assert reply.suggestions  # still says what the bot can help with


def test_any_other_decline_keeps_the_plain_text_and_no_remark(assistant):
    reply = assistant.ask("how long should I boil an egg")
    assert reply.fallback and reply.remark is None
    assert reply.answer == DECLINE["en"]


def test_a_question_with_a_greeting_is_still_answered(assistant):
    reply = assistant.ask("hi! how do I close my binance account?")
    assert not reply.fallback and reply.remark is None


def test_thanks_after_an_answer_is_met_in_kind(assistant):
    first = assistant.ask("how long does closing take?")
    reply = assistant.ask("thank you!", after=first.entry["id"])
    assert reply.fallback and reply.remark == "thanks"


def test_the_api_reply_carries_the_remark(client):
    body = client.post("/api/v1/chat", json={"message": "can I talk to an agent"}).get_json()
    assert body["fallback"] is True and body["remark"] == "person"
    assert "Talk to a person" in body["answer"]
