"""The source checker measured against an answer key: what an author planted in an article they wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..authoring.sourcecheck import VERDICTS, PartReport


def read_key(path: Path) -> dict[str, Any]:
    """An answer key: the article's file name and, per part, how its text starts, its verdict and entries."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def score(reports: list[PartReport], key: dict[str, Any]) -> dict[str, Any]:
    """Precision and recall of each verdict over the parts, the share right, and the entries found."""
    planted = key["parts"]
    pairs = []
    for found in reports:
        expected = [k for k in planted if found.part.text.startswith(k["starts"])]
        if len(expected) != 1:
            raise ValueError(f"part {found.part.id!r} matches {len(expected)} parts of the key")
        pairs.append((found, expected[0]))
    if len(pairs) != len(planted):
        raise ValueError(f"the article split into {len(pairs)} parts; the key has {len(planted)}")
    figures: dict[str, Any] = {"parts": len(pairs), "right": sum(f.verdict == k["verdict"] for f, k in pairs)}
    for verdict in VERDICTS:
        said = [(f, k) for f, k in pairs if f.verdict == verdict]
        meant = [(f, k) for f, k in pairs if k["verdict"] == verdict]
        hits = [(f, k) for f, k in said if k["verdict"] == verdict]
        figures[verdict] = {
            "planted": len(meant),
            "found": len(hits),
            "reported": len(said),
            "precision": round(len(hits) / len(said), 3) if said else None,
            "recall": round(len(hits) / len(meant), 3) if meant else None,
            # for agreements and contradictions found, whether the entries reported include a planted one
            "entry_right": sum(bool(set(f.entries) & set(k.get("entries") or [])) for f, k in hits)
            if verdict != "new"
            else None,
        }
    return figures
