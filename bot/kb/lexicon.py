"""General-language word frequencies (Zipf scale) for English and Chinese, kept compact, and Chinese segmentation.

The engine asks two things of everyday language: how common a word is (a frame word such as "how" or "take",
or a topical one such as "pizza"), and where the words of a Chinese message begin and end. Words are kept as
UTF-8 bytes in one sorted fixed-width array (about 1 MB for both languages) instead of a dict of strings (about
8 MB), and looked up a message at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD_OR_CJK_RUN = re.compile(r"[a-z]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z]+")


FEW_WORDS = 8
"""Words up to which `Lexicon.zipf` looks each one up on its own, with the values kept."""
WIDTH = 16
"""Bytes kept of a word; the few longer words are left out of the table and count as rare."""


def _encode(words: Iterable[str]) -> np.ndarray:
    return np.array([w.encode("utf-8") for w in words], dtype=f"S{WIDTH}")


class Lexicon:
    """Zipf frequencies of words in everyday text; a word missing from the table counts as `rare_zipf`."""

    def __init__(self, rows: Iterable[tuple[str, float]], rare_zipf: float = 2.5, max_word_chars: int = 4):
        rows = [(w, z) for w, z in rows if len(w.encode("utf-8")) <= WIDTH]
        keys = _encode(w for w, _ in rows)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._zipf = np.array([z for _, z in rows], dtype=np.float32)[order]
        self.rare_zipf = rare_zipf
        self.max_word_chars = max_word_chars
        # A run of Chinese characters is segmented the same way every time; runs recur across texts like words do.
        self._segmented = functools.lru_cache(maxsize=4096)(self._segment)
        self._word_zipf = functools.lru_cache(maxsize=256)(self._one_zipf)

    @classmethod
    def from_tsv(cls, data: bytes, rare_zipf: float = 2.5, max_word_chars: int = 4) -> Lexicon:
        """A lexicon from the tables' `word<TAB>zipf` lines ('#' lines are comments)."""
        rows = []
        for line in data.decode("utf-8").splitlines():
            if line and not line.startswith("#"):
                word, _, zipf = line.partition("\t")
                rows.append((word, float(zipf)))
        return cls(rows, rare_zipf=rare_zipf, max_word_chars=max_word_chars)

    def __len__(self) -> int:
        return int(self._keys.size)

    def zipf(self, words: list[str]) -> np.ndarray:
        """The Zipf frequency of each word (`rare_zipf` where the table lacks it)."""
        if len(words) <= FEW_WORDS:
            # A message's few words: each looked up once and kept (words recur across messages), instead of
            # encoding and searching for them together at every call.
            return np.array([self._word_zipf(w) for w in words], dtype=float)
        return self._looked_up(words)

    def _one_zipf(self, word: str) -> float:
        return float(self._looked_up([word])[0])

    def _looked_up(self, words: list[str]) -> np.ndarray:
        out = np.full(len(words), self.rare_zipf, dtype=float)
        if not words or not self._keys.size:
            return out
        keys = _encode(words)
        at = np.minimum(np.searchsorted(self._keys, keys), self._keys.size - 1)
        found = self._keys[at] == keys
        out[found] = self._zipf[at[found]]
        return out

    def clear_cache(self) -> None:
        """Forget the runs segmented so far."""
        self._segmented.cache_clear()

    def clear_word_cache(self) -> None:
        """Forget the frequencies kept per word (those a build looked up are seldom a question's)."""
        self._word_zipf.cache_clear()

    def segment(self, run: str, extra: frozenset[str] = frozenset()) -> list[str]:
        """Split a run of Chinese characters into words: longest known word first (table or `extra`), else one character."""
        return list(self._segmented(run, extra))

    def _segment(self, run: str, extra: frozenset[str]) -> tuple[str, ...]:
        n = len(run)
        spans = [(i, length) for i in range(n) for length in range(2, min(self.max_word_chars, n - i) + 1)]
        known = self.zipf([run[i : i + k] for i, k in spans]) > self.rare_zipf
        words = {
            span for span, hit in zip(spans, known, strict=False) if hit or run[span[0] : span[0] + span[1]] in extra
        }
        out, i = [], 0
        while i < n:
            length = next((k for k in range(min(self.max_word_chars, n - i), 1, -1) if (i, k) in words), 1)
            out.append(run[i : i + length])
            i += length
        return tuple(out)

    def words(self, normalized: str, extra: frozenset[str] = frozenset()) -> list[str]:
        """Latin words and segmented Chinese words of normalised text, in order."""
        if normalized.isascii():  # no Chinese to segment: the Latin words are all there is
            return _LATIN_WORD.findall(normalized)
        out: list[str] = []
        for piece in _WORD_OR_CJK_RUN.findall(normalized):
            if _CJK_RUN.match(piece):
                out += self._segmented(piece, extra)
            else:
                out.append(piece)
        return out
