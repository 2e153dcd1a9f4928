"""Reads a word pointing back at an account the message says the user made or holds ("signed up by accident, how do I
undo it?", "there are two accounts in my name, kill one of them", "我不小心开了个户，能撤销吗") as the account: undoing
it, cancelling it or removing it closes the account."""

from __future__ import annotations

import re

# The account told of as made, held twice, or not wanted ("I registered twice", "made an account by mistake", "two
# accounts under my name", "I no longer want a binance login"). A sign-up "for" or "to" a thing is that thing's.
_MADE = re.compile(
    r"\b(?:signed up|sign up|signup|registered|register)\b(?! (?:for|to|with|on|at|in)\b)"
    # ("registered my card": a thing registered is that thing's)
    r"(?! (?:my|a|an|the|this|our|his|her) (?!(?:account|acct|acc|profile|login|binance)\b)\w+)"
    r"|\b(?:made|make|created|create|opened|open|set up)(?: \w+){0,3} (?:account|acct|acc|profile|login)\b"
    r"|\b(?:two|2|several|multiple|duplicate|three) (?:\w+ )?(?:accounts|logins|profiles)\b"
    r"|\b(?:no longer|don't|dont|do not) (?:want|need) (?:a|an|my|this|the) (?:\w+ )?(?:account|login|profile)\b"
)
# A later verb of undoing or removing, applied to a word pointing back, or asked with nothing after it ("how to undo").
_UNDONE = re.compile(
    r"\b(?P<verb>undo|cancel|reverse|revoke|remove|delete|erase|kill|get rid of|wipe|close|scrap|trash)"
    r"(?P<back> (?:it|that|this|one of them|one|the one|the other one|the other|the second one|the extra one|the new one"
    r"|the old one)\b|(?= *(?:please|pls)? *[?.!]*$))"
)
_MADE_ZH = re.compile(
    r"(?:开了|注册了|申请了|办了)\s*(?:个|一个)?\s*(?:户|账户|账号|帐户|帐号|号)|(?:多|重复)\s*(?:开|注册)了|两个\s*(?:账户|账号|帐户|帐号|号)"
)
_UNDONE_ZH = re.compile(r"(撤销|取消|删掉|删除|弄掉|去掉|注销)(?=\s*(?:掉|了)?\s*(?:吗|么|呢|吧)?\s*[?？。!！]*$)")


def undone_account(text: str) -> str:
    """`text` with a verb of undoing or removing that points back at the account the message made or holds written as
    closing the account; `text` itself when it holds no such verb."""
    lower = text.lower()
    if lower.isascii():
        made = _MADE.search(lower)
        if made is None:
            return text
        undone = _UNDONE.search(lower, made.end())
        if undone is None:
            return text
        return f"{text[: undone.start()]}close the account{text[undone.end() :]}"
    made = _MADE_ZH.search(text)
    undone = _UNDONE_ZH.search(text, made.end()) if made else None
    if undone is None:
        return text
    return f"{text[: undone.start()]}注销账户{text[undone.end() :]}"
