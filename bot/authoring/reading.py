"""What a statement says that another can contradict: durations, amounts, quoted labels and polar words.

A pure reading of one text, in English or Chinese: no knowledge base, no model. `read()` returns a `Reading`;
`contrast.py` compares two readings.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..kb.folding import CJK_RANGES, fold, is_cjk
from . import lexicon as lx

INF = math.inf

_CJK = re.compile(f"[{CJK_RANGES}]")
# Words (with inner hyphens and apostrophes), single Chinese characters, and clause-breaking punctuation.
_TOKEN = re.compile(rf"[a-z0-9]+(?:['\-][a-z0-9]+)*|[{CJK_RANGES}]|[.,;:!?()\[\]，。；：！？、（）]")
_BREAK = frozenset(".,;:!?()[]，。；：！？、（）")
_SUFFIXES = (
    "ations", "ation", "ions", "ion", "ments", "ment", "ings", "ing", "ures", "ure", "ness", "ities", "ity",
    "ies", "ied", "able", "ible", "ers", "er", "ed", "es", "al", "ly", "s", "e",
)  # fmt: skip
STOP = frozenset(ENGLISH_STOP_WORDS) | {
    "s", "t", "its", "it's", "also", "still", "just", "etc", "eg", "does", "did", "doesn't", "don't", "can't", "won't",
}  # fmt: skip


CONTEXT = 8
"""Tokens on each side of a polar word whose content words say what it is said of."""


@dataclass(frozen=True)
class Span:
    """A length of time in hours, as a range (`lo` = `hi` for an exact figure), with the words that gave it."""

    lo: float
    hi: float
    text: str

    def overlaps(self, other: Span) -> bool:
        """True when the two ranges share a value: the two figures can both be right."""
        return self.lo <= other.hi and other.lo <= self.hi


@dataclass(frozen=True)
class Polar:
    """One polar word: the concept it speaks of, on which side, its words, and the content words around it."""

    concept: str
    positive: bool
    text: str
    context: frozenset[str]


@dataclass(frozen=True)
class Reading:
    """What one statement says that can differ from another: figures, labels, polar words, content words."""

    text: str
    lang: str
    words: tuple[str, ...]
    """content words, stemmed (Chinese: characters and character pairs)"""
    durations: tuple[Span, ...]
    permanent: str | None
    """the words that call something permanent ("permanently", "永久"), if any"""
    amounts: dict[str, frozenset[float]]
    """unit ("BTC", "%", "$") -> the amounts given in it"""
    labels: frozenset[str]
    """quoted interface labels, folded"""
    polar: tuple[Polar, ...]
    timed: frozenset[tuple[str, bool]] = frozenset()
    """(concept, side) of the polar words in a clause that gives a finite length of time"""
    lasting: frozenset[tuple[str, bool]] = frozenset()
    """(concept, side) of the polar words in a clause that calls something permanent"""


def stem(word: str) -> str:
    """A crude English stem: one common suffix off, hyphens out, at most six letters ("closure" = "closing")."""
    word = word.replace("-", "").replace("'", "")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def tokens(text: str) -> list[str]:
    """Folded tokens: words, Chinese characters and clause-breaking punctuation, in order."""
    return _TOKEN.findall(fold(text))


def content_words(toks: list[str]) -> list[str]:
    """Stemmed English content words, and Chinese characters with their neighbours' pairs."""
    words: list[str] = []
    run: list[str] = []
    for tok in [*toks, "."]:
        if _CJK.fullmatch(tok):
            run.append(tok)
            continue
        if run:
            words += run + [a + b for a, b in zip(run, run[1:], strict=False)]
            run = []
        if tok not in _BREAK and tok not in STOP and not tok.isdigit():
            words.append(stem(tok))
    return words


# --- durations ---------------------------------------------------------------------------------------------------

_NUM_EN = r"\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in lx.NUMBER_WORDS), key=len, reverse=True))
_UNIT_EN = r"(?:(?P<biz>business|working)\s+)?(?P<unit>" + "|".join(lx.UNIT_HOURS_EN) + r")s?"
_DURATION_EN = re.compile(rf"(?<![\w.])(?P<n>{_NUM_EN})(?:\s*(?:-|to|or)\s*(?P<m>{_NUM_EN}))?[\s-]+{_UNIT_EN}(?![a-z])")
_BEFORE_UPTO = re.compile(
    r"(?:up to|within|at most|no more than|not more than|less than|under|in under|fewer than|max(?:imum)?(?: of)?)\s*$"
)
_BEFORE_ATLEAST = re.compile(r"(?:at least|more than|over|longer than|minimum of|min(?:imum)?)\s*$")
_BEFORE_ABOUT = re.compile(r"(?:about|around|roughly|approximately|some|nearly|almost)\s*$")
_JOIN = re.compile(r"^\s*(?:-|to|and|or|up to)\s*$")


def _amount(word: str) -> tuple[float, float]:
    return lx.NUMBER_WORDS.get(word) or (float(word), float(word))


def _qualify(lo: float, hi: float, before: str) -> tuple[float, float]:
    """Widen a figure by the words before it: "up to 5 years" starts at zero, "at least" has no end."""
    if _BEFORE_UPTO.search(before):
        return 0.0, hi
    if _BEFORE_ATLEAST.search(before):
        return lo, INF
    if _BEFORE_ABOUT.search(before):
        return lo * 0.75, hi * 1.33
    return lo, hi


def _merge(found: list[tuple[int, int, float, float]], text: str) -> list[Span]:
    """Join figures written as a range ("a few hours to a few days") into one span."""
    spans: list[Span] = []
    i = 0
    while i < len(found):
        start, end, lo, hi = found[i]
        while i + 1 < len(found) and _JOIN.match(text[end : found[i + 1][0]]):
            i += 1
            end, hi = found[i][1], max(hi, found[i][3])
        lo, hi = _qualify(lo, hi, text[max(0, start - 24) : start])
        spans.append(Span(lo, hi, text[start:end]))
        i += 1
    return spans


def durations_en(text: str) -> list[Span]:
    """The lengths of time an English text gives ("7-day", "a few hours to a few days", "up to 5 years")."""
    found = []
    for m in _DURATION_EN.finditer(text):
        if m.group("unit") in {"second", "sec", "min"} and not m.group("n")[0].isdigit():
            continue  # "a second account", "a min": not a length of time
        hours = (
            lx.BUSINESS_DAY_HOURS if m.group("biz") and m.group("unit") == "day" else lx.UNIT_HOURS_EN[m.group("unit")]
        )
        lo, _ = _amount(m.group("n"))
        hi = _amount(m.group("m"))[1] if m.group("m") else _amount(m.group("n"))[1]
        found.append((m.start(), m.end(), lo * hours, hi * hours))
    return _merge(found, text)


def cn_number(text: str) -> float | None:
    """A Chinese numeral ("七", "十二", "三百六十五") or digits as a number; None when it is neither."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, current = 0, 0
    for ch in text:
        if ch in lx.CN_DIGITS:
            current = lx.CN_DIGITS[ch]
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
        else:
            return None
    return float(total + current)


_NUM_ZH = r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+|几|数|若干|多"
_DURATION_ZH = re.compile(
    rf"(?<!第)(?P<n>{_NUM_ZH})(?:\s*[-~到至]\s*(?P<m>{_NUM_ZH}))?\s*个?\s*(?P<unit>工作日|秒钟|秒|分钟|小时|钟头|天|日|周|星期|礼拜|月|年)"
)


def _cn_amount(text: str) -> tuple[float, float]:
    if text in lx.CN_VAGUE:
        return lx.CN_VAGUE[text]
    value = cn_number(text)
    return (value, value) if value is not None else (1.0, 1.0)


def durations_zh(text: str) -> list[Span]:
    """The lengths of time a Chinese text gives ("7 天", "几小时到几天", "五年内")."""
    found = []
    for m in _DURATION_ZH.finditer(text):
        hours = lx.UNIT_HOURS_ZH[m.group("unit")]
        lo = _cn_amount(m.group("n"))[0]
        hi = _cn_amount(m.group("m") or m.group("n"))[1]
        end = m.end()
        if re.match(r"[以之]?内", text[end:]):
            lo = 0.0
        found.append((m.start(), end, lo * hours, hi * hours))
    spans = []
    i = 0
    while i < len(found):
        start, end, lo, hi = found[i]
        while i + 1 < len(found) and re.fullmatch(r"\s*(?:到|至|-|~|或)\s*", text[end : found[i + 1][0]]):
            i += 1
            end, hi = found[i][1], max(hi, found[i][3])
        before = text[max(0, start - 4) : start]
        if re.search(r"最多|不超过|最长", before):
            lo = 0.0
        elif re.search(r"至少|最少|(?<!不)超过", before):
            hi = INF
        spans.append(Span(lo, hi, text[start:end]))
        i += 1
    return spans


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9\-])(?:{alternatives})(?![a-z0-9\-])")


_INSTANT_EN = re.compile(
    _phrase_pattern(lx.INSTANT_EN).pattern + r"(?!\s+(?:" + "|".join(lx.RELATIVE_AFTER_EN) + r")\b)"
)
_PERMANENT_EN = _phrase_pattern(lx.PERMANENT_EN)


def durations(text: str, lang: str) -> tuple[list[Span], str | None]:
    """Finite lengths of time (an instant counts as zero) and the words calling something permanent."""
    folded = fold(text)
    if lang == "zh":
        spans = durations_zh(folded) + durations_en(folded)
        instant = next((w for w in lx.INSTANT_ZH if w in folded), None)
        permanent = next((w for w in lx.PERMANENT_ZH if w in folded), None)
    else:
        spans = durations_en(folded)
        found = _INSTANT_EN.search(folded)
        instant = found.group(0) if found else None
        found = _PERMANENT_EN.search(folded)
        permanent = found.group(0) if found else None
    if instant and not spans:
        spans = [Span(0.0, 0.0, instant)]
    return spans, permanent


# --- amounts and labels --------------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(?P<cur>[$€£¥])\s?(?P<a>\d+(?:[.,]\d+)*)|(?P<n>\d+(?:[.,]\d+)*)\s?(?P<unit>%|[A-Z]{3,5}\b)")
_LABEL = re.compile(r'"([^"\n]{1,80})"|「([^」\n]{1,80})」|《([^》\n]{1,80})》')
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\uff02": '"', "\u2018": "'", "\u2019": "'"})


def amounts(text: str) -> dict[str, frozenset[float]]:
    """Amounts with a unit: a currency sign, a percentage, or an upper-case ticker ("2 BTC", "$100", "5%")."""
    found: dict[str, set[float]] = {}
    for m in _AMOUNT.finditer(text):
        unit = m.group("cur") or m.group("unit")
        if unit.isupper() and unit.isalpha() and unit in {"KYC", "API", "SMS", "VIP", "FAQ", "NFT", "OTP"}:
            continue
        number = (m.group("a") or m.group("n")).replace(",", "")
        found.setdefault(unit, set()).add(float(number))
    return {unit: frozenset(values) for unit, values in found.items()}


def _is_label(quoted: str) -> bool:
    """Interface labels are written in title case ("Confirm Closure"); quoted lower-case words are a source's own."""
    words = re.findall(r"[A-Za-z]+", quoted)
    if _CJK.search(quoted):
        return True
    return bool(words) and all(w[0].isupper() for w in words) and len("".join(words)) > 3


def labels(text: str) -> frozenset[str]:
    """Quoted interface labels, folded ("Confirm Closure" -> "confirm closure")."""
    quoted = (next(g for g in m.groups() if g) for m in _LABEL.finditer(text.translate(_QUOTES)))
    return frozenset(fold(q) for q in quoted if _is_label(q))


def without_labels(text: str) -> str:
    """The text with its interface labels blanked: a button named "Close Account Permanently" says nothing of time."""
    return _LABEL.sub(
        lambda m: " " if _is_label(next(g for g in m.groups() if g)) else m.group(0), text.translate(_QUOTES)
    )


# --- polar words ---------------------------------------------------------------------------------------------------


@functools.cache
def _polar_table(lang: str) -> list[tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]]:
    """(token sequence, ((concept, asserting?), ...)) for every polar word, longest first."""
    table = lx.POLAR_ZH if lang == "zh" else lx.POLAR_EN
    senses: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    for concept, (yes, no) in table.items():
        for words, positive in ((yes, True), (no, False)):
            for phrase in words:
                senses.setdefault(tuple(tokens(phrase)), []).append((concept, positive))
    return sorted(((seq, tuple(found)) for seq, found in senses.items()), key=lambda row: -len(row[0]))


def _negated(toks: list[str], start: int, lang: str) -> int | None:
    """Where the negator governing the word at `start` is, within its clause; None when it is not negated.

    "not", "cannot" and Chinese negators reach a few words ahead; "no", "nothing", "never" deny their clause."""
    reach = 3 if lang == "zh" else 4
    for i in range(start - 1, -1, -1):
        tok = toks[i]
        if tok in _BREAK or tok in lx.CLAUSE_BREAKS_EN:
            return None
        near = start - i <= reach
        if (near and (tok in lx.NEGATORS_EN or tok in lx.NEGATORS_ZH)) or tok in lx.CLAUSE_NEGATORS_EN:
            return i
    return None


_DETERMINERS = frozenset("no any all every each the a an some its their your his her our my".split())


def _attributive(toks: list[str], i: int, n: int) -> bool:
    """True when an adjective or participle picks out a kind of thing ("active orders") rather than saying
    something of it ("the orders are active"): a noun follows it and no copula comes before it."""
    word = toks[i]
    if n > 1 or not (word in lx.ADJECTIVES_EN or word.endswith("ed")):
        return False
    for k in range(i - 1, max(-1, i - 4), -1):
        if toks[k] in _BREAK or toks[k] in _DETERMINERS:
            break  # "there must be no active orders": the word belongs to the noun after it
        if toks[k] in lx.COPULAS_EN:
            return False
    after = toks[i + 1 : i + 3]
    if after and after[0] in ("or", "and") and len(after) > 1:
        after = after[1:]
    return bool(after) and after[0] not in _BREAK and after[0] not in STOP and not _CJK.fullmatch(after[0])


def polar_words(toks: list[str]) -> list[Polar]:
    """The polar words of a tokenised text, each on its side after negation, with the content words near it."""
    marks: list[tuple[int, int, bool, Polar]] = []  # (start, end, is a modal, mark)
    taken = [False] * len(toks)
    for lang in ("zh", "en"):
        for seq, senses in _polar_table(lang):
            n = len(seq)
            for i in range(len(toks) - n + 1):
                if tuple(toks[i : i + n]) != seq or any(taken[i : i + n]):
                    continue
                taken[i : i + n] = [True] * n
                if lang == "en" and _attributive(toks, i, n):
                    continue
                negator = _negated(toks, i, lang)
                begin = negator if negator is not None else i
                shown_from = max(0, begin - (0 if lang == "zh" else 2))
                while shown_from < begin and toks[shown_from] in _BREAK:
                    shown_from += 1
                text = ("" if lang == "zh" else " ").join(toks[shown_from : i + n])
                window = toks[max(0, i - CONTEXT) : i] + toks[i + n : i + n + CONTEXT]
                context = frozenset(content_words(window)) - {stem(t) for t in seq}
                modal = lang == "en" and " ".join(seq) in lx.MODALS_EN
                for concept, positive in senses:
                    marks.append((i, i + n, modal, Polar(concept, positive ^ (negator is not None), text, context)))
    kept = []
    for start, end, modal, mark in marks:
        # "can be reversed" says something about reversing; the modal alone says nothing more.
        if modal and any(
            not other_modal and end <= other_start <= end + 3 and not any(t in _BREAK for t in toks[end:other_start])
            for other_start, _, other_modal, _ in marks
        ):
            continue
        kept.append((start, mark))
    return [mark for _, mark in sorted(kept, key=lambda item: item[0])]


_CLAUSE = re.compile(r"[,;:!?，。；：！？]|\.(?!\d)")


def _time_states(plain: str, lang: str) -> tuple[frozenset[tuple[str, bool]], frozenset[tuple[str, bool]]]:
    """The states said to last a set time, and those said to be permanent, clause by clause."""
    timed: set[tuple[str, bool]] = set()
    lasting: set[tuple[str, bool]] = set()
    for clause in _CLAUSE.split(plain):
        spans, permanent = durations(clause, lang)
        if not spans and not permanent:
            continue
        states = {(p.concept, p.positive) for p in polar_words(tokens(clause))}
        if any(s.hi > 0 for s in spans):
            timed |= states
        if permanent:
            lasting |= states
    return frozenset(timed), frozenset(lasting)


def read(text: str) -> Reading:
    """The reading of one statement."""
    lang = "zh" if is_cjk(text) else "en"
    plain = without_labels(text)
    toks = tokens(plain)
    spans, permanent = durations(plain, lang)
    timed, lasting = _time_states(plain, lang)
    return Reading(
        text=text,
        lang=lang,
        words=tuple(content_words(tokens(text))),
        durations=tuple(spans),
        permanent=permanent,
        amounts=amounts(text),
        labels=labels(text),
        polar=tuple(polar_words(toks)),
        timed=timed,
        lasting=lasting,
    )
