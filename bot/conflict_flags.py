"""Which of an answered entry's source conflicts a question touches: pure functions of the KB and the text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .schema import Conflict, Entry, Scope
from .text import Normalizer, phrase_pattern


@dataclass(frozen=True)
class ConflictFlags:
    """Cue patterns of every conflict, and the entries whose own question is a disputed point."""

    normalizer: Normalizer
    patterns: Mapping[str, re.Pattern[str] | None]
    subjects: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, conflicts: Mapping[str, Conflict], entries: Iterable[Entry], scope: Scope) -> ConflictFlags:
        """Compile the cues of `conflicts`; an entry is about a conflict when its canonical question uses the cues."""
        # Cues and messages go through the matcher's normaliser, so "e-mail", "邮箱" and "email" are one word.
        normalizer = Normalizer(scope.synonyms, drop=scope.subject)
        patterns = {
            cid: phrase_pattern(normalizer(cue) for cue in [*c.cues, *c.cues_zh]) for cid, c in conflicts.items()
        }
        probe = cls(normalizer, patterns, {})
        subjects = {
            entry.id: frozenset(probe.touched(" / ".join(filter(None, [entry.question, entry.question_zh])),
                                              entry.conflicts))
            for entry in entries
        }
        return cls(normalizer, patterns, subjects)

    def touched(self, text: str, among: Iterable[str]) -> list[str]:
        """The conflicts among `among` whose cues occur in `text`, in the order given."""
        normalized = self.normalizer(text)
        return [cid for cid in among if (p := self.patterns.get(cid)) is not None and p.search(normalized)]

    def shown(self, entry: Entry, asked: str | None) -> list[str]:
        """The entry's conflicts to flag for a message (or message part) it answers; None asks for all of them."""
        if asked is None:
            return list(entry.conflicts)
        # A conflict the entry's own question is about goes with every answer of it; any other only when asked.
        touched = set(self.touched(asked, entry.conflicts))
        subject = self.subjects.get(entry.id, frozenset())
        return [cid for cid in entry.conflicts if cid in subject or cid in touched]
