"""Text normalisation shared by indexing and querying: case, width, domain synonyms, CJK tokens."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from ..kb.folding import CJK_RANGES, SPACES, fold, phrase_pattern

_TOKEN = re.compile(f"[a-z0-9]+|[{CJK_RANGES}]")
_RUN = re.compile("[a-z0-9]+")

# Function words carry no topic; dropping them keeps "how do I close my Bybit account" from
# resembling "how do I close my account" on grammar alone. Question words that carry meaning stay.
STOP_WORDS = frozenset(
    "a an the i im i'm my me mine we our you your it its this that these those is are was were be been am do does did "
    "to of in on at for with by from as and or so if then there here just please pls plz hi hey hello any some "
    "can could would should will shall may might must let s t".split()
)


class Normalizer:
    """Lower-cases, folds width and punctuation, rewrites domain synonyms to one key each, drops `drop` words."""

    def __init__(self, synonyms: Mapping[str, Iterable[str]] | None = None, drop: Iterable[str] = ()):
        self.synonyms = {key: tuple(values) for key, values in (synonyms or {}).items()}
        variants: dict[str, str] = {fold(word): "" for word in drop}
        for key, values in self.synonyms.items():
            for value in values:
                variants[fold(value)] = key
        self._lookup = variants
        self._pattern = phrase_pattern(variants)
        # A Latin phrase can only match where a word of the text is the phrase's first word: a text in plain ASCII
        # with none of those words is left as it is without the costly pass (most of a large KB's texts).
        latin = [v for v in variants if v.isascii()]
        firsts = [_RUN.match(v) for v in latin]
        self._first_words = frozenset(m.group(0) for m in firsts if m) if all(firsts) else None
        # The engine normalises the same text at several steps of one question, and the KB's texts at several
        # steps of the build; the regex pass is the costly part.
        self._cached = functools.lru_cache(maxsize=2048)(self._normalize)

    def clear_cache(self) -> None:
        """Forget the results kept for texts seen recently."""
        self._cached.cache_clear()

    def __call__(self, text: str) -> str:
        """The normalised form of `text`."""
        return self._cached(text)

    def _normalize(self, text: str) -> str:
        folded = fold(text)
        if self._pattern is not None:
            # Twice: once the subject is gone, "cancel my binance account" reads "cancel my account", a synonym.
            # (A pass that rewrote nothing leaves nothing new for the second.)
            for _ in range(2):
                if self._untouched(folded):
                    break
                rewritten, count = self._pattern.subn(self._replace, folded)
                if not count:
                    break
                folded = SPACES.sub(" ", rewritten)
        return folded.strip()

    def _untouched(self, folded: str) -> bool:
        """True when no phrase can match `folded` (a phrase's first word must be one of its words)."""
        first = self._first_words
        return first is not None and folded.isascii() and first.isdisjoint(_RUN.findall(folded))

    def _replace(self, match: re.Match[str]) -> str:
        return f" {self._lookup[match.group(0)]} "


def tokens(normalized: str) -> list[str]:
    """Content tokens of normalised text: Latin words (minus function words) and single CJK characters."""
    return [t for t in _TOKEN.findall(normalized) if t not in STOP_WORDS]


def word_features(normalized: str) -> list[str]:
    """Unigrams and bigrams of content tokens; the analyzer of the word-level TF-IDF."""
    toks = tokens(normalized)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
