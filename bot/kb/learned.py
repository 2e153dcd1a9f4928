"""The learned check of scope as the KB keeps it in memory: its features, their idf and weights, in arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .schema import ScopeCheck, Weighed


@dataclass(frozen=True, eq=False)
class LearnedScope:
    """A fitted check of scope (`bot.matching.gate.ScopeGate`): what `scope_check.json` holds, compactly."""

    examples: int
    intercept: float
    char_ngrams: tuple[int, int]
    chars: tuple[str, ...]
    char_idf: np.ndarray
    char_weights: np.ndarray
    words: tuple[str, ...]
    word_idf: np.ndarray
    word_weights: np.ndarray
    normalized: bool = False
    """Fitted on each message with the engine's reading of it (spelling corrected, synonyms rewritten)."""

    @classmethod
    def from_file(cls, check: ScopeCheck) -> LearnedScope:
        """The check of a decoded `scope_check.json` (a feature a row), in columns."""

        def columns(rows: list[Weighed]) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
            return (
                tuple(f for f, _, _ in rows),
                np.fromiter((idf for _, idf, _ in rows), dtype=np.float64, count=len(rows)),
                np.fromiter((w for _, _, w in rows), dtype=np.float64, count=len(rows)),
            )

        chars, words = columns(check.chars), columns(check.words)
        return cls(check.examples, check.intercept, check.char_ngrams, *chars, *words, normalized=check.normalized)

    def rows(self, words: bool = False) -> list[tuple[str, float, float]]:
        """(feature, idf, weight) of the character n-grams, or of the words."""
        features, idf, weights = (
            (self.words, self.word_idf, self.word_weights) if words else (self.chars, self.char_idf, self.char_weights)
        )
        return list(zip(features, idf.tolist(), weights.tolist(), strict=True))
