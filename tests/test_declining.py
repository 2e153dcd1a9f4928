"""Declining messages about something else, by general rules: what a thing needs, what is recovered or undone, a
thing named first as the topic of closing, banks and carriers, lost phones, one thing of the profile deleted, an
order or a plan cancelled or stopped."""

import pytest

DECLINED = [
    # "X需要什么/哪些…", "需要带什么" ask what X needs, not what closing needs
    "开淘宝店需要什么条件",
    "考驾照需要哪些材料",
    "办签证需要带什么",
    # a thing named first, as the topic of "能恢复吗" / "可以撤回吗": the thing's own matter
    "被覆盖的文档能恢复吗",
    "清空的收藏夹能恢复吗",
    # a thing named first, as the topic of "可以注销吗": a card, a number
    "健身卡可以注销吗",
    "副卡能不能注销",
    "号码怎么注销",
    # a bank, its card or its app closed, or an account closed at a bank
    "银行账户怎么销户",
    "农商银行卡可以注销吗",
    "how long does closing an account take at the bank",
    # ...a bank account or card closed, or a bank or a big company doing the closing
    "close bank acct",
    "how can I delete an old bank card from my binance account",
    "I want my photos deleted by google",
    "注销，农业银行的借记卡",
    # a bank left, or something deleted in its app
    "can I leave my bank without paying withdrawal fees",
    "delete old transactions on my bank app",
    # a payment sent, undone
    "转账可以撤销吗",
    # one thing of the profile deleted, not the profile
    "delete my profile avatar",
    # an order or a plan of Binance's cancelled on its own
    "cancel my p2p trade",
    "cancel a recurring buy",
    "stop my recurring buy",
    # a phone plan or contract closed is the carrier's
    "how can I close my mobile plan early",
    "terminate my phone contract",
    # a lost phone reported, with no word of closing
    "lost phone yesterday and cant log in to anything",
]

ANSWERED = [
    ("注销账户需要什么条件", "closure-requirements"),
    ("注销前需要做哪些准备", "closure-requirements"),
    ("注销的账号还能恢复吗", "reopen-closed-account"),
    ("账号还能恢复吗", "reopen-closed-account"),
    ("注销申请可以撤回吗", "cancel-closure-request"),
    ("币安账户可以注销吗", "closure-steps"),
    ("我的账户能不能注销", "closure-steps"),
    ("I lost my phone, can I still close my account?", None),
    ("delete my profile pls", "closure-steps"),
    ("cancel the deletion", "cancel-closure-request"),
    ("do I have to cancel my auto-invest plan?", None),
    # what closing does to it, or whether to, asked by the verb with a question mark
    ("will my auto-invest stop when I close?", "disable-features"),
    ("cancel my open orders?", "open-orders"),
    ("withdraw my money to my bank before closing", "withdraw-remaining"),
    ("我要销户，提现到银行卡要多久", None),
]


@pytest.mark.parametrize("question", DECLINED)
def test_messages_about_something_else_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize("question, expected", ANSWERED)
def test_the_account_and_its_closing_in_those_frames_are_still_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback, (reply.entry, reply.confidence)
    assert expected is None or reply.entry["id"] == expected, reply.entry
