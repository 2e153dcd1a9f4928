"""Scores replies against a question set (format of the shared eval README): pure functions, no I/O."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


def reply_text(reply: dict[str, Any]) -> str:
    """The text a reply is judged on: the answer plus every conflict's summary and claims."""
    parts = [reply.get("answer") or ""]
    for conflict in reply.get("conflicts") or []:
        parts.append(conflict.get("summary") or "")
        parts += [claim.get("statement") or "" for claim in conflict.get("claims") or []]
    return "\n".join(parts)


def case_failure(case: dict[str, Any], reply: dict[str, Any]) -> str | None:
    """Why a reply fails its case, or None when it is correct."""
    if case.get("expect") == "fallback":
        return (
            None if reply.get("fallback") else f"answered ({(reply.get('entry') or {}).get('id')}) instead of declining"
        )
    if reply.get("fallback"):
        return "declined an in-scope question"
    answered = (reply.get("entry") or {}).get("id")
    wanted = [case["entry"]] if case.get("entry") else list(case.get("entries") or [])
    if wanted and answered not in wanted and not set(wanted) & {e.get("id") for e in reply.get("entries") or []}:
        return f"answered {answered}, expected {' or '.join(wanted)}"
    text = reply_text(reply)
    missing = [f for f in case.get("facts") or [] if not re.search(f, text, re.IGNORECASE)]
    if missing:
        return f"entry {(reply.get('entry') or {}).get('id')}: missing facts {missing}"
    expected = case.get("conflict")
    flagged = bool(reply.get("conflicts"))
    if expected is not None and flagged != bool(expected):
        return "conflict flag missing" if expected else "conflict flagged where the sources agree"
    return None


@dataclass
class Report:
    """The metrics of the eval README, plus every failure grouped by topic."""

    in_scope: int = 0
    in_scope_correct: int = 0
    out_of_scope: int = 0
    declined: int = 0
    flagged_right: int = 0
    flagged: int = 0
    should_flag: int = 0
    failures: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))

    @staticmethod
    def _share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    @property
    def in_scope_accuracy(self) -> float | None:
        return self._share(self.in_scope_correct, self.in_scope)

    @property
    def decline_rate(self) -> float | None:
        return self._share(self.declined, self.out_of_scope)

    @property
    def conflict_precision(self) -> float | None:
        return self._share(self.flagged_right, self.flagged)

    @property
    def conflict_recall(self) -> float | None:
        return self._share(self.flagged_right, self.should_flag)

    def summary(self) -> dict[str, Any]:
        """The headline figures as JSON-ready data."""
        return {
            "in_scope": self.in_scope,
            "in_scope_accuracy": self.in_scope_accuracy,
            "out_of_scope": self.out_of_scope,
            "out_of_scope_declined": self.decline_rate,
            "conflict_precision": self.conflict_precision,
            "conflict_recall": self.conflict_recall,
            "failures": sum(len(v) for v in self.failures.values()),
        }


def score(cases: Sequence[dict[str, Any]], replies: Sequence[dict[str, Any]]) -> Report:
    """Judge each reply against its case."""
    report = Report()
    for case, reply in zip(cases, replies, strict=True):
        failure = case_failure(case, reply)
        if case.get("expect") == "fallback":
            report.out_of_scope += 1
            report.declined += failure is None
        else:
            report.in_scope += 1
            report.in_scope_correct += failure is None
            if case.get("conflict") is not None:
                flagged = bool(reply.get("conflicts")) and not reply.get("fallback")
                report.flagged += flagged
                report.should_flag += bool(case["conflict"])
                report.flagged_right += flagged and bool(case["conflict"])
        if failure:
            report.failures[case.get("topic") or "?"].append((case.get("id", "?"), case.get("q", ""), failure))
    return report


def run(cases: Iterable[dict[str, Any]], ask: Callable[..., Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ask every case (two turns where a case has `first`) and return the cases with their reply dicts."""
    cases = list(cases)
    replies = []
    for case in cases:
        after = None
        if case.get("first"):
            first = ask(case["first"]).to_dict()
            after = (first.get("entry") or {}).get("id")
        replies.append(ask(case["q"], after=after).to_dict())
    return cases, replies
