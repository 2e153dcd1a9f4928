"""Remarks that ask nothing of the KB: a greeting, thanks or goodbye, or a wish to talk to a person.

The engine declines them like any message its sources do not cover; this only tells which kind of remark a whole
message is, so that the decline can fit it ("hi" is greeted, "talk to a human" is pointed to the support team).
A message with anything else in it is not a remark.
"""

from __future__ import annotations

import re
from typing import Literal

Remark = Literal["greeting", "thanks", "person"]

# Which kind wins when a message holds several ("hi, can I talk to a human?" asks for a person).
_RANK: dict[Remark, int] = {"greeting": 0, "thanks": 1, "person": 2}

_WHO = (
    r"(?:a |an |the |some |your |one of your )?(?:real |live |actual |human )?"
    r"(?:human|person|agent|representative|rep|someone|somebody|support(?: team| staff)?|"
    r"customer (?:service|support|care)|operator|staff|people|admin)"
)
_PLEASE = r"(?: please| pls| plz| now)*"
_PART_PATTERNS: tuple[tuple[Remark, str], ...] = (
    (
        "person",
        (
            r"(?:(?:can|could|may) i |(?:i (?:want|need|would like|wanna)|id like)(?: to)? |let me |please |pls |"
            r"how (?:do|can) i )?(?:talk|speak|chat) (?:to|with) "
            + _WHO
            + _PLEASE
            + r"|(?:please |pls )?(?:connect|transfer|put|pass) me (?:to|through to|with|on to) "
            + _WHO
            + _PLEASE
            + r"|(?:i (?:want|need) |give me |get me )(?:a |an )?(?:real |live )?(?:human|agent|person|representative)"
            + _PLEASE
            + r"|(?:a |an )?(?:real |live )?(?:human|agent|representative|customer service|operator|real person)"
            + _PLEASE
            + r"|(?:我要|我想|请|帮我|麻烦)?(?:转|找|联系|接通|呼叫)?(?:真人|人工)(?:客服|服务)?"
            r"|(?:我要|我想|请|帮我|麻烦)?(?:找|联系|转)(?:真人|人工)?客服"
        ),
    ),
    (
        "thanks",
        (
            r"(?:thanks?(?: you)?(?: (?:so|very) much| a lot| again| anyway)?|thx|tx|ty|tysm|thank u|cheers|"
            r"many thanks|much appreciated|appreciate it|bye(?: bye)?|goodbye|see (?:you|ya)|that'?s all|"
            r"that helps|that helped)"
            r"|谢谢(?:你|您|啦|了)?|多谢|感谢|谢啦|谢了|拜拜|再见"
        ),
    ),
    (
        "greeting",
        (
            r"(?:hi+|hello+|hey+|hiya|heya|howdy|yo|hola|greetings|good (?:morning|afternoon|evening|day)|"
            r"hai|helo|hallo)(?: (?:there|all|everyone|guys|team|bot|binance|support))?"
            r"|你好[呀啊]?|您好|哈喽|哈啰|嗨|早上好|下午好|晚上好|在吗|在不在|有人吗"
        ),
    ),
)
# A part ends at a space, the end, or where Chinese follows (Chinese parts are written without spaces); the
# lookahead lets a pattern try its next alternative rather than stop inside a word ("hi" in "hiya").
_END = r"(?=\s|$|[\u4e00-\u9fff])"


# Words that only acknowledge: part of a remark beside one, never a remark alone ("ok").
_FILLER = re.compile(r"(?:ok(?:ay)?|great|cool|perfect|awesome|got it|alright|nice|all good|sure|好的|好|嗯)" + _END)
_PARTS = tuple((kind, re.compile(f"(?:{pattern}){_END}")) for kind, pattern in _PART_PATTERNS)
_APOSTROPHE = re.compile(r"['\u2019]")
_NOT_WORD = re.compile(r"[\W_]+")


def remark(message: str) -> Remark | None:
    """The kind of remark the whole message is, or None when it says or asks anything else."""
    text = _NOT_WORD.sub(" ", _APOSTROPHE.sub("", message.casefold())).strip()
    found: list[Remark] = []
    while text:
        for kind, pattern in _PARTS:
            match = pattern.match(text)
            if match and match.end():
                found.append(kind)
                text = text[match.end() :].lstrip()
                break
        else:
            filler = _FILLER.match(text)
            if not filler:
                return None
            text = text[filler.end() :].lstrip()
    if not found:
        return None
    return max(found, key=lambda kind: _RANK[kind])
