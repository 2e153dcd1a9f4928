"""Recognises a message that asks the bot itself to close the account ("delete my account", "can you close it?").

The bot cannot act on anyone's account; such a message still gets the steps, with a plain word that the user has
to take them. Patterns run on normalised text, where every closing verb has become "close" (see scope.yaml).
"""

from __future__ import annotations

import functools
import re

from .quick import QuickSearch

_POLITE = (
    r"(?:please|pls|plz|kindly|just|now|then|ok|okay|so|hi|hello|hey|proceed with|go ahead and|instantly|right now)"
)
_AFTER = (
    r"(?:please|pls|plz|now|asap|today|instantly|permanently|for good|completely|entirely|forever|thanks|thank you|thx"
    # impatience ("delete my account already"), a letter's "effective immediately", a closing "period"
    r"|already|effective|period"
    # the particle of "shut the account down"
    r"|down)"
)
# The commands that make up a whole message (or clause), anchored at its start...
_ACTING_START = (
    # a bare command: "delete my account", "please close it now" (not "closing my account, what about NFTs?")
    rf"^(?:{_POLITE}[ ,]+)*close(?: (?:my|this|the|our|it|me|everything|it all|all of it))?"
    # ("close the damn account": an expletive says how the user feels, not which account)
    r"(?: (?:whole|entire|old|damn|damned|bloody|stupid|freaking|fucking|goddamn|useless))?"
    rf"(?: account)?(?:[ ,]+{_AFTER})*[ .!?]*$"
    r"|^请\s*(?:帮我)?\s*close"
    r"|^(?:instantly\s*)?close\s*(?:我的|我|这个)?\s*(?:account)?\s*(?:吧|啊|谢谢)?[。！!]*$"
    # the last of several steps: "…，然后把账户关掉", "…，然后销户"
    r"|^(?:然后|再|接着|最后|之后)\s*(?:把\s*(?:我的|我|这个)?\s*account\s*)?close\s*(?:吧|掉)?[。！!]*$"
)
# ...and those found anywhere in it, each holding one of `_ANYWHERE_WORDS` ("ur" is in "your", "u " ends "you ").
_ACTING_ANYWHERE = (
    r"\b(?:can|could|would|will|won't|wont|cant|can't) (?:you|u|ya|(?:the|this) (?:bot|chatbot|chat bot|assistant))\b(?: \w+){0,3} close\b"
    r"|\bclose\b(?: \w+){0,4} for me\b"
    # "is it possible for you to close it", "are you able to delete my account"
    r"|\b(?:possible|able) for (?:you|u|the bot) to close\b"
    r"|\b(?:are|r) (?:you|u) (?:able|going) to close\b"
    # "can your team close my account", "I'm asking you to delete it"
    r"|\b(?:can|could|would|will) (?:your (?:team|staff|support|side)|support|someone|somebody|anyone)\b(?: \w+){0,3} close\b"
    r"|\basking (?:you|u) to close\b"
    # "close my account on your end", "remove it yourself", "you delete it, I don't know how"
    r"|\bclose\b(?: \w+){0,4} (?:on|from) (?:your|ur) (?:end|side)\b"
    r"|\bclose\b(?: \w+){0,4} yourself\b"
    r"|(?:^|[,.;!?]\s*)(?:you|u) (?:just |please |go )?close (?:it|my|the|this|that)\b"
    r"|\b(?:i want|i need|i'd like|id like|i would like) (?:you|u) to close\b"
    r"|\bgo ahead and close\b"
    # "do it for me: close my account", "delete my account, go ahead", "you have my permission to delete it"
    r"|\b(?:do it|handle it|take care of it|do that) for me\b"
    r"|(?:^|[,.;:!?]\s*)(?:you do it|go ahead)[.!]*$"
    r"|\byou have my (?:permission|consent|ok|okay) to close\b"
    r"|(?:帮|替|给)我(?:把)?\s*(?:account\s*)?close"
    r"|你(?:能|可以|能不能|可不可以)\s*(?:帮我)?\s*close"
)
_ANYWHERE_WORDS = ("can", "could", "would", "will", "won", " for me", " to close", "go ahead", "ur", "u ", "我", "你")
_STARTS_ACTING = re.compile(_ACTING_START)
_ACTS_ANYWHERE = re.compile(_ACTING_ANYWHERE)
# (Only whether it matches counts: its alternatives are tried one by one, each on a text holding its words.)
_QUICK_ANYWHERE = QuickSearch(_ACTS_ANYWHERE)


def _acting(text: str, whole: bool = False) -> bool:
    """The search (`fullmatch` when `whole`) of the two patterns joined, quicker: the patterns found anywhere are
    tried only on text holding one of the words each of them needs."""
    start, anywhere = (
        (_STARTS_ACTING.fullmatch, _QUICK_ANYWHERE.fullmatch)
        if whole
        else (_STARTS_ACTING.search, _QUICK_ANYWHERE.search)
    )
    return bool(start(text) or (any(word in text for word in _ANYWHERE_WORDS) and anywhere(text)))


# A command may follow what led to it ("I signed up by accident, delete it"), but one followed by a question is
# the question's setting ("closing my account, what about my NFTs?"). A command may also open a message that goes
# on with a second one ("terminate my account and stop emailing me").
_CLAUSES = re.compile(r"[,.;!?，。；！？]+\s*")
# "closing my account, what about my NFTs?" reads "close my account, …" once normalised: a question after it makes
# the opening its setting, not a command.
_QUESTION = re.compile(r"[?？]|\b(?:what|how|when|where|why|which|who)\b")
_FIRST_COMMAND = re.compile(r"^(.+?)\s+and\s+(?!what|how|when|where|why|which|who|will|would|can|could|do|does|is|are)")
# "please close my account i got scammed and dont trust crypto anymore": a command, then its reason without a comma.
_COMMAND_THEN_REASON = re.compile(r"^(.+?)\s+(?:i|i'm|im|i've|ive|because|cause|cuz|coz|bc|since)\s")


# One question reads the same text several times (whether it asks for the closure, then whether it asks the bot):
# the answers are kept for the few texts seen last; `clear_cache` forgets them.
@functools.lru_cache(maxsize=256)
def asks_bot_to_act(normalized: str) -> bool:
    """True when a normalised message, its last clause, or the command that opens it asks the bot to close the
    account."""
    if "close" not in normalized:
        return False  # every pattern above names the closing verb (normalisation made every synonym "close")
    clauses = [c.strip() for c in _CLAUSES.split(normalized) if c.strip()]
    first = _FIRST_COMMAND.match(normalized)
    return bool(
        _acting(normalized)
        or (clauses and _acting(clauses[-1]))
        or (clauses and _acting(clauses[0], whole=True) and not _QUESTION.search(normalized))
        # "hello team, delete my account and confirm by email": the command after the greeting, before "and"
        or (first is not None and _acting(_CLAUSES.split(first.group(1))[-1].strip(), whole=True))
        or ((reason := _COMMAND_THEN_REASON.match(normalized)) is not None and _acting(reason.group(1), whole=True))
    )


# "I want to close my account", "we'd really like it closed", "I have to close mine", "我想注销": the user asks for the
# closure itself.
_WANTS = re.compile(
    r"\b(?:i|we|i'm|im|i am|i'd|id|we'd)\s+(?:really\s+|just\s+|would\s+)?"
    r"(?:want|wanna|need|like|love|rather|'d like|d like|wish|am going|going|gonna|have decided|decided|plan|am trying|trying|"
    r"have to|has to|got to|gotta|must)"
    r"\b(?:\s+\w+){0,4}?\s+close\b"
    # "I hereby request the permanent closure", "submitting a request to have it closed", "time to close it"
    r"|\b(?:i|we)\s+(?:\w+\s+)?(?:request|am requesting|are requesting)\b(?:\s+\w+){0,4}?\s+close\b"
    r"|^(?:requesting|submitting)\b(?:\s+\w+){0,5}?\s+close\b"
    # a letter's "I am writing to formally request the closure", "I request that my account be permanently closed", "I am
    # writing on behalf of myself to request closure"
    r"|\bi\b[^,.;!?]{0,45}?\brequest(?:ing)?\b(?:\s+\w+){0,5}?\s+close\b"
    r"|\b(?:it's|its|it is)?\s*time (?:to|i|we|for|for (?:me|us) to) close\b"
    r"|\b(?:let's|lets|let us)\s+(?:just\s+)?close\b"
    # "can I get it closed?", "could I have my account closed": the closure asked for as a thing done to it
    r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:get|have)\s+(?:it|this|mine|(?:my|the|this)\s+(?:\w+\s+)?account)\s+close\b"
    r"|\b(?:imma|ima|i'ma)\s+close\b"
    # "..., need mine closed", "want it gone, close it": the wish said without its subject, opening a clause
    r"|(?:^|[,.;!?]\s*)(?:need|want|wanna)\s+(?:it|mine|my account|this account|the account|this)\s+close\b"
    # "..., and honestly just want to close binance"
    r"|(?:^|[,.;!?]\s*|\band\s+)(?:honestly\s+|really\s+|just\s+)*(?:want|need|wanna|would like|'d like) (?:to|2) close\b"
    r"|(?:我|俺)(?:想|要|想要|需要|打算|决定|希望)\s*(?:把)?\s*(?:account\s*)?close"
    # "被骗了，想马上注销账号", "用不惯，想注销": the wish said without its subject, opening a clause, as Chinese does
    r"|(?:^|[,，。;；!！?？]\s*|(?<=[^\x00-\x7f])\s+)(?:想|想要|打算|决定)\s*(?:instantly\s*|直接\s*|彻底\s*)?(?:把)?\s*(?:account\s*)?close"
    # "我在此申请永久关闭我的账户", "特此申请注销本人账户", "特申请永久注销账户"
    r"|(?:我|本人|特此|在此|特)[^,，。;；!！?？]{0,6}?(?:申请|请求|要求)\s*(?:永久|正式)?\s*close"
)


_QUICK_WANTS = QuickSearch(_WANTS)


# "I want my account and all data gone", "need my acc gone", "make my account disappear": the account gone is the
# closure.
_GONE = re.compile(
    r"(?:\b(?:i|we)\s+|^)(?:really\s+|just\s+)?(?:want|need|'d like|would like)\s+(?:my|the|this|our)\s+(?:\w+\s+){0,3}?"
    r"account\b(?:\s+\w+){0,3}?\s+(?:gone|erased|wiped|removed|to disappear)\b"
    r"|\bmake (?:my|the|this|our) account (?:disappear|go away|vanish)\b"
    # ...or had gone ("wondering if i can just walk away and have the account gone")
    r"|\bhave (?:my|the|this|our) account (?:gone|erased|wiped|removed)\b"
    # ...or no longer needed or wanted ("I don't need this account anymore", "no longer want my account")
    r"|\b(?:don't|dont|do not|no longer)\s+(?:need|want)\s+(?:my|this|the|that)\s+(?:\w+\s+)?account\b"
    r"(?:\s+\w+)?\s+(?:anymore|any more|at all)\b"
    r"|\bno longer (?:need|want) (?:my|this|the|that) (?:\w+\s+)?account\b"
)
_QUICK_GONE = QuickSearch(_GONE)


@functools.lru_cache(maxsize=256)
def asks_to_close(normalized: str) -> bool:
    """True when a normalised message asks for the closure itself: of the bot, or as what the user wants."""
    if _QUICK_GONE.search(normalized):
        return True
    if "close" not in normalized:
        return False  # the other patterns name the closing verb
    return asks_bot_to_act(normalized) or _QUICK_WANTS.search(normalized)


def clear_cache() -> None:
    """Forget the answers kept for texts seen recently."""
    asks_bot_to_act.cache_clear()
    asks_to_close.cache_clear()
