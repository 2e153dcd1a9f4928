"""Candidate contradictions between claims of different sources about the same subject, ranked, with evidence.

Two claims are aligned when they belong to the same entry, say alike things, and come from parts that speak of
the same subject; they are candidates when something in them cannot both be right (`contrast`). A candidate's score
is its alignment times the strength of its evidence. One candidate is kept per pair of source parts, the pair an
author records as a conflict (`conflicts.yaml`) or as "not a conflict" (`not_conflicts.yaml`, never proposed again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb.knowledge import KnowledgeBase
from .claims import ClaimText, Likeness, collect, part_texts
from .contrast import Evidence, contrast, strength

# Alignment: the share of each signal that two claims speak of the same subject.
ALIGN = {"entry": 0.4, "statement": 0.35, "part": 0.25}
FOCUSED_ENTRY = 6
"""An entry citing at most this many parts is about one point; in a larger one (the steps, what is lost) two
parts cited together are proportionally less likely to speak of the same thing."""
MIN_SCORE = 0.15
"""Candidates scoring under this are not shown."""

PartPair = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Candidate:
    """Two claims of different sources that may contradict each other."""

    first: ClaimText
    second: ClaimText
    evidence: list[Evidence]
    alignment: float
    score: float
    recorded: str | None

    @property
    def parts(self) -> PartPair:
        """The two source parts, the key an author's verdict is recorded under."""
        return frozenset({self.first.where, self.second.where})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: claims, evidence, score, recorded."""
        return {
            "claims": [self.first.to_dict(), self.second.to_dict()],
            "evidence": [e.to_dict() for e in self.evidence],
            "score": round(self.score, 3),
            "recorded": self.recorded,
        }


def recorded_pairs(kb: KnowledgeBase) -> dict[PartPair, list[str]]:
    """Every pair of parts of different sources that a recorded conflict sets against each other."""
    pairs: dict[PartPair, list[str]] = {}
    for conflict in kb.conflicts.values():
        for a in conflict.claims:
            for b in conflict.claims:
                if a.source < b.source:
                    ids = pairs.setdefault(frozenset({(a.source, a.part), (b.source, b.part)}), [])
                    if conflict.id not in ids:
                        ids.append(conflict.id)
    return pairs


def judged_pairs(kb: KnowledgeBase) -> set[PartPair]:
    """Pairs of parts an author has judged not to conflict."""
    return {frozenset((ref.source, ref.part) for ref in judged.parts) for judged in kb.not_conflicts.values()}


def _recorded(first: ClaimText, second: ClaimText, pairs: dict[PartPair, list[str]]) -> str | None:
    ids = pairs.get(frozenset({first.where, second.where}), [])
    named = [cid for cid in ids if cid in first.conflicts & second.conflicts]
    chosen = named or ids
    return chosen[0] if chosen else None


def shared_entry(kb_parts: dict[str, set[tuple[str, str]]], a: tuple[str, str], b: tuple[str, str]) -> float:
    """How much citing the same entry says that two parts speak of one point: 1 for a focused entry."""
    sizes = [len(parts) for parts in kb_parts.values() if a in parts and b in parts]
    return min(1.0, FOCUSED_ENTRY / min(sizes)) if sizes else 0.0


def entry_parts(claims: list[ClaimText]) -> dict[str, set[tuple[str, str]]]:
    """Entry id -> the parts its claims cite."""
    parts: dict[str, set[tuple[str, str]]] = {}
    for claim in claims:
        for entry in claim.entries:
            parts.setdefault(entry, set()).add(claim.where)
    return parts


def suggest(kb: KnowledgeBase, ignore_recorded: bool = False) -> list[Candidate]:
    """Ranked candidate contradictions; with `ignore_recorded`, as if no conflict had been recorded."""
    claims = collect(kb, ignore_recorded)
    parts = part_texts(kb, claims)
    part_keys = list(parts)
    likeness = Likeness([c.statement for c in claims] + list(parts.values()))
    statements = likeness.matrix([c.statement for c in claims], [c.statement for c in claims])
    part_index = {key: i for i, key in enumerate(part_keys)}
    part_sim = likeness.matrix(list(parts.values()), list(parts.values()))
    order = {source: i for i, source in enumerate(kb.sources)}
    pairs = {} if ignore_recorded else recorded_pairs(kb)
    judged = judged_pairs(kb)
    by_entry = entry_parts(claims)
    together: dict[PartPair, float] = {}

    best: dict[PartPair, Candidate] = {}
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.source == b.source:
                continue
            key = frozenset({a.where, b.where})
            if key in judged:
                continue
            assert a.reading is not None and b.reading is not None
            evidence = contrast(a.reading, b.reading)
            if not evidence:
                continue
            if key not in together:
                together[key] = shared_entry(by_entry, a.where, b.where)
            alignment = (
                ALIGN["entry"] * together[key]
                + ALIGN["statement"] * float(statements[i, j])
                + ALIGN["part"] * float(part_sim[part_index[a.where], part_index[b.where]])
            )
            score = alignment * strength(evidence)
            if key in best and best[key].score >= score:
                continue
            first, second = (a, b) if order.get(a.source, 0) <= order.get(b.source, 0) else (b, a)
            if (first, second) != (a, b):
                evidence = contrast(first.reading, second.reading)  # type: ignore[arg-type]
            best[key] = Candidate(first, second, evidence, alignment, score, _recorded(first, second, pairs))
    ranked = [c for c in best.values() if c.score >= MIN_SCORE]
    ranked.sort(key=lambda c: (-c.score, c.first.where, c.second.where))
    return ranked
