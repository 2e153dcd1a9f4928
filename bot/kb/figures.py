"""Figures in answer text (numbers, durations, quoted interface labels) and whether an entry's claims carry them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .folding import fold

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\uff02": '"'})

_LABEL = re.compile(r'"([^"\n]{1,80})"')
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w.]*\d)")
_DURATION = re.compile(
    r"\b(?:a few|several|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)"
    r"(?:\s*[-–]\s*\d+)?[- ](?:business |working )?(?:second|minute|hour|day|week|month|year)s?\b"
)

# Chinese durations in words ("几小时", "七天", "一年"), read as the English durations the claims use.
_DURATION_ZH = re.compile(r"(几|[一二两三四五六七八九十]{1,3})\s*个?\s*(小时|天|周|星期|月|年|工作日)")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {
    "小时": "hour",
    "天": "day",
    "周": "week",
    "星期": "week",
    "月": "month",
    "年": "year",
    "工作日": "business day",
}
_EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def _zh_number(numeral: str) -> int:
    """The value of a Chinese numeral up to 99 ("七" 7, "十二" 12, "二十" 20)."""
    if "十" not in numeral:
        return _ZH_DIGITS.get(numeral, 0)
    tens, _, units = numeral.partition("十")
    return _ZH_DIGITS.get(tens, 1) * 10 + _ZH_DIGITS.get(units, 0)


def _readings(figure: str) -> list[str]:
    """The English forms a Chinese duration may take in a claim: "七天" reads "7 day" or "seven day"."""
    match = _DURATION_ZH.fullmatch(figure)
    if match is None:
        return []
    numeral, unit = match.groups()
    unit = _ZH_UNITS[unit]
    if numeral == "几":
        return [f"a few {unit}", f"several {unit}"]
    value = _zh_number(numeral)
    words = [str(value)] + ([_EN_WORDS[value]] if value < len(_EN_WORDS) else []) + (["a"] if value == 1 else [])
    return [f"{word} {unit}" for word in words]


def _plain(text: str) -> str:
    """Folded text with hyphens as spaces and plural units made singular, so "7-day" and "7 days" compare equal."""
    text = fold(text).replace("–", "-")
    text = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", " ", text)
    return re.sub(r"\b(second|minute|hour|day|week|month|year)s\b", r"\1", text)


def figures(text: str, lang: str = "en") -> list[str]:
    """The figures in `text`, in order: quoted labels, numbers and durations in words (English or Chinese)."""
    folded = fold(text)
    found = [f'"{" ".join(label.split())}"' for label in _LABEL.findall(text.translate(_QUOTES))]
    found += _NUMBER.findall(_LABEL.sub(" ", folded))
    if lang == "en":
        found += [m.group(0) for m in _DURATION.finditer(folded) if not m.group(0)[0].isdigit()]
    else:
        found += ["".join(m.group(0).split()) for m in _DURATION_ZH.finditer(folded)]
    return list(dict.fromkeys(found))


def carried(figure: str, statements: Iterable[str]) -> bool:
    """True when some statement carries the figure: the same label, number or duration."""
    texts = [_plain(s) for s in statements]
    if figure.startswith('"'):
        label = _plain(figure.strip('"'))
        return any(label in t for t in texts)
    if figure[0].isdigit():
        number = re.compile(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)")
        return any(number.search(t) for t in texts)
    readings = _readings(figure) or [_plain(figure)]
    return any(re.search(rf"\b{re.escape(r)}\b", t) for r in readings for t in texts)


def unbacked(text: str, statements: Iterable[str], lang: str = "en") -> list[str]:
    """The figures of `text` that none of `statements` carries."""
    statements = list(statements)
    return [f for f in figures(text, lang) if not carried(f, statements)]
