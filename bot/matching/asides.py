"""Parts of a closure request that say something besides the request: a threat, what the user does not want, or the
sign-off of a letter.

"close it or I'll sue" and "I don't want to freeze it, I want it gone" ask for the closure; the threat's words
("sue", "regulator") and the alternative turned down ("freeze") would otherwise pick another entry or a decline.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .quick import Guarded

# A threat after the command: "… or I'll report you", "… otherwise I go to the press", "… before I lose my temper",
# "…，不然我就投诉", "…我就去举报". It runs to the end of the message.
_THREAT = re.compile(
    r"[\s,;.]*\b(?:or else|or|otherwise|else)\b[\s,]+(?:i|i'll|ill|i will|i'm|im|i am|we|we'll|we will|you'll|you will)\b.*$"
    r"|[\s,;.]*\bor else\b[\s.!]*$"
    r"|[\s,;.]*\bbefore i (?:lose|go|call|report|sue|complain|post|contact|take|escalate)\b.*$"
    r"|[,，。;；\s]*(?:不然|否则|要不然|要不)[^。！!？?]*$"
    r"|[,，\s]*我就[^。！!？?，,]{0,8}?(?:投诉|报警|举报|曝光|起诉|律师|告你们|来烦)[^。！!？?]*$",
    re.IGNORECASE,
)
# What every threat above holds: one of its words, in the same case-insensitive reading, or a Chinese opening. Most
# messages hold none, and this is quick to look for; the threat pattern tries each of its branches everywhere.
_THREAT_WORD = re.compile(r"\b(?:or|otherwise|else|before)\b|不然|否则|要不|我就", re.IGNORECASE)
# (The same, case-sensitive, for a plain ASCII text lower-cased: see `_REFUSES_LOWER`.)
_THREAT_WORD_LOWER = Guarded(re.compile(_THREAT_WORD.pattern))
# A letter's sign-off and the name under it ("Yours sincerely, M. Okafor", "Kind regards, Anna"): who writes, which
# says nothing of what is asked.
_SIGN_OFF = re.compile(
    r"[\s,;.!]*\b(?:yours sincerely|yours faithfully|yours truly|sincerely|faithfully|best regards|kind regards|"
    r"warm regards|regards|best wishes|many thanks|thanks in advance|respectfully)\b[\s,.!]*(?:[a-z][\w'-]*\.?[\s,]*){0,4}$",
    re.IGNORECASE,
)
# What every sign-off above holds, in lower case. Most messages hold none: a plain ASCII message without one of them,
# lower-cased, is left as it is without the costly pattern, which tries every ending of the message.
_SIGN_OFF_WORDS = ("sincerely", "faithfully", "truly", "regards", "wishes", "thanks", "respectfully")
# A clause that turns an alternative down: a word of refusing...
_REFUSES = re.compile(
    r"\b(?:not|don't|dont|do not|no|never|forget|instead of|rather than|isn't|won't)\b|不是|不要|不想|别|不用",
    re.IGNORECASE,
)
# The same search, case-sensitive, for a plain ASCII text lower-cased: there it finds what the pattern ignoring case
# finds (its words are written in lower case), and much sooner.
_REFUSES_LOWER = re.compile(_REFUSES.pattern)
# ...and what closing is weighed against: freezing, pausing, locking, keeping it, leaving it dormant.
_ALTERNATIVE = re.compile(
    r"\b(?:freeze|freezing|frozen|pause|pausing|paused|break|lock|locking|locked|suspend|suspending|suspension|"
    r"dormant|inactive|disable|disabling|uninstall|uninstalling|log out|logout)\b|冻结|凍結|暂停|锁定|鎖定|闲置|停用|卸载|卸載",
    re.IGNORECASE,
)
_ALTERNATIVE_LOWER = Guarded(re.compile(_ALTERNATIVE.pattern))
# Clauses end at punctuation, and before "not just" or "rather than" ("close the whole account not just uninstall
# the app").
_CLAUSES = re.compile(r"(?<=[,.;!?，。；！？])\s*|\s+(?=\b(?:not just|rather than|instead of)\b)", re.IGNORECASE)


def _without_sign_off(text: str) -> str:
    """`_SIGN_OFF.sub("", text)`, quicker on a message without a sign-off word."""
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _SIGN_OFF_WORDS):
            return text
    return _SIGN_OFF.sub("", text)


def _lowered_search(lower: re.Pattern[str] | Guarded, pattern: re.Pattern[str], text: str) -> bool:
    """True when `pattern` (ignoring case) finds a match in `text`; `lower` is its case-sensitive copy, for ASCII."""
    if text.isascii():
        return lower.search(text.lower()) is not None
    return pattern.search(text) is not None


def _refuses(clause: str) -> bool:
    """True when `_REFUSES` finds a word of refusing in `clause`."""
    return _lowered_search(_REFUSES_LOWER, _REFUSES, clause)


def without_asides(text: str, asks_to_close: Callable[[str], bool]) -> str:
    """`text` without a letter's sign-off, without a threat after its request and without the clauses turning an
    alternative down, when what is left still asks to close (`asks_to_close` tells, on a part of the text); else `text` unchanged."""
    signed = _without_sign_off(text).strip()
    if signed != text and signed and asks_to_close(signed):
        text = signed
    stripped = (_THREAT.sub("", text) if _lowered_search(_THREAT_WORD_LOWER, _THREAT_WORD, text) else text).strip()
    if stripped != text and (not stripped or not asks_to_close(stripped)):
        stripped = text  # (a text the threat pattern left as it was is kept, whatever it asks)
    if not _lowered_search(_ALTERNATIVE_LOWER, _ALTERNATIVE, stripped):
        # No alternative named, so none turned down: a clause ends at punctuation or a space, where its own word
        # bounds are the whole text's, so what it holds the whole text holds (most messages; no splitting then).
        return stripped
    clauses = [c for c in _CLAUSES.split(stripped) if c.strip()]
    kept = [c for c in clauses if not (_refuses(c) and _ALTERNATIVE.search(c) and not asks_to_close(c))]
    if kept and len(kept) < len(clauses):
        rest = " ".join(kept).strip()
        if asks_to_close(rest):
            return rest
    return stripped
