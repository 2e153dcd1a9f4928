"""Finds a message about a thing that closes of itself ("is binance shutting down?", "when does the stock market close",
"my company is closing", "币安要关闭了吗"): the exchange, a market, a shop or an employer closing is an event, not the
user's account being closed."""

from __future__ import annotations

import re

from ..kb.folding import alternation

# The closing as an event, after "is" / "was" ("is closing", "was shut down")...
_CLOSING = (
    r"(?:(?:going|about|gonna|set|planning|likely) to (?:close|shut down|shut)|clos(?:ed|ing)|shut(?:ting)? down|shut"
    r"|going out of business|going bankrupt|going under|going bust|stopping operations|winding down)"
)
# ...and the verb itself, after "will" / "does" or told in the present ("the market closes at 4").
_CLOSE = r"(?:close|shut down|shut)"
_CLOSES = r"(?:closes|shuts down)"
# Words that cannot end the name of a thing ("the alternatives to closing" names the alternatives, not a closing).
_NOT_A_NOUN = r"(?:be|to|of|for|from|in|on|at|with|by|about|after|before|when|if|that|which|who)"
_DETERMINER = r"(?:the|my|our|your|this|that|a|his|her|their)"
# Words that end the clause the closing is told in ("my bank is closing so I want to close binance too").
_CLAUSE_END = r"(?=$|[,.;!?]|\s(?:and|but|so|because|since|then|how|what|should|can|could|do|does)\b)"
# What follows the verb when it acts on something ("binance is closing my account", "does binance close it for me").
_TRANSITIVE = frozenset("my me our us your the it this that his her their accounts account all everything".split())
# Words that stand for the account or the user's own act, never a thing that closes of itself.
_NOT_A_DOER = frozenset(
    "account accounts request requests process procedure deletion closure window period position positions order "
    "orders app application status option button page ticket case".split()
)
_ZH_WAYS = r"是不是|是否|会不会|要不要|真的要|就要|快要|将要|已经|要|会|快|将|也|又"
_ZH_CLOSES = r"关闭|倒闭|关门|停止运营|停止营业|停运|跑路|破产|关停|暂停营业"


class ClosingOfItself:
    """Whether a message asks or tells of a thing closing of itself, with no word of an account closed."""

    def __init__(self, subject: list[str]):
        latin = alternation(sorted((n for n in subject if n.isascii()), key=len, reverse=True))
        # The thing: a word or two after a determiner ("the stock market"), or the exchange by its name.
        doer = rf"(?:{_DETERMINER} (?P<doer>[a-z]+(?: (?!{_NOT_A_NOUN}\b)[a-z]+)?)|(?P<name>{latin}))"
        self._told = re.compile(
            rf"(?:^|[,.;!?] *|\b(?:and|but|so|because|since|cause) ){doer}"
            rf"(?: (?:is|are|was|were|'s|has been|have been|will be|'ll be) {_CLOSING}| (?:will|'ll|might|may) {_CLOSE}"
            rf"| {_CLOSES})\b(?P<rest>.*?){_CLAUSE_END}"
        )
        self._asked = (
            re.compile(rf"\b(?:is|are|was|were) {doer} {_CLOSING}\b(?P<rest>.*?){_CLAUSE_END}"),
            re.compile(rf"\b(?:will|does|do|did|would) {doer} {_CLOSE}\b(?P<rest>.*?){_CLAUSE_END}"),
        )
        # "is my binance closed yet": the exchange as the user's own is the account
        self._own = re.compile(rf"\b(?:my|our) (?:{latin})\b") if latin else None
        names = [n for n in subject if not n.isascii()]
        places = alternation(sorted({*names, "交易所", "平台", "公司", "市场", "股市", "银行"}, key=len, reverse=True))
        self._zh = re.compile(
            rf"(?:{places})\s*(?:(?:{_ZH_WAYS})\s*)*(?:{_ZH_CLOSES})\s*了?\s*(?:吗|么|嘛|吧|呢)?\s*[?？。!！]*$"
        )

    def __call__(self, folded: str) -> str | None:
        """What is left of `folded` (the message folded, not normalised) once the closing of a thing is taken out,
        when it tells or asks of one and names no account; else None."""
        if "账" in folded or "account" in folded or "acc " in folded:
            return None
        if not folded.isascii():
            match = self._zh.search(folded)
            return folded[: match.start()] if match else None
        if self._own is not None and self._own.search(folded):
            return None
        for pattern in (self._told, *self._asked):
            for match in pattern.finditer(folded):
                doer = (match.group("doer") or "").split()
                rest = match.group("rest").split()
                if (doer and doer[-1] in _NOT_A_DOER) or (rest and rest[0] in _TRANSITIVE):
                    continue
                return f"{folded[: match.start()]} {folded[match.end() :]}"
        return None


# What the exchange did to an account of its own accord, told as done ("binance closed my account", "why did binance
# ban my friend's account"): its decision, which the sources do not cover, not a closure the user asks for.
_DONE_TO = (
    r"(?:closed|deleted|banned|suspended|terminated|disabled|froze|frozen|locked|restricted|blocked|shut down|removed)"
)
_DOES_TO = r"(?:close|delete|ban|suspend|terminate|disable|freeze|lock|restrict|block|shut down|remove)"
_WHOSE = r"(?:my|our|his|her|their|your|(?:my )?[a-z]+'s)"
# The user's own request behind what the exchange did.
_ASKED_FOR = re.compile(
    r"\b(?:i|we) (?:had )?(?:requested|asked|submitted|applied|wanted|confirmed|clicked)\b|\bmy (?:closure |deletion )?request\b"
)


class ClosedByTheExchange:
    """Whether a message tells or asks why the exchange itself closed, banned or froze an account."""

    def __init__(self, subject: list[str]):
        latin = alternation(sorted((n for n in subject if n.isascii()), key=len, reverse=True))
        self._pattern = (
            re.compile(
                rf"\b(?:{latin}) (?:has |have |had |just |already |suddenly )*{_DONE_TO} {_WHOSE} (?:\w+ )?account"
                rf"|\bwhy (?:did|would|has|is) (?:{latin}) (?:been )?(?:{_DOES_TO}|{_DONE_TO}|closing|deleting|banning)"
                rf" {_WHOSE} (?:\w+ )?account"
            )
            if latin
            else None
        )

    def __call__(self, folded: str) -> bool:
        """True when the folded message has the exchange as the one who closed an account (not one the user asked it
        to close: "binance closed my account after I requested it" is the user's closure, done)."""
        return (
            self._pattern is not None and self._pattern.search(folded) is not None and _ASKED_FOR.search(folded) is None
        )
