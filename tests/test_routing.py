"""In-scope questions as users type them reach an entry that answers them (the routing development set)."""

import json
from collections import Counter
from pathlib import Path

from bot.devtools import evaluate

ROUTING_DEV = Path(__file__).resolve().parent / "data" / "routing_dev.jsonl"
# Measured 0.929 (105 of 113) after the KB phrasings written with this set, 0.832 before them. Adding phrasings
# anywhere retrains the confidence model and moves a borderline question or two either way; the floor leaves room
# for that and fails when routing falls back towards where it was.
FLOOR = 0.9


def cases():
    return [json.loads(line) for line in ROUTING_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_routing_dev_set_covers_every_entry_in_both_languages(kb):
    rows = cases()
    assert all(row["expect"] == "answer" and row["entries"] for row in rows)
    assert {row["entries"][0] for row in rows} == set(kb.entries)
    assert {e for row in rows for e in row["entries"]} <= set(kb.entries)
    langs = Counter(row["lang"] for row in rows)
    assert langs["zh"] >= 0.2 * len(rows)


def test_routing_dev_set_accuracy_stays_above_its_floor(assistant):
    rows, replies = evaluate.run(cases(), assistant.ask)
    report = evaluate.score(rows, replies)
    failures = [f for v in report.failures.values() for f in v]
    assert report.in_scope_accuracy is not None
    assert report.in_scope_accuracy >= FLOOR, failures
