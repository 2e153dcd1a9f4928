"""Fill a store with a large, realistic-looking history, for measuring the support pages at scale.

Conversations of one to six messages spread over the last `days`, most of them about something else (declined),
some answered with low confidence, a share showing a source conflict, feedback on some replies, hand-offs on a few
with agents' replies and triage changes. The questions are the knowledge base's own phrasings and off-topic
messages made of random everyday words, so the gaps page has as many distinct weak questions as it can get.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from ..kb import loader
from ..store import Store, open_store

BATCH = 20_000
OFF_TOPIC_WORDS = (
    "weather pizza football train ticket refund laptop charger password wifi printer holiday hotel taxi "
    "insurance mortgage salary recipe garden movie concert flight passport visa doctor pharmacy bicycle "
    "battery phone camera music lyrics homework exam library museum parking delivery package invoice "
    "restaurant coffee birthday wedding gift puppy kitten vaccine gym marathon stock bond dividend"
).split()
FRAMES = ("what about {}", "where can I find {} and {}", "{} {} help", "is {} better than {}", "how to fix my {}")


def _off_topic(rng: random.Random) -> str:
    frame = rng.choice(FRAMES)
    return frame.format(*(rng.choice(OFF_TOPIC_WORDS) for _ in range(frame.count("{}"))))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


class Filler:
    """Makes the rows of `exchanges` exchanges' worth of conversations, batch by batch."""

    def __init__(self, exchanges: int, days: int, seed: int, knowledge: str | None = None, end: datetime | None = None):
        self.target = exchanges
        self.days = days
        self.rng = random.Random(seed)
        kb = loader.load(knowledge)
        self.asked = [(q, e.id) for e in kb.entries.values() for q in (e.question, *e.phrasings)]
        self.conflict_ids = list(kb.conflicts) or ["conflict"]
        self.end = end or datetime.now(UTC)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.made = 0
        self.sessions = 0

    def _add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def conversation(self) -> None:
        """One conversation's rows."""
        rng = self.rng
        self.sessions += 1
        sid = f"gen{self.sessions:09d}{rng.getrandbits(32):08x}"
        start = self.end - timedelta(seconds=rng.uniform(0, self.days * 86400))
        self._add("sessions", {"id": sid, "created": _iso(start)})
        moment = start
        for n in range(min(rng.choice((1, 1, 2, 2, 3, 4, 6)), self.target - self.made)):
            self.made += 1
            kind = rng.random()
            if kind < 0.35:
                message, entry, confidence, fallback = _off_topic(rng), None, rng.uniform(0.0, 0.4), True
            else:
                message, entry = rng.choice(self.asked)
                confidence = rng.uniform(0.3, 0.6) if kind < 0.45 else rng.uniform(0.6, 1.0)
                fallback = False
            conflicts = [rng.choice(self.conflict_ids)] if not fallback and rng.random() < 0.2 else []
            reply_id = f"{sid}r{n}"
            self._add(
                "exchanges",
                {
                    "reply_id": reply_id,
                    "session_id": sid,
                    "created": _iso(moment),
                    "message": message,
                    "answer": "(generated)",
                    "entry_id": entry,
                    "confidence": round(confidence, 3),
                    "fallback": int(fallback),
                    "conflicts": json.dumps(conflicts),
                    "lang": "en",
                    "latency_ms": 0.4,
                },
            )
            if rng.random() < 0.05:
                helpful = int(rng.random() < 0.7)
                feedback = {"reply_id": reply_id, "created": _iso(moment + timedelta(seconds=20)), "helpful": helpful}
                self._add("feedback", {**feedback, "comment": None})
            moment += timedelta(seconds=rng.uniform(5, 90))
        if rng.random() < 0.02:
            status = rng.choice(("open", "pending", "resolved"))
            self._add(
                "handoffs",
                {
                    "id": f"{sid}h",
                    "session_id": sid,
                    "created": _iso(moment),
                    "message": "a person please",
                    "contact": None,
                    "status": status,
                },
            )
            if status != "open":
                self._add("triage", {"session_id": sid, "status": status, "assignee": 1, "labels": "[]"})
                self._add(
                    "agent_messages",
                    {
                        "id": f"{sid}m",
                        "session_id": sid,
                        "agent_id": 1,
                        "created": _iso(moment + timedelta(minutes=rng.uniform(1, 30))),
                        "text": "Hello, a person here.",
                    },
                )

    def batches(self) -> Any:
        """Rows by table, about BATCH exchanges at a time, until `exchanges` are made."""
        while self.made < self.target:
            self.rows = {}
            goal = min(self.target, self.made + BATCH)
            while self.made < goal:
                self.conversation()
            yield self.rows


ORDER = ("sessions", "exchanges", "feedback", "handoffs", "triage", "agent_messages")


def fill(
    store: Store,
    exchanges: int,
    days: int = 90,
    seed: int = 1,
    knowledge: str | None = None,
    end: datetime | None = None,
) -> int:
    """Add `exchanges` generated exchanges (and their sessions, feedback, hand-offs) to `store`, spread over the
    `days` before `end` (default: now); returns the number of conversations."""
    store.init()
    agent = store.agent(name="generator")
    agent_id = agent.id if agent else store.add_agent("generator", "(no password: generated data)")
    filler = Filler(exchanges, days, seed, knowledge, end)
    for rows in filler.batches():
        for row in rows.get("triage", []) + rows.get("agent_messages", []):
            row["agent_id" if "agent_id" in row else "assignee"] = agent_id
        for table in ORDER:
            store.bulk_insert(table, rows.get(table, []))
    store.summarise_sessions()
    return filler.sessions


def main(args: argparse.Namespace) -> int:
    """`python -m bot fill-store`: print what was added and how long it took."""
    store = open_store(args.database)
    started = time.perf_counter()
    sessions = fill(store, args.exchanges, args.days, args.seed, args.knowledge)
    seconds = time.perf_counter() - started
    print(f"added {args.exchanges} exchanges in {sessions} conversations over {args.days} days in {seconds:.0f} s")
    print(f"the store now holds {store.count('exchanges')} exchanges in {store.count('sessions')} conversations")
    store.close()
    return 0
