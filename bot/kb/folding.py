"""Text folding the KB checks and the matcher share: case, width, quotes, spaces, Chinese detection, phrase patterns."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
SPACES = re.compile(r"\s+")
_MARKS = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
_APOSTROPHES = str.maketrans(_MARKS)
_MARK = re.compile(f"[{''.join(_MARKS)}]")
# Full-width ASCII and the ideographic space, as NFKC writes them: most Chinese text is NFKC but for its punctuation.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def is_cjk(text: str) -> bool:
    """True when the text is mostly Chinese characters."""
    if text.isascii():
        return False
    cjk = len(_CJK_CHAR.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk > 0 and cjk >= latin / 3


SIMPLIFIED_TABLE = Path(__file__).resolve().parent / "data" / "t2s.tsv"


@functools.cache
def _simplified() -> dict[int, str]:
    """Traditional Chinese characters with their simplified forms (from OpenCC, see `data/t2s.tsv`), read once on
    first use."""
    lines = SIMPLIFIED_TABLE.read_text(encoding="utf-8").split("\n")
    pairs = (line.split("\t") for line in lines if line and not line.startswith("#"))
    return {ord(a): b for a, b in pairs}


@functools.cache
def _traditional() -> re.Pattern[str]:
    """A pattern finding any of the traditional characters (one class: quicker than a lookup of each character)."""
    return re.compile(f"[{''.join(map(re.escape, map(chr, sorted(_simplified()))))}]")


def fold(text: str) -> str:
    """Width-folded, lower-cased text with plain quotes and single spaces; Chinese in simplified characters."""
    return _folded(text)


# The rules of one question fold the same message, and the same few parts of it, a dozen times over.
@functools.lru_cache(maxsize=64)
def _folded(text: str) -> str:
    # ASCII text is its own NFKC form and has none of the quotes and dashes rewritten: lower-casing is all it needs.
    # (Splitting on whitespace and joining with one space is what replacing each run by a space and stripping does.)
    if text.isascii():
        return " ".join(text.lower().split())
    if not unicodedata.is_normalized("NFKC", text):
        # NFKC writes full-width ASCII as ASCII; done first by a table, most Chinese text is then NFKC already, and
        # the check is quicker than normalising (the result is the same: those are the characters' NFKC forms).
        text = text.translate(_NARROW)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    if _MARK.search(text):  # translating looks up every character: only where there is one
        text = text.translate(_APOSTROPHES)
    text = text.lower()
    if _CJK_CHAR.search(text):
        # The KB is written in simplified characters; "註銷帳戶" asks what "注销帐户" asks. Most text has none
        # of the traditional ones, and translating looks up every character: only text holding one is translated.
        if _traditional().search(text):
            text = text.translate(_simplified())
    return " ".join(text.split())


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of `phrases` in folded text, longest first, Latin ones on word boundaries."""
    folded = sorted({fold(p) for p in phrases}, key=len, reverse=True)
    if not folded:
        return None
    latin = alternation([p for p in folded if not _CJK_CHAR.search(p)])
    chinese = [p for p in folded if _CJK_CHAR.search(p)]
    # One word-boundary test around all Latin phrases: inside a word the match fails at once, instead of
    # after trying every phrase (the patterns hold hundreds of them, and every message is normalised). Likewise
    # one test of the character a Chinese phrase can start with, before trying each of them at every position.
    starts = "".join(map(re.escape, sorted({p[0] for p in chinese})))
    cjk = f"(?=[{starts}])(?:{alternation(chinese)})" if chinese else ""
    parts = [rf"(?<![a-z0-9])(?:{latin})(?![a-z0-9])" if latin else "", cjk]
    return re.compile("|".join(p for p in parts if p))


_WORD = re.compile("[a-z0-9]+")


def first_words(folded_phrases: Iterable[str]) -> frozenset[str] | None:
    """The first word of each of the (folded) phrases that is plain ASCII, or None when one of those does not open
    with a word.

    `phrase_pattern` matches a Latin phrase on word bounds, so the first word of a match is a whole word of the text:
    an ASCII text, where only ASCII phrases can match, that holds none of these words matches none of the phrases.
    """
    firsts = [_WORD.match(p) for p in folded_phrases if p.isascii()]
    return frozenset(m.group(0) for m in firsts if m) if all(firsts) else None


def lacks_phrases(firsts: frozenset[str] | None, folded: str) -> bool:
    """True when no phrase whose first words are `firsts` (see `first_words`) can match the folded text."""
    return firsts is not None and folded.isascii() and firsts.isdisjoint(_words_of(folded))


# The rules of one question test the words of the same few texts against a dozen sets of first words.
@functools.lru_cache(maxsize=64)
def _words_of(folded: str) -> frozenset[str]:
    return frozenset(_WORD.findall(folded))


def clear_cache() -> None:
    """Forget the folded texts and the words of the texts seen recently."""
    _folded.cache_clear()
    _words_of.cache_clear()


def any_of(words: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern that finds a match in a text exactly when the text holds one of `words` (as a substring), or None
    for no words: one pass of the regex engine over the text instead of one look for each word."""
    unique = sorted(set(words))
    return re.compile(alternation(unique)) if unique else None


def alternation(phrases: list[str]) -> str:
    """A regex matching any of `phrases`, longest first, written as a tree of their shared beginnings.

    "close account|close my account|closing" becomes "clos(?:e (?:account|my account)|ing)": the regex engine
    reads each character once instead of once per phrase. Where one phrase continues another, the longer one is
    tried first, so the match is the one a longest-first list of alternatives gives.
    """
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _branches(tree) if phrases else ""


def _branches(node: dict[str, dict]) -> str:
    longer = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not longer:
        return ""
    body = longer[0] if len(longer) == 1 else "(?:" + "|".join(longer) + ")"
    return f"(?:{body})?" if "" in node else body
