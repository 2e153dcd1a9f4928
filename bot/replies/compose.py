"""Builds replies from entries: answer text, sources, side-by-side conflicts, suggestions, the decline."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from ..kb.knowledge import KnowledgeBase
from ..kb.schema import Claim, Conflict, Entry, Lang
from .remarks import Remark
from .reply import ClaimView, ConflictView, Reply, SourceRef
from .texts import CANNOT_ACT, CONFLICT_HEADING, DECLINE, NOTICE, REMARK


def notice(kb: KnowledgeBase, lang: Lang = "en") -> str:
    """The note, shown once per conversation, that the sources are not Binance."""
    names = ("、" if lang == "zh" else ", ").join(source.name for source in kb.sources.values())
    return NOTICE.get(lang, NOTICE["en"]).format(names=names)


def _in(lang: Lang, english: str, chinese: str | None) -> str:
    return chinese if lang == "zh" and chinese else english


def _claim(kb: KnowledgeBase, claim: Claim, lang: Lang) -> ClaimView:
    source = kb.sources[claim.source]
    return {
        "source": claim.source,
        "source_name": source.name,
        "section": kb.part_section(claim.source, claim.part),
        "statement": _in(lang, claim.statement, claim.statement_zh),
    }


def conflict_view(kb: KnowledgeBase, conflict: Conflict, lang: Lang = "en") -> ConflictView:
    """A conflict as reply data: topic, summary and each source's claim, in `lang` where the KB has it."""
    return {
        "id": conflict.id,
        "topic": _in(lang, conflict.topic, conflict.topic_zh),
        "summary": _in(lang, conflict.summary, conflict.summary_zh),
        "claims": [_claim(kb, c, lang) for c in conflict.claims],
    }


def conflict_text(view: ConflictView, lang: Lang = "en") -> str:
    """Both sides of a conflict as plain text, each named by its source."""
    colon = "：" if lang == "zh" else ": "
    lines = [f"{CONFLICT_HEADING.get(lang, CONFLICT_HEADING['en'])}{colon}{view['summary']}"]
    lines += [f"- {c['source_name']} ({c['section']}): {c['statement']}" for c in view["claims"]]
    return "\n".join(lines)


def sources_of(kb: KnowledgeBase, claims: Sequence[Claim]) -> list[SourceRef]:
    """Each distinct source part the claims cite, in order of first mention."""
    seen: dict[tuple[str, str], SourceRef] = {}
    for claim in claims:
        key = (claim.source, claim.part)
        if key not in seen:
            source = kb.sources[claim.source]
            seen[key] = {
                "id": source.id,
                "name": source.name,
                "title": source.title,
                "section": kb.part_section(claim.source, claim.part),
            }
    return list(seen.values())


def _entry_question(entry: Entry, lang: Lang) -> str:
    return _in(lang, entry.question, entry.question_zh)


def _entry_text(entry: Entry, lang: Lang) -> str:
    return _in(lang, entry.answer, entry.answer_zh)


def _questions(kb: KnowledgeBase, entry_ids: Sequence[str], lang: Lang, leave_out: Sequence[str] = ()) -> list[str]:
    """The questions of the suggested entries, in the reply's language."""
    return [_entry_question(kb.entries[i], lang) for i in dict.fromkeys(entry_ids) if i not in leave_out]


def _asked(asked: str | Sequence[str] | None, i: int) -> str | None:
    """The message, or the part of it that entry `i` answers."""
    return asked if asked is None or isinstance(asked, str) else asked[i]


def answer(
    kb: KnowledgeBase,
    entries: Sequence[Entry],
    confidence: float,
    suggestions: Sequence[str],
    lang: Lang = "en",
    asked: str | Sequence[str] | None = None,
    in_session: bool = False,
) -> Reply:
    """A reply answering one entry, or several when the message asked several things; `suggestions` are entry ids.

    `asked` is the message, or one message part per entry: an entry's conflicts are shown only where its part
    touches them (see `conflict_flags`). Without it every conflict of every entry is shown. `in_session`: the
    message follows an answer in the same conversation.
    """
    views: list[ConflictView] = []
    claims: list[Claim] = []
    blocks: list[str] = []
    for i, entry in enumerate(entries):
        shown = kb.conflict_flags.shown(entry, _asked(asked, i), in_session)
        own = [conflict_view(kb, kb.conflicts[cid], lang) for cid in shown]
        fresh = [v for v in own if v["id"] not in {w["id"] for w in views}]
        views += fresh
        claims += list(entry.claims) + [c for cid in shown for c in kb.conflicts[cid].claims]
        body = "\n\n".join([_entry_text(entry, lang), *(conflict_text(v, lang) for v in fresh)])
        blocks.append(f"{_entry_question(entry, lang)}\n{body}" if len(entries) > 1 else body)
    first = entries[0]
    return Reply(
        answer="\n\n".join(blocks),
        fallback=False,
        confidence=round(confidence, 3),
        entry={"id": first.id, "question": first.question},
        sources=sources_of(kb, claims),
        conflicts=views,
        suggestions=_questions(kb, suggestions, lang, leave_out=[e.id for e in entries]),
        notice=notice(kb, lang),
        lang=lang,
        entries=[{"id": e.id, "question": e.question} for e in entries],
    )


def decline(
    kb: KnowledgeBase, confidence: float, suggestions: Sequence[str], lang: Lang = "en", remark: Remark | None = None
) -> Reply:
    """A polite refusal that says what the bot can help with (`suggestions`: entry ids) and how to reach a person;
    a message that was only a `remark` (a greeting, thanks, a wish for a person) is met in kind."""
    texts = REMARK[remark] if remark else DECLINE
    return Reply(
        answer=texts.get(lang, texts["en"]),
        fallback=True,
        confidence=round(confidence, 3),
        entry=None,
        sources=[],
        conflicts=[],
        suggestions=_questions(kb, suggestions, lang),
        notice=notice(kb, lang),
        lang=lang,
        remark=remark,
    )


def cannot_act(reply: Reply, lang: Lang = "en") -> Reply:
    """The reply to a message that asked the bot to close the account itself: first say plainly that it can't."""
    return msgspec.structs.replace(reply, answer=f"{CANNOT_ACT.get(lang, CANNOT_ACT['en'])}\n\n{reply.answer}")
