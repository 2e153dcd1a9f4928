"""The knowledge base as one immutable object, with the cross-file checks it must pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .conflict_flags import ConflictFlags
from .figures import unbacked
from .learned import LearnedScope
from .lexicon import Lexicon
from .schema import Conflict, Entry, NotConflict, Scope, Source

# A bare yes or no at the start of an answer fits its canonical question but is contradicted by other
# questions the entry answers ("I just want a break, do I have to delete it?" -> "Yes."); answers say what
# the sources say instead.
STOCK_OPENER = re.compile(r"^\s*(?:yes|no|yeah|yep|nope|sure|correct|indeed)\b\s*[.,;:!?\u2013\u2014-]", re.IGNORECASE)
STOCK_OPENER_ZH = re.compile(
    r"^\s*(?:是的|是|对的|对|可以|不可以|能|不能|不|需要|不需要|会|不会|有|没有|必须|不必|否|当然)\s*[。，,；;！!：:、]"
)


def stock_opener(text: str, lang: str = "en") -> str | None:
    """The bare yes/no an answer opens with, or None."""
    found = (STOCK_OPENER_ZH if lang == "zh" else STOCK_OPENER).match(text)
    return found.group(0).strip() if found else None


class KnowledgeError(Exception):
    """The knowledge base is invalid; `problems` lists each as 'file: field: message'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid knowledge base:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class KnowledgeBase:
    """Sources, entries, conflicts and scope, indexed by id."""

    sources: dict[str, Source]
    entries: dict[str, Entry]
    conflicts: dict[str, Conflict]
    scope: Scope
    origin: dict[str, str] = field(default_factory=dict)  # entry/conflict id -> file it came from
    background: Lexicon | None = None  # everyday word frequencies, to tell topical words from frame words
    not_conflicts: dict[str, NotConflict] = field(default_factory=dict)  # part pairs judged not to conflict
    scope_check: LearnedScope | None = None  # the learned check of scope, fitted on the KB's example messages

    def part_section(self, source_id: str, part_id: str) -> str:
        """The human-readable heading of one part of a source."""
        section = self._sections.get((source_id, part_id))
        if section is not None:
            return section
        for part in self.sources[source_id].parts:
            if part.id == part_id:
                return part.section
        raise KeyError(f"{source_id}/{part_id}")

    @cached_property
    def _sections(self) -> dict[tuple[str, str], str]:
        # Every reply names the sections of the parts it cites: looked up, not searched for, each time.
        sections: dict[tuple[str, str], str] = {}
        for source_id, source in self.sources.items():
            for part in source.parts:
                sections.setdefault((source_id, part.id), part.section)
        return sections

    @cached_property
    def conflict_flags(self) -> ConflictFlags:
        """Which conflicts a question touches; built once, on first use."""
        return ConflictFlags.build(self.conflicts, self.entries.values())


def check(kb: KnowledgeBase) -> list[str]:
    """Every cross-reference problem in the knowledge base, each naming its file and field."""
    problems: list[str] = []
    parts = {s.id: {p.id for p in s.parts} for s in kb.sources.values()}

    def check_claims(where: str, claims) -> None:
        for i, claim in enumerate(claims):
            at = f"{where}.claims[{i}]"
            if claim.source not in parts:
                problems.append(f"{at}.source: unknown source '{claim.source}' (known: {', '.join(sorted(parts))})")
            elif claim.part not in parts[claim.source]:
                problems.append(f"{at}.part: source '{claim.source}' has no part '{claim.part}'")

    for source in kb.sources.values():
        seen: set[str] = set()
        for part in source.parts:
            if part.id in seen:
                problems.append(f"sources.yaml: sources[{source.id}].parts: duplicate part id '{part.id}'")
            seen.add(part.id)

    linked: set[str] = set()
    phrasing_owner: dict[str, str] = {}
    for entry in kb.entries.values():
        where = f"{kb.origin.get(entry.id, '?')}: entries[{entry.id}]"
        if not entry.phrasings:
            problems.append(f"{where}.phrasings: an entry needs at least one phrasing")
        if not entry.claims:
            problems.append(f"{where}.claims: an entry needs at least one claim naming its source")
        for name, text, lang in (("answer", entry.answer, "en"), ("answer_zh", entry.answer_zh or "", "zh")):
            if opener := stock_opener(text, lang):
                problems.append(
                    f"{where}.{name}: opens with a bare '{opener}', which another phrasing of the "
                    "question can contradict; say what the sources say"
                )
            if loose := unbacked(text, [claim.statement for claim in entry.claims], lang):
                problems.append(f"{where}.{name}: {', '.join(loose)} not carried by any claim of the entry")
        check_claims(where, entry.claims)
        claimed = {claim.conflict for claim in entry.claims if claim.conflict}
        for cid in entry.conflicts:
            if cid not in kb.conflicts:
                problems.append(f"{where}.conflicts: unknown conflict '{cid}'")
            elif cid not in claimed:
                problems.append(f"{where}.conflicts: no claim of this entry names conflict '{cid}' (claims[].conflict)")
            linked.add(cid)
        for i, claim in enumerate(entry.claims):
            if claim.conflict and claim.conflict not in entry.conflicts:
                problems.append(f"{where}.claims[{i}].conflict: '{claim.conflict}' is not in the entry's conflicts")
        for rid in entry.related:
            if rid not in kb.entries:
                problems.append(f"{where}.related: unknown entry '{rid}'")
            elif rid == entry.id:
                problems.append(f"{where}.related: an entry cannot relate to itself")
        for text in [entry.question, *entry.phrasings]:
            key = " ".join(text.lower().split())
            owner = phrasing_owner.setdefault(key, entry.id)
            if owner != entry.id:
                problems.append(f"{where}.phrasings: '{text}' is also a phrasing of entry '{owner}'")

    if kb.scope.plain_request and kb.scope.plain_request.entry not in kb.entries:
        problems.append(f"scope.yaml: plain_request.entry: unknown entry '{kb.scope.plain_request.entry}'")
    for alike in kb.scope.plain_request.alike if kb.scope.plain_request else []:
        if alike not in kb.entries:
            problems.append(f"scope.yaml: plain_request.alike: unknown entry '{alike}'")
    for i, starter in enumerate(kb.scope.starters):
        if starter not in kb.entries:
            problems.append(f"scope.yaml: starters[{i}]: unknown entry '{starter}'")

    for conflict in kb.conflicts.values():
        where = f"conflicts.yaml: conflicts[{conflict.id}]"
        check_claims(where, conflict.claims)
        if len({c.source for c in conflict.claims}) < 2:
            problems.append(f"{where}.claims: a conflict needs claims from two different sources")
        if conflict.summary_zh and not all(c.statement_zh for c in conflict.claims):
            problems.append(f"{where}.claims: a conflict with summary_zh needs statement_zh on every claim")
        if conflict.id not in linked:
            problems.append(f"{where}: no entry links to this conflict")
        if not conflict.cues:
            problems.append(f"{where}.cues: a conflict needs the words a question uses when it touches the point")
        if conflict.summary_zh and not conflict.cues_zh:
            problems.append(f"{where}.cues_zh: a conflict with summary_zh needs Chinese cues too")
        for i, claim in enumerate(conflict.claims):
            if claim.conflict:
                problems.append(f"{where}.claims[{i}].conflict: only an entry's claims name a conflict")
    problems += _check_not_conflicts(kb, parts)
    return problems


def _check_not_conflicts(kb: KnowledgeBase, parts: dict[str, set[str]]) -> list[str]:
    """Each judged pair names two known parts of different sources, once, and no recorded conflict holds both."""
    problems: list[str] = []
    recorded = {
        frozenset({(a.source, a.part), (b.source, b.part)}): conflict.id
        for conflict in kb.conflicts.values()
        for a in conflict.claims
        for b in conflict.claims
        if a.source != b.source
    }
    seen: dict[frozenset[tuple[str, str]], str] = {}
    for judged in kb.not_conflicts.values():
        where = f"not_conflicts.yaml: not_conflicts[{judged.id}]"
        for i, ref in enumerate(judged.parts):
            if ref.source not in parts:
                problems.append(f"{where}.parts[{i}].source: unknown source '{ref.source}'")
            elif ref.part not in parts[ref.source]:
                problems.append(f"{where}.parts[{i}].part: source '{ref.source}' has no part '{ref.part}'")
        if judged.parts[0].source == judged.parts[1].source:
            problems.append(f"{where}.parts: the two parts must come from different sources")
        pair = frozenset((ref.source, ref.part) for ref in judged.parts)
        if pair in seen:
            problems.append(f"{where}.parts: the same two parts are judged in '{seen[pair]}'")
        seen.setdefault(pair, judged.id)
        if pair in recorded:
            problems.append(
                f"{where}.parts: conflicts.yaml records these two parts as conflict '{recorded[pair]}'; "
                "a pair is either a conflict or not"
            )
    return problems
