"""The conflict finder's report as text for a person: each candidate, its two claims, what differs, what to do."""

from __future__ import annotations

import textwrap

from ..kb.knowledge import KnowledgeBase
from .claims import ClaimText
from .finder import Candidate
from .sourcecheck import VERDICTS, PartReport

WIDTH = 110


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def cited(kb: KnowledgeBase, claim: ClaimText) -> str:
    """The source's name and the part's heading, with the ids a KB file uses."""
    return f"{kb.sources[claim.source].name}, {kb.part_section(claim.source, claim.part)} ({claim.source}/{claim.part})"


def not_conflict_stub(candidate: Candidate) -> list[str]:
    """The `not_conflicts.yaml` item an author adds to reject this candidate."""
    a, b = candidate.first, candidate.second
    return [
        f"- id: {a.source}-{a.part}-{b.source}-{b.part}"[:66],
        f"  parts: [{{source: {a.source}, part: {a.part}}}, {{source: {b.source}, part: {b.part}}}]",
        "  reason: <why the two do not contradict each other>",
    ]


def render(kb: KnowledgeBase, candidates: list[Candidate], total: int, ignore_recorded: bool = False) -> str:
    """The candidates shown, ranked, then a line saying how many were shown of how many found."""
    lines: list[str] = []
    for rank, candidate in enumerate(candidates, start=1):
        mark = f"recorded as '{candidate.recorded}'" if candidate.recorded else "not recorded"
        lines.append(f"{rank}. score {candidate.score:.3f} ({mark})")
        for claim in (candidate.first, candidate.second):
            lines.append(f"   {cited(kb, claim)}:")
            lines += _wrap(claim.statement, "       ")
        lines += [f"   differs: {e.describe()}" for e in candidate.evidence]
        if not candidate.recorded:
            lines.append("   a conflict: add it to conflicts.yaml; not one: add to not_conflicts.yaml:")
            lines += [f"       {line}" for line in not_conflict_stub(candidate)]
        lines.append("")
    recorded = sum(1 for c in candidates if c.recorded)
    summary = f"{len(candidates)} candidate(s) shown" + (f" of {total}" if total != len(candidates) else "")
    if ignore_recorded:
        summary += ", ranked as if no conflict were recorded"
    else:
        summary += f", {recorded} of them recorded conflicts"
    summary += f"; {len(kb.not_conflicts)} pair(s) judged not a conflict are left out."
    lines.append(summary)
    return "\n".join(lines)


def render_check(kb: KnowledgeBase, reports: list[PartReport]) -> str:
    """Each part of the article with its verdict, the claims it supports or contradicts, and a count per verdict."""
    lines: list[str] = []
    for found in reports:
        entries = f" ({', '.join(found.entries)})" if found.entries else ""
        lines.append(f"{found.part.id} [{found.part.section}]: {found.verdict}{entries}")
        lines += _wrap(found.part.text, "    | ")
        for relation in found.claims:
            lines.append(f"    {'-' if relation.evidence else '+'} {cited(kb, relation.claim)}:")
            lines += _wrap(relation.claim.statement, "        ")
            lines += [f"      differs: {e.describe()}" for e in relation.evidence]
        if found.verdict == "new":
            lines.append(
                "    no entry covers this yet"
                + (" (nearest: " + ", ".join(found.entries) + ")" if found.entries else "")
            )
        lines.append("")
    counts = {v: sum(1 for r in reports if r.verdict == v) for v in VERDICTS}
    lines.append(
        f"{len(reports)} part(s): {counts['supports']} support the KB, {counts['contradicts']} contradict it "
        f"(candidate conflicts), {counts['new']} state what no entry covers."
    )
    return "\n".join(lines)
