"""The audit report: each entry's answers beside the claims and source parts they rest on, with unbacked figures."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from ..kb.figures import carried, figures
from ..kb.knowledge import KnowledgeBase
from ..kb.schema import Claim, Entry

WIDTH = 110


@dataclass(frozen=True)
class EntryAudit:
    """One entry's figures: which claims carry each, and which no claim carries."""

    entry: Entry
    carriers: dict[str, list[int]]
    """figure -> numbers (1-based) of the entry's claims that carry it"""
    unbacked: list[tuple[str, str]]
    """(field, figure) for each figure of `answer` or `answer_zh` that no claim carries"""


def audit_entry(entry: Entry) -> EntryAudit:
    """Check every figure of the entry's answers against its claims."""
    statements = [claim.statement for claim in entry.claims]
    carriers: dict[str, list[int]] = {}
    unbacked: list[tuple[str, str]] = []
    for field, text, lang in (("answer", entry.answer, "en"), ("answer_zh", entry.answer_zh or "", "zh")):
        for figure in figures(text, lang):
            holders = [i for i, s in enumerate(statements, start=1) if carried(figure, [s])]
            carriers.setdefault(figure, holders)
            if not holders:
                unbacked.append((field, figure))
    return EntryAudit(entry, carriers, unbacked)


def _section(kb: KnowledgeBase, claim: Claim) -> str:
    source = kb.sources.get(claim.source)
    if source is None:
        return f"unknown source '{claim.source}'"
    try:
        return f"{source.name}, {kb.part_section(claim.source, claim.part)}"
    except KeyError:
        return f"{source.name}, unknown part '{claim.part}'"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def render(kb: KnowledgeBase, found: EntryAudit) -> str:
    """One entry's audit as text: both answers, each claim with its source part, then the figures."""
    entry = found.entry
    lines = [f"== {entry.id} ({kb.origin.get(entry.id, '?')}): {entry.question}"]
    if entry.conflicts:
        lines.append(f"   conflicts: {', '.join(entry.conflicts)}")
    lines.append("   answer:")
    lines += _wrap(entry.answer, "     ")
    if entry.answer_zh:
        lines.append("   answer_zh:")
        lines += _wrap(entry.answer_zh, "     ")
    lines.append("   claims:")
    for i, claim in enumerate(entry.claims, start=1):
        link = f" [conflict: {claim.conflict}]" if claim.conflict else ""
        lines.append(f"     [{i}] {_section(kb, claim)}{link}")
        lines += _wrap(claim.statement, "         ")
    if found.carriers:
        carried_by = [f"{f} ({', '.join(map(str, c)) or '-'})" for f, c in found.carriers.items()]
        lines += _wrap("figures (claims carrying them): " + "; ".join(carried_by), "   ")
    lines += [f"   ! {field}: {figure} is carried by no claim of this entry" for field, figure in found.unbacked]
    return "\n".join(lines)


def audit(kb: KnowledgeBase, entry_ids: Iterable[str] = ()) -> list[EntryAudit]:
    """Audit the named entries, or every entry in KB order."""
    wanted = list(entry_ids) or list(kb.entries)
    return [audit_entry(kb.entries[i]) for i in wanted]
