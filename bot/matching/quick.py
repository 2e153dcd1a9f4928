"""A regex of many alternatives tried quicker when only whether it matches counts.

Python's regex engine tries every alternative at every position of a text when they do not all begin with a
letter it can look for first; most alternatives of the rule patterns begin with a word boundary. Tried one by one,
each alternative is run only on a text that holds the words it cannot match without (read from its source: its
plain runs of letters, and its groups of plain words one of which it needs), and those are quick to look for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# What a needed word is: one of these, at least one of which a match holds.
Need = tuple[str, ...]


def branches(source: str) -> list[str]:
    """The top-level alternatives of a regex's source."""
    out, depth, in_class, escaped, start = [], 0, False, False, 0
    for at, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(source[start:at])
            start = at + 1
    return [*out, source[start:]]


def _end_of_group(source: str, at: int) -> int:
    """The index just past the group opening at `source[at]`."""
    depth, in_class, escaped = 0, False, False
    for i in range(at, len(source)):
        char = source[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError(f"unbalanced group in {source!r}")


def _end_of_class(source: str, at: int) -> int:
    """The index just past the character class opening at `source[at]`."""
    i = at + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1  # a "]" first is a member
    escaped = False
    while i < len(source):
        if escaped:
            escaped = False
        elif source[i] == "\\":
            escaped = True
        elif source[i] == "]":
            return i + 1
        i += 1
    raise ValueError(f"unbalanced class in {source!r}")


def _optional(source: str, at: int) -> tuple[bool, int]:
    """Whether a quantifier at `source[at]` lets what precedes it be absent, and the index past the quantifier."""
    char = source[at : at + 1]
    if char in ("?", "*"):
        end = at + 1
    elif char == "+":
        end = at + 1
    elif char == "{" and (close := source.find("}", at)) > 0 and re.fullmatch(r"\d*(?:,\d*)?", source[at + 1 : close]):
        end = close + 1
        low = source[at + 1 : close].split(",")[0]
        if source[end : end + 1] in ("?", "+"):
            end += 1
        return (not low or int(low) == 0), end
    else:
        return False, at
    if source[end : end + 1] in ("?", "+"):
        end += 1  # lazy or possessive: the same minimum
    return char != "+", end


def _literal(piece: str) -> str | None:
    """`piece` as the plain text it matches, or None when it is not plain text."""
    out, escaped = [], False
    for char in piece:
        if escaped:
            if char.isalnum():
                return None  # \b, \s, \w, \d, a back-reference...
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ".^$*+?{}[]()|":
            return None
        else:
            out.append(char)
    return None if escaped else "".join(out)


def needs(branch: str) -> list[Need]:
    """The needs of one alternative (without a top-level "|"): each a set of words one of which any match holds."""
    found: list[Need] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append(("".join(run),))
            run.clear()

    i = 0
    while i < len(branch):
        char = branch[i]
        if char == "(":
            end = _end_of_group(branch, i)
            optional, after = _optional(branch, end)
            end_run()
            inner = branch[i + 1 : end - 1]
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?"):
                inner = ""  # a look-around or a named group: read as nothing needed
            words = [_literal(alternative) for alternative in branches(inner)] if inner else [None]
            if not optional and all(words):
                found.append(tuple(w for w in words if w))
            i = after
            continue
        if char == "[":
            end_run()
            i = _optional(branch, _end_of_class(branch, i))[1]
            continue
        if char == "\\":
            piece, end = branch[i : i + 2], i + 2
        else:
            piece, end = char, i + 1
        plain = _literal(piece)
        optional, after = _optional(branch, end)
        if plain is None or optional:
            end_run()
        else:
            run.append(plain)
            if after != end:
                end_run()  # "a+": one "a" needed, then the run ends
        i = after
    end_run()
    return [need for need in found if need and all(need)]


class QuickSearch:
    """Whether a compiled pattern (without flags) finds a match in a text (`search`) or matches it whole
    (`fullmatch`): the same answers, each alternative tried only on a text holding the words it needs."""

    def __init__(self, pattern: re.Pattern[str]):
        if pattern.flags & ~re.UNICODE:
            raise ValueError("only patterns without flags: the words needed are looked for as written")
        # (The needs with the longest words first: the likeliest to be missing, which ends the look soonest.)
        self._alternatives = tuple(
            (sorted(needs(branch), key=lambda need: -min(map(len, need))), re.compile(branch))
            for branch in branches(pattern.pattern)
        )

    def search(self, text: str) -> bool:
        """True when the pattern finds a match in `text`."""
        return self._matches(text, whole=False)

    def fullmatch(self, text: str) -> bool:
        """True when the pattern matches the whole of `text`."""
        return self._matches(text, whole=True)

    def _matches(self, text: str, *, whole: bool) -> bool:
        """Whether an alternative whose needed words `text` holds matches it (whole, or anywhere)."""
        # (Loops rather than any() and all(): the generators cost more than the few look-ups they make.)
        for needed, alternative in self._alternatives:
            for need in needed:
                for word in need:
                    if word in text:
                        break
                else:
                    break  # a need not met: the alternative cannot match
            else:
                if alternative.fullmatch(text) if whole else alternative.search(text):
                    return True
        return False


class Guarded:
    """A compiled pattern (without flags) run only on a text holding the words one of its alternatives needs: every
    method gives what the pattern's own gives, and a text none of them can match costs a few substring look-ups
    instead of a pass of the regex engine, which tries every position of the text when the alternatives open with a
    word boundary. Worth it for patterns whose words most texts lack."""

    __slots__ = ("pattern", "_alternatives")

    def __init__(self, pattern: re.Pattern[str]):
        if pattern.flags & ~re.UNICODE:
            raise ValueError("only patterns without flags: the words needed are looked for as written")
        self.pattern = pattern
        alternatives = [
            sorted(needs(branch), key=lambda need: -min(map(len, need))) for branch in branches(pattern.pattern)
        ]
        # None when an alternative needs no word: any text may match, and the pattern is always run.
        self._alternatives = None if any(not needed for needed in alternatives) else tuple(alternatives)

    def possible(self, text: str) -> bool:
        """False when no alternative can match `text` (one of the words of each of its needs is missing)."""
        if self._alternatives is None:
            return True
        for needed in self._alternatives:
            for need in needed:
                for word in need:
                    if word in text:
                        break
                else:
                    break  # a need not met: the alternative cannot match
            else:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.possible(text) else None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.possible(text) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.pattern.sub(repl, text, count) if self.possible(text) else text

    def split(self, text: str) -> list[str]:
        return self.pattern.split(text) if self.possible(text) else [text]
