"""What the store's hot path costs per chat: recording an exchange, and reading a follow-up's session.

On a fresh store of the chosen backend (a SQLite file, or a new schema in the PostgreSQL database given), prints
the CPU and wall microseconds of each operation (p50 and p99 of the wall time) and the statements sent per
exchange. In-process, so it is steadier than the HTTP figures on a shared machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from ..conversations.ids import new_id, new_session_id
from ..store import Exchange, now, open_store
from ..store.sql import SQLStore
from .loadbench import bench_store

WARM_UP = 100
SECRET = b"bench"


def _exchange(session: str, n: int) -> Exchange:
    declined = n % 2 == 0
    return Exchange(
        reply_id=new_id(),
        session_id=session,
        created=now(),
        message=f"how do I close my account ({n})",
        answer="An answer of a typical length. " * 12,
        entry_id=None if declined else "close-steps",
        confidence=0.2 if declined else 0.9,
        fallback=declined,
        conflicts=["c-1"] if n % 3 == 0 else [],
        lang="en",
        latency_ms=0.5,
    )


def _timed(operation: Any, count: int) -> tuple[float, float, float]:
    """CPU microseconds per call, and the p50 and p99 of the wall time in microseconds."""
    walls = []
    cpu = time.process_time()
    for n in range(count):
        started = time.perf_counter()
        operation(n)
        walls.append(time.perf_counter() - started)
    cpu_us = (time.process_time() - cpu) / count * 1e6
    walls.sort()
    return cpu_us, walls[len(walls) // 2] * 1e6, walls[int(len(walls) * 0.99)] * 1e6


def measure(url: str, count: int) -> None:
    """Print the write and read costs on the store at `url` (which this fills with `count` exchanges)."""
    store = open_store(url, timeout=5).init()
    try:
        for n in range(WARM_UP):
            store.record_exchange(_exchange(f"warm-{n % 10}", n), new_session=n < 10)
        assert isinstance(store, SQLStore)
        with store.statements_sent() as statements:
            # Four exchanges a conversation, as in a short chat: a new session, then follow-ups. The ids are the
            # ones the service hands out, since where their index entries fall is part of the write's cost.
            sessions = [new_session_id(SECRET) for _ in range(count // 4 + 1)]
            write = _timed(
                lambda n: store.record_exchange(_exchange(sessions[n // 4], n), new_session=n % 4 == 0), count
            )
        written = len(statements)
        read = _timed(lambda n: store.follow_up(sessions[n % (count // 4)]), count)
    finally:
        store.close()
    print(f"{'operation':<22} {'CPU us':>8} {'wall p50 us':>12} {'wall p99 us':>12}")
    print(f"{'record an exchange':<22} {write[0]:>8.0f} {write[1]:>12.0f} {write[2]:>12.0f}")
    print(f"{'read a follow-up':<22} {read[0]:>8.0f} {read[1]:>12.0f} {read[2]:>12.0f}")
    print(
        f"statements sent per exchange: {written / count:.1f} (SQLite's COMMIT and PostgreSQL's connection check "
        "are not counted)"
    )


def main(args: argparse.Namespace) -> int:
    """Run the write benchmark and print its figures."""
    where = "SQLite (a new file)" if args.database is None else "PostgreSQL (a new schema)"
    print(f"# the store's hot path, {args.count} exchanges, on {where}")
    with tempfile.TemporaryDirectory() as tmp, bench_store(args.database, Path(tmp), "write") as url:
        measure(url, args.count)
    return 0
