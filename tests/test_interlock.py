"""Where the two articles interlock: a question that joins two facts gets the answer that joins them."""

import pytest

LEFT_BEHIND = {"withdraw-remaining", "zero-balance", "keep-dormant"}


@pytest.mark.parametrize(
    "question",
    [
        "there are still 12 USDC in my funding wallet, do they come back to me if I close the account?",
        "closing binance with some XRP still inside, is it refunded?",
        "注销账户的时候还有一点USDT没提，会退给我吗",
        "I have 300 euros left, will they be sent to my bank when I close?",
        "I still have 300 euros in my fiat wallet, are they refunded when I close?",
    ],
)
def test_a_coin_named_by_ticker_in_a_closure_question_is_the_crypto_left_behind(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry is not None and reply.entry["id"] in LEFT_BEHIND, reply.entry["id"]
    assert "converted or refunded" in reply.answer or "自动兑换或退还" in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        "which network is cheapest for sending USDT to my ledger?",  # the coin itself: not covered
        "do airdrops get paid in SOL or USDC",
        "how do I close my USDT short on futures",  # the coin is what is closed, not the account
        "how to delete a trading 212 account",  # a number that names something else
        "I want to close my SOL staking position early",
    ],
)
def test_a_coin_named_outside_a_closure_question_stays_a_word_the_kb_never_uses(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def flags(reply) -> list[str]:
    return sorted(c["id"] for c in reply.to_dict()["conflicts"] or [])


def entries(reply) -> list[str]:
    return [e["id"] for e in reply.to_dict()["entries"] or []]


@pytest.mark.parametrize(
    "question, entry, flagged",
    [
        # a request already confirmed is in the stage the timing dispute is about
        (
            "I forgot to copy my withdrawal addresses before confirming the closure, are they still there?",
            "saved-addresses",
            ["closure-timing"],
        ),
        ("我已经确认注销了，提币地址还在吗", "saved-addresses", ["closure-timing"]),
        # asking whether both articles say it: the frame is the same around every point, the point picks the entry
        ("两篇文章都说注销前要先赎回理财产品吗", "earn-staking", []),
        ("do both articles say my phone number gets released?", "reregister-same-email", []),
        # "click" alone is a step of the ordinary flow, not one-click deletion
        ("once I click confirm, is my account deleted straight away?", "closure-duration", ["closure-timing"]),
        ("is there a one click way to delete binance?", "one-click-deletion", []),
        # a number before a time word says when, not what is closed
        (
            "submitted the closure 3 days ago, can I still download my trade history?",
            "export-history",
            ["closure-timing"],
        ),
        ("account deleted 4 months ago, need my records for taxes", "export-history", []),
        # a year says when, not what is closed; a cooling-off said to be over is past the timing dispute
        ("closed binance in 2022, my accountant needs the trades, can I still get them?", "export-history", []),
        ("the cooling off is over now, can I still download my trade history?", "export-history", []),
        # a closure told as done is not a request to close: the question is the rest
        ("注销已经完成了，报税要用的记录去哪里下载", "export-history", []),
    ],
)
def test_the_entry_and_its_flags(assistant, question, entry, flagged):
    reply = assistant.ask(question)
    assert entries(reply) == [entry]
    assert flags(reply) == flagged


def test_statements_are_the_history_and_the_wait_touches_the_timing_dispute(assistant):
    reply = assistant.ask("can I still download my account statements while the closure is pending?")
    assert entries(reply) == ["export-history"]
    assert flags(reply) == ["closure-timing"]


@pytest.mark.parametrize(
    "question",
    [
        "the cooling-off is over and my account is gone, where are my trade records?",
        "my account was closed months ago, can I still download my history?",
        # wanted for taxes: a tax office or an accountant is why, in a question about closing
        "I closed my binance last spring and my accountant now needs the trade history, can I still get it?",
        "币安账户去年就注销了，报税要用交易记录，还能拿到吗",
    ],
)
def test_records_asked_for_past_the_waiting_period_carry_no_timing_flag(assistant, question):
    # A part that only tells something is the setting of the question after it, not a question of its own.
    reply = assistant.ask(question)
    assert entries(reply) == ["export-history"]
    assert flags(reply) == []
    assert "cannot be recovered" in reply.answer or "无法恢复" in reply.answer


@pytest.mark.parametrize(
    "question, entry",
    [
        ("is freezing my account the same thing as the Deactivate Account button?", "freeze-account"),
        ("冻结账户和 Deactivate Account 是一回事吗", "freeze-account"),
    ],
)
def test_a_freeze_is_told_apart_from_the_deactivate_account_label(assistant, question, entry):
    reply = assistant.ask(question)
    assert entries(reply)[0] in {entry, "alternatives", "where-close-option"}
    assert "Deactivate Account" in reply.answer


def test_what_closure_takes_away_says_funds_left_behind_are_not_sent_back(assistant):
    reply = assistant.ask("what will I lose when I close, including the money still in my wallets?")
    assert entries(reply) == ["what-is-lost"]
    assert "not converted or refunded" in reply.answer


def test_a_bank_card_named_as_where_money_goes_keeps_a_chinese_question_in_scope(assistant):
    reply = assistant.ask("注销以后剩下的钱会自动转到我的银行卡吗")
    assert not reply.fallback
    assert entries(reply)[0] in LEFT_BEHIND


@pytest.mark.parametrize(
    "question",
    ["which documents does my accountant want for the tax return?", "报税要交哪些资料给税务局"],
)
def test_tax_words_outside_a_closure_question_stay_words_the_kb_never_uses(assistant, question):
    assert assistant.ask(question).fallback


def test_a_clause_telling_that_the_closure_already_happened_is_not_a_request(assistant):
    reply = assistant.ask("my account got closed ages ago, my landlord wants proof of my old crypto income")
    assert reply.fallback or entries(reply)[0] != "closure-steps"


def test_a_topical_word_with_another_ending_is_not_a_word_the_kb_never_uses(assistant):
    # "converting" is the KB's "convert": a single-source fact asked of the other source is still answered.
    reply = assistant.ask("is the kdj article also recommending converting leftover dust into BNB?")
    assert entries(reply) == ["convert-dust"]
    assert "does not cover" in reply.answer


def test_only_topical_words_lend_their_other_endings():
    from bot.kb.lexicon import Lexicon
    from bot.matching.relevance import TopicalRelevance

    lexicon = Lexicon([("convert", 4.0), ("converting", 3.5), ("show", 7.5), ("showing", 5.0), ("the", 7.0)])
    relevance = TopicalRelevance().fit(["convert the dust", "convert it", "show the dust"], lexicon)
    assert relevance.evidence("converting").foreign == 0  # "convert" is topical: the same word
    assert relevance.evidence("showing").foreign > 0  # "show" is an everyday word: no help


@pytest.mark.parametrize(
    "question, answered",
    [
        ("I submitted the deletion request, can I still get a statement of my trades?", True),
        ("how do I see my account statement", False),  # a bank's or a card's word: not the trade history
    ],
)
def test_a_statement_of_trades_is_the_history(assistant, question, answered):
    reply = assistant.ask(question)
    assert (entries(reply) == ["export-history"]) is answered


@pytest.mark.parametrize(
    "question, flagged",
    [
        # between the request and completion: the withdrawal dispute
        ("could I reactivate my account a few days after requesting closure?", ["closure-reversal"]),
        ("我昨天注销的，今天能恢复吗", ["closure-reversal"]),
        ("what's the processing time, and can I reverse it?", ["closure-reversal", "closure-timing"]),
        # two questions, each judged with its own question mark ("reusable" is the KB's "reuse")
        ("can I cancel after confirming, and will my email be reusable?", ["closure-reversal", "email-reuse"]),
        ("when exactly are my saved withdrawal addresses erased?", ["closure-timing"]),
        # e-mails about trades are not the e-mail address being reused
        ("will binance still email me about trades once the closure is complete?", []),
    ],
)
def test_flags_follow_what_the_question_touches(assistant, question, flagged):
    assert flags(assistant.ask(question)) == flagged


def test_the_cooling_off_period_puts_a_question_in_the_closure_topic(assistant):
    reply = assistant.ask("can I log in during the cooling-off?")
    assert not reply.fallback and flags(reply)
    assert assistant.ask("how do I fix my laptop cooling fan").fallback


@pytest.mark.parametrize(
    "question, expected",
    [
        # a frame ("how long does it take") beside a question the KB answers asks about the same closure
        ("how long does it take and do I lose my referral code?", ["referral-code", "closure-duration"]),
        ("what happens to my NFTs, and how long does it take?", ["nfts", "closure-duration"]),
    ],
)
def test_a_part_that_names_nothing_asks_about_the_rest_of_the_message(assistant, question, expected):
    assert sorted(entries(assistant.ask(question))) == sorted(expected)


@pytest.mark.parametrize(
    "question",
    [
        # the other part is about a thing the KB never speaks of: the message is about that thing
        "what is defi and is it safer than keeping coins on an exchange account?",
        "what is a seed phrase and where should I keep it",
    ],
)
def test_a_part_beside_a_part_about_something_else_does_not_answer_the_message(assistant, question):
    assert assistant.ask(question).fallback


@pytest.mark.parametrize(
    "question",
    ["will binance refund my leftover coins after I close", "留下的碎币注销后会退还给我吗"],
)
def test_dust_left_behind_is_not_sent_back_either(assistant, question):
    # Dust is what people leave behind: its answer says, as the kdj.com article does of any crypto, that nothing
    # left in the account is refunded at closure.
    reply = assistant.ask(question)
    assert not reply.fallback
    assert "converted or refunded" in reply.answer or "退还" in reply.answer


@pytest.mark.parametrize(
    "question, entry, flagged",
    [
        # money taken out while the status shows "Closing": the guide allows no operations, the kdj page a window
        (
            "my status already says Closing, am I still able to withdraw my USDT?",
            "withdraw-remaining",
            ["closure-reversal"],
        ),
        # "withdraw it" is the money here, not the request
        ("I still have 30 USDC, should I withdraw it first before I close?", "withdraw-remaining", []),
        # the time after asking to close is the time the dispute is about
        ("after I ask to close, do balance emails still arrive?", "notifications", ["closure-timing"]),
        # one button is one click
        ("is there one button that wipes the whole account?", "one-click-deletion", []),
        # photos of an ID document are the data kept or deleted, not the verification itself
        ("are the photos of my id deleted once the account is closed?", "data-retention", []),
    ],
)
def test_the_entry_and_its_flags_in_other_words(assistant, question, entry, flagged):
    reply = assistant.ask(question)
    assert entries(reply) == [entry], (entries(reply), reply.confidence)
    assert flags(reply) == flagged


def test_taking_it_back_after_confirming_asks_about_undoing_the_request(assistant):
    reply = assistant.ask("I pressed confirm on the closure, can I still take it back?")
    assert entries(reply) == ["cancel-closure-request"], entries(reply)
    assert flags(reply) == ["closure-reversal"]
