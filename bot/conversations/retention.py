"""How long conversations are kept: deleting those idle for longer than a number of days, in small batches.

A conversation goes as a whole (its exchanges, feedback, hand-offs, messages and triage records) once its latest
activity is older than the limit, so no conversation is left half deleted. Each batch is one short transaction;
between batches the purge pauses, so that chat writes (which need the same lock on SQLite) get in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..store import Store
from ..store.base import PURGED

BATCH = 200
"""Conversations deleted per transaction: a few milliseconds of holding the write lock on SQLite."""
PAUSE_SECONDS = 0.02
"""Pause between batches, so that writers waiting for the lock go first."""


@dataclass
class Purged:
    """What a purge deleted, per table, and how its batches went."""

    before: str
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PURGED, 0))
    gap_dismissals: int = 0
    batches: int = 0
    longest_batch_ms: float = 0.0


def cutoff(days: int, at: datetime | None = None) -> str:
    """The time `days` days before `at` (now), in the store's time format."""
    moment = (at or datetime.now(UTC)) - timedelta(days=days)
    return moment.isoformat(timespec="microseconds")


def purge(
    store: Store,
    days: int,
    *,
    batch: int = BATCH,
    pause: float = PAUSE_SECONDS,
    progress: Callable[[Purged], None] | None = None,
) -> Purged:
    """Delete every conversation idle for more than `days` days, and gap dismissals as old, in batches."""
    if days < 1:
        raise ValueError("days must be at least 1")
    done = Purged(before=cutoff(days))
    while True:
        started = time.perf_counter()
        deleted = store.purge_conversations(done.before, batch)
        done.longest_batch_ms = max(done.longest_batch_ms, (time.perf_counter() - started) * 1000)
        if not deleted["sessions"]:
            break
        done.batches += 1
        for table, count in deleted.items():
            done.deleted[table] += count
        if progress is not None:
            progress(done)
        time.sleep(pause)
    done.gap_dismissals = store.purge_gap_dismissals(done.before)
    return done
