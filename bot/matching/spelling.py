"""Corrects misspelt words in a question against the knowledge base's own vocabulary (rapidfuzz)."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from ..kb.folding import fold
from ..kb.lexicon import Lexicon
from .text import STOP_WORDS

_WORD = re.compile(r"[a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")
# A Latin word long enough to be several typed without spaces ("closeaccount", "howto").
_LONG_WORD = re.compile(r"(?<![A-Za-z0-9'])[A-Za-z]{5,}(?![A-Za-z0-9'])")
# How long a piece of such a run may be, and how common an everyday word must be to count as one.
_LONGEST_PIECE = 14
_PIECE_ZIPF = 3.0
_SHORT_PIECE_ZIPF = 4.5
_BILLION_ZIPF = 9.0
# How common the word a short slip is read as must be: the words every sentence uses ("can", "how", "the"); and the
# shortest word that may be such a slip.
_SWAPPED_ZIPF = 6.0
_SHORTEST_SLIP = 3
# A run is read as words only with a word of the topic in it, or when all its words only frame a question: a name
# splits in words too ("memecoin", "myfitnesspal").
_FRAME_WORDS = STOP_WORDS | {"how", "what", "why", "when", "where", "who", "which"}
_ONE_LETTER_WORDS = frozenset({"i"})


def _skeleton(word: str) -> str:
    """A word's first letter and its consonants, doubled ones once ("deleat", "delete", "dellete": "dlt"): a word
    spelt as it sounds, with the vowels guessed wrong, keeps its consonants."""
    return word[:1] + _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:]))


class SpellingCorrector:
    """Replaces each unknown Latin word with the closest known one, when one is close enough."""

    def __init__(
        self,
        min_length: int = 4,
        min_similarity: float = 0.75,
        min_count: int = 3,
        min_general_zipf: float = 3.0,
        slip_ratio: float = 5.0,
    ):
        self.min_length = min_length
        self.slip_ratio = slip_ratio
        self.min_general_zipf = min_general_zipf
        self.min_count = min_count
        self.min_similarity = min_similarity

    def fit(
        self,
        texts: Iterable[str],
        trusted: Iterable[str] = (),
        background: Lexicon | None = None,
        keep: Iterable[str] = (),
    ) -> SpellingCorrector:
        """Learn the vocabulary: words of `trusted` texts, and words seen in `min_count` of `texts` or more.

        Phrasings written to mimic users carry typos of their own; a rare word there is not trusted. A word
        that everyday language uses (`background`) is never "corrected": "linked" is not a typo of "linkedin";
        nor is a word of `keep`, which no other word is corrected to either ("kaise" is not "raise", and "klarna" is
        not "karna").
        """
        self.keep_ = frozenset(w for word in keep for w in _WORD.findall(fold(word)))
        self.background_ = background
        counts = Counter(w for t in texts for w in set(_WORD.findall(fold(t))))
        known = {w for w, n in counts.items() if n >= self.min_count}
        known |= {w for t in trusted for w in _WORD.findall(fold(t))}
        self.vocabulary_ = sorted(known)
        self.counts_ = {w: counts.get(w, 0) + 1 for w in known}
        self._known = set(self.vocabulary_)
        self._candidates = [w for w in self.vocabulary_ if len(w) >= self.min_length - 1]
        self.slips_ = self._slips(known - {w for t in trusted for w in _WORD.findall(fold(t))})
        self._kept = (
            frozenset(self._known - self.slips_.keys()) | self.keep_
        )  # the words `_fix` leaves as they are at once
        # Each consonant skeleton of three consonants or more, with the most common known word that has it.
        sounds: dict[str, str] = {}
        for word in sorted(self._candidates, key=lambda w: (-self.counts_[w], w)):
            if len(word) >= self.min_length and len(skeleton := _skeleton(word)) >= 3:
                sounds.setdefault(skeleton, word)
        self.sounds_ = sounds
        # Bounds below are compared with a hair of slack: rounding must never drop a word the scorer would keep.
        self._reach = self.min_similarity - 1e-9
        # Candidates by the length of the word to correct: lengths, unlike words, are few.
        self._within_reach = functools.lru_cache(maxsize=64)(self._reachable)
        # The engine corrects the same message at several steps of one question.
        self._cached = functools.lru_cache(maxsize=1024)(self._correct)
        # ...and its unknown words again in each part of it that the rules read.
        self._fixed = functools.lru_cache(maxsize=1024)(self._fix_word)
        self._split = functools.lru_cache(maxsize=1024)(self._split_word)
        return self

    def _slips(self, untrusted: set[str]) -> dict[str, str]:
        """Words known only from phrasings written with users' typos ("acount", "cancle"), each with the common
        word one edit away that the KB uses far more often: a user's slip is read as the word meant."""
        if self.background_ is None:
            return {}
        slips = {}
        for word in sorted(untrusted):
            if len(word) < self.min_length or self.background_.zipf([word])[0] >= self.min_general_zipf:
                continue
            near = [
                c
                for c, _, _ in process.extract(word, self._candidates, scorer=DamerauLevenshtein.distance, limit=5)
                if c != word
                and DamerauLevenshtein.distance(word, c) == 1
                and self.counts_[c] >= self.slip_ratio * self.counts_[word]
                and self.background_.zipf([c])[0] >= self.min_general_zipf
            ]
            if near:
                slips[word] = max(near, key=lambda c: self.counts_[c])
        return slips

    def _reachable(self, length: int) -> tuple[list[str], np.ndarray]:
        """The candidates whose length lets them come within `min_similarity` of a word of `length`, and their lengths.

        Every length differing is an edit, so a word of another length is at most 1 - |difference| / longer alike.
        """
        words = [w for w in self._candidates if 1 - abs(len(w) - length) / max(len(w), length) >= self._reach]
        return words, np.array([max(len(w), length) for w in words])

    def _close(self, word: str) -> list[tuple[str, float, int]]:
        """Up to five known words within `min_similarity` of `word`, closest first, ties in vocabulary order.

        The costly scorer sees only the words a cheap bound leaves: one edit of any kind (a transposition too) is
        at most two insertions or deletions, so half the insertions and deletions between two words is at most
        their edit distance. Words it drops the scorer would refuse; kept in order, the rest rank ties alike.
        """
        words, longer = self._within_reach(len(word))
        if not words:
            return []
        indel = process.cdist([word], words, scorer=Indel.distance, dtype=np.int32, workers=1)[0]
        kept = np.flatnonzero(1 - indel / 2 / longer >= self._reach).tolist()
        return process.extract(
            word,
            [words[i] for i in kept],
            scorer=DamerauLevenshtein.normalized_similarity,
            score_cutoff=self.min_similarity,
            limit=5,
        )

    def _fix(self, match: re.Match[str]) -> str:
        return self._fixed(match.group(0))

    def _fix_word(self, word: str) -> str:
        if word in self.keep_:
            return word
        if word in self.slips_:
            return self.slips_[word]
        if word in self._known:
            return word
        if self.background_ is not None and self.background_.zipf([word])[0] >= self.min_general_zipf:
            return word
        if len(word) < self.min_length:
            return self._swapped_short(word)
        close = self._close(word)
        if not close:
            # "deleat", "acownt": too far in letters, but the consonants are the word's, only the vowels guessed.
            heard = self.sounds_.get(_skeleton(word)) if len(word) > self.min_length else None
            return heard if heard is not None and abs(len(heard) - len(word)) <= 2 else word
        # Among equally close words, one with the same letters is the likelier slip (two keys swapped: "wnat" ->
        # "want", not "what"); then the more common one ("lnog" -> "long", not "log").
        letters = sorted(word)
        return max(close, key=lambda c: (round(c[1], 6), sorted(c[0]) == letters, self.counts_[c[0]]))[0]

    def _swapped_short(self, word: str) -> str:
        """A short word the speller cannot otherwise reach, read as the very common word two of its letters typed the
        other way round make ("cna" -> "can", "hwo" -> "how"); else the word as typed."""
        if self.background_ is None or len(word) < _SHORTEST_SLIP:
            return word
        ordered = sorted({word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word})
        zipfs = self.background_.zipf(ordered).tolist()
        common = [(w, z) for w, z in zip(ordered, zipfs, strict=True) if z >= _SWAPPED_ZIPF]
        if not common:
            return word
        # ("hwo" is "how" or "who": the one the KB's texts use more, as a user here asks more like them.)
        return max(common, key=lambda c: (self.counts_.get(c[0], 0), c[1]))[0]

    def split_runs(self, text: str, keep: frozenset[str] = frozenset(), topic: frozenset[str] = frozenset()) -> str:
        """`text` with each run of words typed without spaces ("deletemybinanceaccount", "closeaccount") written
        as its words ("delete my binance account"): an unknown word the speller cannot correct, that splits whole
        into known words, one of them in `topic` or all of them words that only frame a question ("howto"). Words
        in `keep` (names of services) are left as they are, and so is any other run ("upwork", "memecoin")."""
        if not _LONG_WORD.search(text):
            return text
        return _LONG_WORD.sub(lambda m: self._split(m.group(0), keep, topic), text)

    def _split_word(self, word: str, keep: frozenset[str], topic: frozenset[str]) -> str:
        folded = fold(word)
        if folded in keep or folded in self._known or self._known_piece(folded):
            return word
        if self._fix_word(folded) != folded:
            return word  # a slip of one word ("acount"), not several words run together
        # The likeliest pieces: each a word the KB or everyday language uses, their Zipf frequencies read as log
        # probabilities (a billion words less each), so "howdoi" is "how do i", not "how doi".
        n = len(folded)
        cost = [0.0] + [math.inf] * n
        start_of = [0] * (n + 1)
        for end in range(1, n + 1):
            for start in range(max(0, end - _LONGEST_PIECE), end):
                piece = folded[start:end]
                if cost[start] == math.inf or not self._known_piece(piece):
                    continue
                if (through := cost[start] + _BILLION_ZIPF - self._zipf(piece)) < cost[end]:
                    cost[end], start_of[end] = through, start
        if cost[n] == math.inf or start_of[n] == 0:
            return word
        pieces = []
        end = n
        while end:
            pieces.append(folded[start_of[end] : end])
            end = start_of[end]
        if topic.isdisjoint(pieces) and not _FRAME_WORDS.issuperset(pieces):
            return word
        return " ".join(reversed(pieces))

    def _zipf(self, word: str) -> float:
        return float(self.background_.zipf([word])[0]) if self.background_ is not None else 0.0

    def _known_piece(self, piece: str) -> bool:
        """True for a piece of a run that is a word: one the KB uses, or an everyday word of two letters or more."""
        if piece in _ONE_LETTER_WORDS:
            return True
        if len(piece) < 2:
            return False
        if piece in self._known:
            return True
        # A short everyday piece must be a common word ("my", "to", "how"), not a fragment ("ers", "ly", "doi").
        return self._zipf(piece) >= (_SHORT_PIECE_ZIPF if len(piece) <= 3 else _PIECE_ZIPF)

    def clear_cache(self) -> None:
        """Forget the results kept for texts seen recently."""
        self._cached.cache_clear()
        self._fixed.cache_clear()
        self._split.cache_clear()

    def __call__(self, text: str) -> str:
        """`text` folded, with unknown words replaced by their closest known spelling."""
        return self._cached(text)

    def _correct(self, text: str) -> str:
        folded = fold(text)
        # Most messages hold only known words (and words too short to correct): nothing to replace.
        # (Each word is kept, or too short: only the words not kept need their length looked at.)
        # (A word of three letters may be a slip of a very common one: "cna", "hwo".)
        if all(len(word) < _SHORTEST_SLIP for word in set(_WORD.findall(folded)).difference(self._kept)):
            return folded
        return _WORD.sub(self._fix, folded)
