"""What an edit does to the answers: the questions whose entry, decline or conflict flags differ between two sets
of replies (two knowledge bases, or one against replies saved earlier). Pure functions of reply dicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FIELDS = ("entry", "declined", "conflicts")


def outcome(reply: dict[str, Any]) -> dict[str, Any]:
    """What a reply decided: the entry answered (none when declined), whether it declined, the conflicts flagged."""
    return {
        "entry": (reply.get("entry") or {}).get("id"),
        "declined": bool(reply.get("fallback")),
        "conflicts": sorted(c["id"] for c in reply.get("conflicts") or []),
    }


@dataclass(frozen=True)
class Change:
    """One question whose outcome differs: before, after, and which of the fields changed."""

    question: str
    first: str | None
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def changed(self) -> list[str]:
        """The fields that differ."""
        return [f for f in FIELDS if self.before[f] != self.after[f]]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        found = {"q": self.question, "before": self.before, "after": self.after, "changed": self.changed}
        return {**found, "first": self.first} if self.first else found

    def describe(self) -> str:
        """The change for a person, one line per field."""
        lines = [f"{self.question!r}" + (f" (after {self.first!r})" if self.first else "")]
        for field in self.changed:
            lines.append(f"    {field}: {_show(field, self.before[field])} -> {_show(field, self.after[field])}")
        return "\n".join(lines)


def _show(field: str, value: Any) -> str:
    if field == "conflicts":
        return ", ".join(value) or "(none)"
    if field == "entry":
        return value or "(none)"
    return "declined" if value else "answered"


def diff(
    cases: Sequence[dict[str, Any]], before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]
) -> list[Change]:
    """Every case whose reply's entry, decline or conflict flags differ, in the cases' order."""
    if not len(cases) == len(before) == len(after):
        raise ValueError(f"{len(cases)} questions, {len(before)} replies before, {len(after)} after")
    changes = []
    for case, old, new in zip(cases, before, after, strict=True):
        change = Change(case["q"], case.get("first"), outcome(old), outcome(new))
        if change.changed:
            changes.append(change)
    return changes
