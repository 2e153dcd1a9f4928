"""Which of an answered entry's source conflicts a question touches: pure functions of the KB and the text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .folding import fold, phrase_pattern
from .schema import Conflict, Entry


@dataclass(frozen=True)
class ConflictFlags:
    """Cue patterns of every conflict, and the entries whose own question is a disputed point."""

    patterns: Mapping[str, re.Pattern[str] | None]
    settled: Mapping[str, re.Pattern[str] | None]
    beside: Mapping[str, re.Pattern[str] | None]
    subjects: Mapping[str, frozenset[str]]
    in_session: Mapping[str, re.Pattern[str] | None] = field(default_factory=dict)

    @classmethod
    def build(cls, conflicts: Mapping[str, Conflict], entries: Iterable[Entry]) -> ConflictFlags:
        """Compile the cues of `conflicts`; an entry is about a conflict when its canonical question uses the cues."""
        # Cues are matched on case- and width-folded text, not on the matcher's synonym rewriting: a synonym
        # group can join words a conflict must keep apart ("revoked" API keys are not an undone request), so
        # each cue lists its own variants ("email", "e-mail", "邮箱").
        patterns = {cid: phrase_pattern([*c.cues, *c.cues_zh]) for cid, c in conflicts.items()}
        settled = {cid: phrase_pattern([*c.settled, *c.settled_zh]) for cid, c in conflicts.items()}
        beside = {cid: phrase_pattern([*c.beside, *c.beside_zh]) for cid, c in conflicts.items()}
        in_session = {cid: phrase_pattern([*c.in_session, *c.in_session_zh]) for cid, c in conflicts.items()}
        probe = cls(patterns, settled, beside, {})
        subjects = {
            entry.id: frozenset(
                probe.touched(" / ".join(filter(None, [entry.question, entry.question_zh])), entry.conflicts)
            )
            for entry in entries
        }
        return cls(patterns, settled, beside, subjects, in_session)

    def touched(self, text: str, among: Iterable[str], in_session: bool = False) -> list[str]:
        """The conflicts among `among` whose cues occur in `text` and that it does not place past, in order.

        A cue inside one of the conflict's `beside` phrases does not count: "a different email" holds the cue
        "email" but asks about a neighbouring point the sources do not dispute. `in_session`: the text follows an
        answer in the same conversation, where the conflict's `in_session` words count as cues too.
        """
        folded = fold(text)
        return [
            cid
            for cid in among
            if (
                self._found(self.patterns, cid, self._without(self.beside, cid, folded))
                # (in a follow-up that turns to a neighbouring point, "could I use my phone number for a new account",
                # the conversation's stage says nothing of the disputed one)
                or (
                    in_session
                    and self._found(self.in_session, cid, folded)
                    and not self._found(self.beside, cid, folded)
                )
            )
            and not self._found(self.settled, cid, folded)
        ]

    @staticmethod
    def _without(patterns: Mapping[str, re.Pattern[str] | None], cid: str, folded: str) -> str:
        pattern = patterns.get(cid)
        return folded if pattern is None else pattern.sub(" | ", folded)

    @staticmethod
    def _found(patterns: Mapping[str, re.Pattern[str] | None], cid: str, folded: str) -> bool:
        pattern = patterns.get(cid)
        return pattern is not None and pattern.search(folded) is not None

    def shown(self, entry: Entry, asked: str | None, in_session: bool = False) -> list[str]:
        """The entry's conflicts to flag for a message (or message part) it answers; None asks for all of them.
        `in_session`: the message follows an answer in the same conversation."""
        if asked is None:
            return list(entry.conflicts)
        # A conflict the entry's own question is about goes with every answer of it, unless the message turns to
        # a neighbouring point the sources agree on; any other conflict only when the message touches it.
        folded = fold(asked)
        touched = set(self.touched(asked, entry.conflicts, in_session))
        subject = {cid for cid in self.subjects.get(entry.id, frozenset()) if not self._found(self.beside, cid, folded)}
        return [cid for cid in entry.conflicts if cid in subject or cid in touched]
