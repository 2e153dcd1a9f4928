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


def _plain(text: str) -> str:
    """Folded text with hyphens as spaces and plural units made singular, so "7-day" and "7 days" compare equal."""
    text = fold(text).replace("–", "-")
    text = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", " ", text)
    return re.sub(r"\b(second|minute|hour|day|week|month|year)s\b", r"\1", text)


def figures(text: str, lang: str = "en") -> list[str]:
    """The figures in `text`, in order: quoted labels, numbers and (in English) durations in words."""
    folded = fold(text)
    found = [f'"{" ".join(label.split())}"' for label in _LABEL.findall(text.translate(_QUOTES))]
    found += _NUMBER.findall(_LABEL.sub(" ", folded))
    if lang == "en":
        found += [m.group(0) for m in _DURATION.finditer(folded) if not m.group(0)[0].isdigit()]
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
    duration = _plain(figure)
    return any(duration in t for t in texts)


def unbacked(text: str, statements: Iterable[str], lang: str = "en") -> list[str]:
    """The figures of `text` that none of `statements` carries."""
    statements = list(statements)
    return [f for f in figures(text, lang) if not carried(f, statements)]
