"""Tools for the resilience suite: load against a served instance, its worker processes, figures to report.

Each check records a figure with `figure(name, text)`; pytest prints them at the end of the run (and writes them to
tests/.artifacts/resilience.txt), so that `make chaos` shows what the service did under each fault.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from live import call

FIGURES: list[tuple[str, str]] = []
QUESTIONS = [
    "how do I close my binance account",
    "what happens to my NFTs when I delete the account",
    "can I undo the closure later",
    "do I lose my VIP level",
    "what about my referral rewards",
    "how long does the deletion take",
    "must I withdraw my coins first",
    "is my personal data kept afterwards",
]


def figure(name: str, text: str) -> None:
    """Keep one figure for the end-of-run report."""
    FIGURES.append((name, text))


def question(n: int) -> str:
    """A distinct message each time (no reply cache helps)."""
    return f"{QUESTIONS[n % len(QUESTIONS)]} ({n})"


def send(
    base: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request exactly as given; the status, the headers (lower-case names) and the body."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Load:
    """Threads that chat with distinct messages until stopped; what was answered, and what failed to connect."""

    def __init__(self, base: str, threads: int = 3):
        self.base = base
        self.answered: list[str] = []
        self.failed = 0
        self.other: list[int] = []
        self._stop = threading.Event()
        self._counter = itertools.count()
        self._threads = [threading.Thread(target=self._talk, daemon=True) for _ in range(threads)]

    def _talk(self) -> None:
        while not self._stop.is_set():
            try:
                status, body = call(self.base, "/api/v1/chat", {"message": question(next(self._counter))})
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                self.failed += 1
                time.sleep(0.05)
                continue
            if status == 200:
                self.answered.append(body["reply_id"])
            else:
                self.other.append(status)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)


def stored_ids(database: Path, table: str = "exchanges", column: str = "reply_id") -> set[str]:
    """Every id in one column of a SQLite store's table (by default, the reply ids recorded)."""
    with sqlite3.connect(database) as conn:
        return {row[0] for row in conn.execute(f"SELECT {column} FROM {table}")}


stored_reply_ids = stored_ids


def workers(master: int) -> list[int]:
    """The process ids whose parent is `master` (gunicorn's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent id is the second field after it.
        if int(stat.rpartition(")")[2].split()[1]) == master:
            found.append(int(entry))
    return found


def wait_for(predicate, timeout: float, step: float = 0.1) -> float:
    """Seconds until `predicate()` held; raises AssertionError past `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")


def health(base: str) -> dict:
    """The served /health."""
    return call(base, "/api/v1/health")[1]
