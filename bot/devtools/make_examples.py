"""Writes the learned check of scope's files in `knowledge/`: its example messages and the check fitted on them.

`scope_examples.jsonl` gets every message of the development sets in `tests/data/` (the tuning, interlocking,
conflict and routing sets; the second message of each conversation), one a line: its text and whether it is in
scope. The held-out folders, the probe sets and the routing check set are measuring sets: none of their files is
read for examples, and a development message that is word for word one of theirs ("close account", "hi", sets
written apart share such messages) is left out too, so that they measure the check on messages it was not fitted
on. A text marked both ways (a follow-up in scope only after its first message) is left out. `scope_check.json` gets the check fitted on those examples (`bot.matching.gate.ScopeGate`).
Run `python -m bot.devtools.make_examples` after changing a set; `--check` compares the shipped files instead.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..kb.learned import LearnedScope
from ..kb.loader import CHECK_FILE, EXAMPLES_FILE, load, load_examples
from ..matching.gate import ScopeGate, plain
from .bench import folded

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "data"
KNOWLEDGE = ROOT / "knowledge"
MEASURING = ("heldout*/*.jsonl", "probe.jsonl", "probe2.jsonl", "routing_check.jsonl")
PATTERNS = (
    "tuning*.jsonl",
    "interlock_dev*.jsonl",
    "interlock_near_miss.jsonl",
    "conflict_dev.jsonl",
    "routing_dev.jsonl",
)
DIGITS = 6
"""Decimals kept of each idf and weight: a millionth moves no probability the engine compares."""


def source_files(folder: Path = SETS) -> list[Path]:
    """The development sets the examples come from, in a fixed order."""
    found = {path for pattern in PATTERNS for path in folder.glob(pattern)}
    return sorted(found, key=lambda p: (len(p.name), p.name))


def _messages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measured(folder: Path = SETS) -> set[str]:
    """The messages of the measuring sets, folded as the bench compares them (case, spacing, punctuation aside)."""
    return {folded(case["q"]) for pattern in MEASURING for path in folder.glob(pattern) for case in _messages(path)}


def examples(files: list[Path], leave_out: set[str] | None = None) -> list[tuple[str, bool]]:
    """(text, in scope) for every distinct message of `files` not in `leave_out`, in order of first appearance."""
    leave_out = measured() if leave_out is None else leave_out
    marked: dict[str, tuple[str, set[bool]]] = {}
    for path in files:
        for case in _messages(path):
            text = " ".join(case["q"].split())
            if text and folded(text) not in leave_out:
                marked.setdefault(plain(text), (text, set()))[1].add(case.get("expect") == "answer")
    return [(text, labels.pop()) for text, labels in marked.values() if len(labels) == 1]


def render_examples(rows: list[tuple[str, bool]]) -> str:
    """The JSONL file of examples the loader reads."""
    return "".join(json.dumps({"text": text, "in_scope": label}, ensure_ascii=False) + "\n" for text, label in rows)


def reading(knowledge: Path = KNOWLEDGE) -> Callable[[str], str]:
    """How an engine fitted on the KB at `knowledge` reads a message (the check is fitted on both)."""
    from ..matching.engine import Engine

    return Engine().fit(load(knowledge, learned=False)).reading


def fitted(path: Path, knowledge: Path = KNOWLEDGE) -> LearnedScope:
    """The check fitted on the examples file at `path`, reading them as an engine fitted on `knowledge` does."""
    found = load_examples(path)
    gate = ScopeGate(reading=reading(knowledge))
    return gate.fit([e.text for e in found], [e.in_scope for e in found]).table()


def render_check(check: LearnedScope) -> str:
    """The JSON file of the fitted check, a feature a line."""

    def rows(features: list[tuple[str, float, float]]) -> str:
        return ",\n".join(
            "    " + json.dumps([f, round(idf, DIGITS), round(w, DIGITS)], ensure_ascii=False) for f, idf, w in features
        )

    return (
        "{\n"
        f'  "examples": {check.examples},\n'
        f'  "intercept": {round(check.intercept, DIGITS)},\n'
        f'  "char_ngrams": [{check.char_ngrams[0]}, {check.char_ngrams[1]}],\n'
        f'  "normalized": {"true" if check.normalized else "false"},\n'
        f'  "chars": [\n{rows(check.rows())}\n  ],\n'
        f'  "words": [\n{rows(check.rows(words=True))}\n  ]\n'
        "}\n"
    )


def same_check(shipped: LearnedScope, fresh: LearnedScope, tolerance: float = 10.0**-DIGITS) -> bool:
    """True when two checks have the same features and numbers within `tolerance` (the rounding kept)."""
    if (shipped.examples, shipped.char_ngrams, shipped.normalized, shipped.chars, shipped.words) != (
        fresh.examples,
        fresh.char_ngrams,
        fresh.normalized,
        fresh.chars,
        fresh.words,
    ):
        return False
    pairs = (
        (np.array([shipped.intercept]), np.array([fresh.intercept])),
        (shipped.char_idf, fresh.char_idf),
        (shipped.char_weights, fresh.char_weights),
        (shipped.word_idf, fresh.word_idf),
        (shipped.word_weights, fresh.word_weights),
    )
    return all(np.allclose(a, b, rtol=0.0, atol=tolerance) for a, b in pairs)


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the examples and the fitted check."""
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.make_examples", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a shipped file differs from a fresh one")
    args = parser.parse_args(argv)
    files = source_files()
    examples_path, check_path = KNOWLEDGE / EXAMPLES_FILE, KNOWLEDGE / CHECK_FILE
    if not files:
        print(f"no development sets in {SETS}: nothing to do")
        return 0
    rows = examples(files)
    text = render_examples(rows)
    if args.check:
        stale = []
        if not examples_path.is_file() or examples_path.read_text(encoding="utf-8") != text:
            stale.append(EXAMPLES_FILE)
        else:
            shipped = load(KNOWLEDGE).scope_check
            if shipped is None or not same_check(shipped, fitted(examples_path)):
                stale.append(CHECK_FILE)
        if stale:
            print("out of date: " + ", ".join(stale) + " (run python -m bot.devtools.make_examples)")
            return 1
        print(f"{EXAMPLES_FILE} and {CHECK_FILE} match the development sets: {len(rows)} examples")
        return 0
    examples_path.write_text(text, encoding="utf-8")
    inside = sum(label for _, label in rows)
    print(f"wrote {EXAMPLES_FILE}: {len(rows)} examples ({inside} in scope, {len(rows) - inside} not)")
    check = fitted(examples_path)
    check_path.write_text(render_check(check), encoding="utf-8")
    print(f"wrote {CHECK_FILE}: {len(check.chars)} character n-grams, {len(check.words)} words and pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
