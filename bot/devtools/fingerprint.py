"""A record of what the engine answers to every question of the project's own sets, to compare a change against.

Each question gets one line: the entries answered (none: declined), the confidence to four decimals, the
suggestions, the conflicts flagged, whether it asks the bot to act, the reply's language and a digest of the
reply's text. A change meant to keep every reply (a faster engine) must leave the record as it is; a change meant
to alter replies (the KB, the decision logic) rewrites it with `python -m bot fingerprint --write`, and the diff of
the record shows which questions it moved.

Question text is not kept: each line names its set and the question's id.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..kb.knowledge import KnowledgeBase
from ..matching.engine import Decision, Engine
from ..replies.assistant import reply_for

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "tests" / "data" / "replies.fingerprint.jsonl"
SETS = (
    ROOT / "tests" / "data",
    ROOT / "tests" / "data" / "heldout",
    ROOT / "tests" / "data" / "heldout2",
    ROOT.parent / "shared" / "eval",
)
"""Folders whose `*.jsonl` question sets are recorded; one that is absent is skipped."""
FIELDS = ("after", "entries", "confidence", "suggestions", "conflicts", "acting", "lang", "text")


def question_sets(folders: tuple[Path, ...] = SETS) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(set name, cases) for every question set present, named by its path from the checkout's top."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.jsonl")):
            if path.name == RECORD.name:
                continue
            cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            yield Path(os.path.relpath(path, ROOT)).as_posix(), cases


def line(kb: KnowledgeBase, decision: Decision, after: str | None, message: str) -> dict[str, Any]:
    """The recorded form of one decision and the reply that carries it out (as the assistant words it for `message`)."""
    reply = reply_for(kb, decision, message)
    return {
        "after": after,
        "entries": list(decision.entries),
        "confidence": round(decision.confidence, 4),
        "suggestions": list(decision.suggestions),
        "conflicts": sorted(c["id"] for c in reply.conflicts),
        "acting": decision.acting,
        "lang": decision.lang,
        "text": hashlib.sha256(reply.answer.encode("utf-8")).hexdigest()[:16],
    }


def record(engine: Engine, folders: tuple[Path, ...] = SETS) -> dict[tuple[str, str], dict[str, Any]]:
    """Every question of every set present, asked as the service would (two turns where a case has `first`)."""
    kb = engine.kb
    found = {}
    for name, cases in question_sets(folders):
        for case in cases:
            after = None
            if case.get("first"):
                first = engine.decide(case["first"])
                after = first.entries[0] if first.entries else None
            found[(name, str(case["id"]))] = {
                "set": name,
                "id": str(case["id"]),
                **line(kb, engine.decide(case["q"], after), after, case["q"]),
            }
    return found


def read(path: Path = RECORD) -> dict[tuple[str, str], dict[str, Any]]:
    """A record written by `write`."""
    rows = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines() if text.strip()]
    return {(row["set"], row["id"]): row for row in rows}


def write(found: dict[tuple[str, str], dict[str, Any]], path: Path = RECORD) -> None:
    """Save a record, one line a question, sorted, so that its diff shows which questions a change moved."""
    lines = [json.dumps(found[key], ensure_ascii=False, separators=(",", ":")) for key in sorted(found)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def differences(
    recorded: dict[tuple[str, str], dict[str, Any]], now: dict[tuple[str, str], dict[str, Any]]
) -> list[str]:
    """One line for each question whose record differs, or that one side lacks (sets absent now are not compared)."""
    present = {name for name, _ in now}
    out = []
    for key in sorted(set(recorded) | set(now)):
        if key[0] not in present:
            continue
        old, new = recorded.get(key), now.get(key)
        if old is None or new is None:
            out.append(f"{key[0]} {key[1]}: {'not recorded' if old is None else 'no longer asked'}")
            continue
        for field in FIELDS:
            if old.get(field) != new.get(field):
                out.append(f"{key[0]} {key[1]} {field}: {old.get(field)!r} -> {new.get(field)!r}")
    return out
