"""Read-only views of the knowledge base for browsing: entries with their sources, claims and conflicts."""

from __future__ import annotations

from typing import TypedDict

from ..kb.knowledge import KnowledgeBase
from ..kb.schema import Entry
from .compose import conflict_view, sources_of
from .reply import ClaimView, ConflictView, SourceRef


class EntrySummary(TypedDict):
    """The short form of an entry, for lists."""

    id: str
    topic: str
    question: str
    question_zh: str | None
    conflicts: list[str]


class EntryDetail(EntrySummary):
    """An entry in full."""

    answer: str
    answer_zh: str | None
    claims: list[ClaimView]
    sources: list[SourceRef]
    conflict_details: list[ConflictView]
    related: list[EntrySummary]


class SourceInfo(TypedDict):
    """A source article the KB is written from."""

    id: str
    name: str
    title: str
    site: str
    kind: str
    reliability: str


class EntryList(TypedDict):
    """`GET /entries`."""

    count: int
    entries: list[EntrySummary]
    sources: list[SourceInfo]


class ConflictList(TypedDict):
    """`GET /conflicts`."""

    count: int
    conflicts: list[ConflictView]


def entry_summary(entry: Entry) -> EntrySummary:
    """The short form of an entry, for lists."""
    return {
        "id": entry.id,
        "topic": entry.topic,
        "question": entry.question,
        "question_zh": entry.question_zh,
        "conflicts": list(entry.conflicts),
    }


def entry_detail(kb: KnowledgeBase, entry: Entry) -> EntryDetail:
    """An entry in full: answer, each claim with its source part (and the conflict it is a side of), conflicts side
    by side, related entries."""
    return {
        **entry_summary(entry),
        "answer": entry.answer,
        "answer_zh": entry.answer_zh,
        "claims": [
            {
                "source": claim.source,
                "source_name": kb.sources[claim.source].name,
                "section": kb.part_section(claim.source, claim.part),
                "statement": claim.statement,
                "conflict": claim.conflict,
            }
            for claim in entry.claims
        ],
        "sources": sources_of(kb, entry.claims),
        "conflict_details": [conflict_view(kb, kb.conflicts[cid]) for cid in entry.conflicts],
        "related": [entry_summary(kb.entries[rid]) for rid in entry.related],
    }


def entries(kb: KnowledgeBase, topic: str | None = None) -> list[EntrySummary]:
    """Every entry (or those of one topic) in KB order."""
    return [entry_summary(e) for e in kb.entries.values() if topic is None or e.topic == topic]


def conflicts(kb: KnowledgeBase) -> list[ConflictView]:
    """Every conflict between the sources, with both claims and the entries it affects."""
    out = []
    for conflict in kb.conflicts.values():
        view = conflict_view(kb, conflict)
        view["entries"] = [e.id for e in kb.entries.values() if conflict.id in e.conflicts]
        out.append(view)
    return out


def sources(kb: KnowledgeBase) -> list[SourceInfo]:
    """The sources the KB is written from, with what is known of their reliability."""
    return [
        {"id": s.id, "name": s.name, "title": s.title, "site": s.site, "kind": s.kind, "reliability": s.reliability}
        for s in kb.sources.values()
    ]
