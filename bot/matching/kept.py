"""Messages that close or cancel a thing other than the account: one that says the account is kept ("unsubscribe from the
marketing emails but keep my account"), and one that cancels a transaction still under way ("delete a pending
withdrawal", "撤销所有挂单"). Both read normalised text, where every closing verb is "close"."""

from __future__ import annotations

import re

# The account said to be kept, or not to be closed.
_KEPT = re.compile(
    r"\bretain\w*\s+(?:my|the|this|our)\s+(?:\w+\s+)?account\b(?!\s+(?:data|info|information|details|records))"
    r"|\bwithout close\w*\s+(?:my|the|this)\s+account\b"
    r"|\b(?:don't|dont|do not|not)\s+(?:want\s+to\s+|wanna\s+)?close\s+(?:my|the|this)\s+account\b"
)
# The closing verb, or another that removes or turns off a thing, and the words after it, in one clause.
_CLOSED = re.compile(
    r"\b(?:close|remove|delete|erase|cancel|disable|turn off)\b((?:\s+[a-z0-9]+(?:['-][a-z0-9]+)*){0,3})"
)
# Words before the thing that only say whose or which ("my old api key": the key).
_WHICH = frozenset(
    "my the a an this that these those our your all every old new main other some any just second first extra "
    "duplicate spare".split()
)
# Words that name the account itself, or say nothing of a thing closed.
# ("keep my main account, close the second one": "one" is another of the user's accounts;
# "keep my account, cancel the closure": the closure and its request)
_THE_ACCOUNT = frozenset(
    "account accounts it binance mine one ones everything all too as well please now close request deletion".split()
)
# A conjunction right after the verb ends its clause before any thing is named ("if I request close and regret it,
# can I still keep my account?"); another verb may follow it ("close and delete the old api keys").
_CLAUSE_ENDS = frozenset("and or but then if so because".split())
# A transaction still under way, cancelled ("cancel my pending withdrawal"; not "cancel my pending deletion request").
_PENDING = re.compile(
    r"\b(?:close|cancel|undo|stop|remove|erase)\s+(?:(?:my|the|a|an|this|that|all|these|those)\s+){0,2}"
    r"(?:pending|ongoing|outgoing|queued|unconfirmed|processing)\s+(?!close\b|request|account|cancel|undo|reregister)[a-z]"
    # ...and in Chinese, orders or a withdrawal taken back ("撤销所有挂单", "取消这笔提现")
    r"|(?:undo|cancel)\s*(?:所有|全部|我的|这笔|那笔|这个|这些)?\s*(?:的\s*)?(?:挂单|订单|委托|withdraw)"
)


def keeps_account_closing_another(normalized: str) -> bool:
    """True when the message says the account is kept and its closing verb applies to another thing."""
    if _KEPT.search(normalized) is None:
        return False
    closes_something = False
    match = _CLOSED.search(normalized)
    while match is not None:
        words = [w for w in match.group(1).split() if w not in _WHICH]
        if words and words[0] in _CLAUSE_ENDS:
            match = _CLOSED.search(normalized, match.start(1) + 1)
            continue
        if not words or words[0] in _THE_ACCOUNT:
            return False  # the account is closed after all ("keep my data, close my account")
        closes_something = True
        match = _CLOSED.search(normalized, match.end())
    return closes_something


def cancels_a_pending_act(normalized: str, topic: re.Pattern[str] | None) -> bool:
    """True when a transaction under way is cancelled, in a message that names no account and, besides, holds none of
    the `topic` words ("为什么要先取消挂单" asks what closing needs)."""
    if "account" in normalized:
        return False
    match = _PENDING.search(normalized)
    if match is None:
        return False
    return topic is None or topic.search(f"{normalized[: match.start()]} {normalized[match.end() :]}") is None
