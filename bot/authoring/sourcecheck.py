"""A new source checked against the KB: each citable part of an article supports existing claims, contradicts
some (candidate conflicts, found as the conflict finder finds them), or states what no entry covers yet.

A sentence is aligned with a claim as the finder aligns two claims: by entry (the entry the engine answers the
sentence with, when it answers it at all), by how alike the two statements are, and by how alike their parts are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..kb.knowledge import KnowledgeBase
from .article import ArticlePart, sentences, split
from .claims import ClaimText, Likeness, collect, part_texts
from .contrast import Evidence, compatible_figures, contrast, same_figures, strength
from .finder import ALIGN, FOCUSED_ENTRY, entry_parts
from .reading import read

if TYPE_CHECKING:
    from ..matching.engine import Engine

CONTRADICTS = 0.3
"""A sentence contradicts a claim when alignment times evidence reaches this (on the shipped KB the conflict
finder scores its recorded conflicts 0.42-0.49 and the first pairs that are not conflicts 0.25 and under)."""
SUPPORTS = 0.5
"""A sentence supports a claim when their alignment reaches this and nothing in them differs: the same entry and
some likeness of wording, or, without an entry, much likeness."""
SAME_FIGURES = 0.2
"""Added to a sentence's alignment with a claim that gives the same length of time or amount: as differing figures
speak for a contradiction, the same figures speak for the same fact."""
SHOWN = 3
"""Claims (and entries) listed per part."""

VERDICTS = ("supports", "contradicts", "new")


@dataclass
class Relation:
    """One claim a part speaks to, how closely, and (for a contradiction) what differs."""

    claim: ClaimText
    score: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The claim's source, part and statement, with the evidence against it (empty when supported)."""
        return {**self.claim.to_dict(), "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class PartReport:
    """The verdict on one citable part of the article."""

    part: ArticlePart
    verdict: str
    entries: list[str]
    claims: list[Relation]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: text, verdict, entries, claims."""
        return {
            "text": self.part.text,
            "verdict": self.verdict,
            "entries": self.entries,
            "claims": [r.to_dict() for r in self.claims],
        }


def check(kb: KnowledgeBase, engine: Engine, text: str) -> list[PartReport]:
    """Every citable part of the article with its verdict, the entries and the claims it concerns."""
    parts = split(text)
    if not parts:
        return []
    claims = collect(kb)
    claim_parts = part_texts(kb, claims)
    units = [(i, s) for i, part in enumerate(parts) for s in sentences(part.text)]
    likeness = Likeness([c.statement for c in claims] + list(claim_parts.values()) + [s for _, s in units])
    said = likeness.matrix([s for _, s in units], [c.statement for c in claims])
    part_keys = list(claim_parts)
    part_sim = likeness.matrix([p.text for p in parts], [claim_parts[k] for k in part_keys])
    part_index = {key: i for i, key in enumerate(part_keys)}
    by_entry = entry_parts(claims)
    # The engine's entry counts fully when it is about one point, less when it cites many parts (the steps); as
    # in the conflict finder, a claim belongs to every entry that cites its part.
    focus = {entry: min(1.0, FOCUSED_ENTRY / len(cited)) for entry, cited in by_entry.items()}
    citing = {where: {e for e, cited in by_entry.items() if where in cited} for where in part_keys}

    found: list[tuple[list[Relation], list[Relation], list[str]]] = [([], [], []) for _ in parts]
    for u, (i, sentence) in enumerate(units):
        if sentence.rstrip().endswith(("?", "？")):
            continue  # a question asserts nothing; the answer that follows it does
        decision = engine.decide(sentence)
        # The entry the engine answers with counts fully; where it declines, the entry it would suggest counts half
        # (an article's statement is not a user's question, and the engine is surest on questions).
        weight = {e: 1.0 for e in decision.entries} or {e: 0.5 for e in decision.suggestions[:1]}
        reading = read(sentence)
        against, alike, near = found[i]
        near += [e for e in decision.entries if e not in near]
        for k, claim in enumerate(claims):
            entry_term = max((focus[e] * weight[e] for e in citing[claim.where] & weight.keys()), default=0.0)
            alignment = (
                ALIGN["entry"] * entry_term
                + ALIGN["statement"] * float(said[u, k])
                + ALIGN["part"] * float(part_sim[i, part_index[claim.where]])
            )
            assert claim.reading is not None
            evidence = contrast(reading, claim.reading)
            if evidence and alignment * strength(evidence) >= CONTRADICTS:
                against.append(Relation(claim, alignment * strength(evidence), evidence))
            elif not evidence and compatible_figures(reading, claim.reading):
                alignment += SAME_FIGURES * same_figures(reading, claim.reading)
                if alignment >= SUPPORTS:
                    alike.append(Relation(claim, alignment))

    reports = []
    for part, (against, alike, near) in zip(parts, found, strict=True):
        verdict, chosen = ("contradicts", against) if against else ("supports", alike) if alike else ("new", [])
        chosen = _best(chosen)
        if verdict == "new":
            entries = near  # where the engine would answer it, if anywhere: the entry to extend, or none
        else:
            # The engine's entries that cite a part concerned, then the entries holding the statements shown.
            cited = set().union(*(citing[r.claim.where] for r in chosen))
            holding = [e for r in chosen for e in sorted(r.claim.entries)]
            entries = list(dict.fromkeys([*(e for e in near if e in cited), *holding]))[:SHOWN]
        reports.append(PartReport(part, verdict, entries, chosen))
    return reports


def _best(relations: list[Relation]) -> list[Relation]:
    """The strongest relations, one per source part."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for relation in sorted(relations, key=lambda r: -r.score):
        if relation.claim.where not in seen:
            seen.add(relation.claim.where)
            kept.append(relation)
    return kept[:SHOWN]
