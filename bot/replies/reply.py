"""The reply shape, defined once: the engine's answers, the CLI, the HTTP API and its OpenAPI document share it."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, TypedDict

import msgspec
from msgspec import Meta

from ..kb.schema import Lang as Lang  # re-exported: the reply's language is the KB's


class EntryRef(TypedDict):
    """An entry answered: its id and canonical question."""

    id: str
    question: str


class SourceRef(TypedDict):
    """One cited part of a source article."""

    id: str
    name: str
    title: str
    section: str


class ClaimView(TypedDict):
    """What one source says, in one part of it."""

    source: str
    source_name: str
    section: str
    statement: str
    conflict: NotRequired[str | None]
    """In an entry's claims: the conflict it is a side of, or null."""


class ConflictView(TypedDict):
    """A point on which the sources disagree, each side named by its source."""

    id: str
    topic: str
    summary: str
    claims: Annotated[list[ClaimView], Meta(min_length=2)]
    entries: NotRequired[list[str]]
    """In the list of conflicts: the entries it affects."""


class Reply(msgspec.Struct, frozen=True, kw_only=True):
    """One answer (or a polite decline) to one message; see the README for each field."""

    answer: str
    fallback: Annotated[bool, Meta(description="True when the bot declines (no confident answer).")]
    confidence: Annotated[float, Meta(ge=0, le=1, description="Calibrated probability that the KB answers it.")]
    entry: EntryRef | None
    sources: list[SourceRef]
    conflicts: list[ConflictView]
    suggestions: list[str]
    notice: Annotated[str, Meta(description="The sources are third-party articles, not Binance.")]
    lang: Lang = "en"
    entries: list[EntryRef] = msgspec.field(default_factory=list)
    remark: Annotated[
        Literal["greeting", "thanks", "person"] | None,
        Meta(description="On a decline: the message was only a greeting, thanks or goodbye, or asked for a person."),
    ] = None

    def to_dict(self) -> dict[str, Any]:
        """The reply as plain JSON-ready data (nested values are shared, not copied: treat them as read-only)."""
        return msgspec.structs.asdict(self)
