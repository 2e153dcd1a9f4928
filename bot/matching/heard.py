"""Reads the exchange's name as it is heard ("by nance", "buy nance", "bin ants"): voice typing and users who only
heard the name write its sounds in everyday words. A run of one or two words that sounds like a one-word Latin name
is that name."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+(?:'s)?")
# Spellings of one sound: a hard "c" and "ck" are "k", "ph" is "f", "ts", "tz", "z" and a soft "c" are "s".
_SPELLINGS = (
    (re.compile(r"ck"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"t[sz]|z"), "s"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"(?<=[^aeiouy])e$"), ""),  # a silent final "e"
)
# Vowels as heard: the long "i" of "by", "buy", "bye", "bi"; the "a" of "nance". Any other vowel is its own sound.
_LONG_I = frozenset(("i", "y", "ie", "ye", "uy", "ui", "yi"))
_VOWELS = re.compile(r"[aeiouy]+")


def sound(word: str) -> str:
    """A rough key of how `word` (letters only) sounds: spellings of one sound made one, a vowel group made its sound."""
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    word = re.sub(r"(.)\1", r"\1", word)  # a doubled letter is one sound
    return _VOWELS.sub(lambda m: "I" if m.group(0) in _LONG_I else m.group(0).upper(), word)


# The name stands where a service's name does: before what the user holds there, or after a word of leaving or of place.
_HELD = frozenset("account accounts acc acct app wallet profile login exchange".split())
_PLACE = frozenset("from on off quit leave left leaving with using use".split())


class HeardNames:
    """Rewrites runs of one or two Latin words that sound like one of `names` to that name."""

    def __init__(self, names: list[str]):
        self._names = {sound(n): n for n in names if n.isascii() and n.isalpha()}
        # a run's first letter is the name's: only words opening with one of them are looked at
        self._firsts = frozenset(n[0] for n in self._names.values())

    def __call__(self, text: str) -> str:
        """`text` with each run that sounds like a name written as the name."""
        if not self._names or not text.isascii():
            return text
        lower = text.lower()
        words = [(m.start(), m.end(), m.group(0).removesuffix("'s")) for m in _WORD.finditer(lower)]
        out: list[str] = []
        last = 0
        i = 0
        while i < len(words):
            start, end, word = words[i]
            if word[0] in self._firsts:
                for size in (2, 1):
                    run = words[i : i + size]
                    if len(run) < size or any(lower[a[1] : b[0]].strip() for a, b in zip(run, run[1:], strict=False)):
                        continue  # (only words with nothing but spaces between them make one run)
                    before = words[i - 1][2] if i else ""
                    after = words[i + size][2] if i + size < len(words) else ""
                    if before not in _PLACE and after not in _HELD:
                        continue
                    joined = "".join(w for _, _, w in run)
                    name = self._names.get(sound(joined))
                    if name is not None and joined != name:
                        out += [text[last:start], name]
                        last = run[-1][0] + len(run[-1][2])  # (a possessive "'s" stays)
                        i += size
                        break
                else:
                    i += 1
                continue
            i += 1
        return "".join([*out, text[last:]]) if out else text
