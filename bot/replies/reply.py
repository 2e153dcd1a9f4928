"""The reply object returned by the engine, the CLI and the HTTP API alike."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One answer (or a polite decline) to one message; see the README for each field."""

    answer: str
    fallback: bool
    confidence: float
    entry: dict[str, str] | None
    sources: list[dict[str, str]]
    conflicts: list[dict[str, Any]]
    suggestions: list[str]
    notice: str
    lang: str = "en"
    entries: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The reply as plain JSON-ready data (nested values are shared, not copied: treat them as read-only)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
