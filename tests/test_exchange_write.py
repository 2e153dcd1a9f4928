"""The write of each exchange on SQLite runs on the driver's connection: the rows are those SQLAlchemy would write."""

from __future__ import annotations

import os
import random
import sqlite3

from bot.devtools import writebench
from bot.store import open_store, sql
from bot.store.base import Exchange


def _through_sqlalchemy(store, exchange: Exchange) -> None:
    """The same two statements and values, executed by SQLAlchemy itself in one transaction."""
    params = sql.exchange_params(exchange)

    def insert_rows(conn) -> None:
        conn.execute(sql._SESSION_UPSERT_SQLITE, params)
        conn.execute(sql._EXCHANGE_INSERT, params)

    store._write(insert_rows)


def _rows(path) -> list:
    with sqlite3.connect(path) as conn:
        return [
            [tuple((value, type(value).__name__) for value in row) for row in conn.execute(f"SELECT * FROM {table}")]
            for table in ("sessions", "exchanges")
        ]


def test_the_driver_write_stores_what_sqlalchemy_would(tmp_path):
    rng = random.Random(7)
    exchanges = []
    for n in range(200):
        declined = rng.random() < 0.3
        exchanges.append(
            Exchange(
                reply_id=f"r{n}",
                session_id=f"s{rng.randrange(25)}",
                created=f"2026-12-03T10:{n // 60:02d}:{n % 60:02d}.{rng.randrange(10**6):06d}Z",
                message=f"message {n} é 注销",
                answer="answer " * rng.randrange(4),
                entry_id=None if declined else rng.choice(["closure-duration", "nft-assets", None]),
                confidence=rng.choice([0, 1, 0.5, rng.random()]),  # whole numbers too: stored as REAL either way
                fallback=declined,
                conflicts=rng.choice([[], ["closure-timing"], ["closure-timing", "data-retention"]]),
                lang=rng.choice(["en", "zh"]),
                latency_ms=rng.choice([1, 0.25, rng.random() * 10]),
            )
        )
    driver, core = open_store(str(tmp_path / "driver.sqlite")).init(), open_store(str(tmp_path / "core.sqlite")).init()
    for exchange in exchanges:
        driver.record_exchange(exchange, new_session=False)
        _through_sqlalchemy(core, exchange)
    driver.close()
    core.close()
    assert _rows(tmp_path / "driver.sqlite") == _rows(tmp_path / "core.sqlite")
    assert len(_rows(tmp_path / "driver.sqlite")[1]) == 200


def _exchange(n: int) -> Exchange:
    return writebench._exchange("s1", n)


def test_exchange_writes_keep_one_connection_with_its_lock_wait_set_once(tmp_path):
    store = open_store(str(tmp_path / "s.sqlite")).init()
    store.record_exchange(_exchange(0), new_session=True)
    [writer] = store._writers
    sent: list[str] = []
    writer.set_trace_callback(sent.append)
    for n in range(1, 4):
        store.record_exchange(_exchange(n), new_session=False)
    assert store._writers == [writer]
    # Per exchange: the transaction and its two statements, and no setting of the lock wait.
    assert [s.split()[0] for s in sent] == ["BEGIN", "INSERT", "INSERT", "COMMIT"] * 3
    assert writer.execute("PRAGMA busy_timeout").fetchone()[0] == sql.LOCK_POLL_SECONDS * 1000
    store.close()
    assert store._writers == []
    store.record_exchange(_exchange(4), new_session=False)  # a new connection after `close`
    assert store._writers and store._writers[0] is not writer
    assert store.exchange_count("s1") == 5
    store.close()


def test_a_forked_process_writes_on_connections_of_its_own(tmp_path):
    store = open_store(str(tmp_path / "s.sqlite")).init()
    store.record_exchange(_exchange(0), new_session=True)
    [parent] = store._writers
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: records one exchange and says whether it used the parent's connection
        try:
            store.record_exchange(_exchange(1), new_session=False)
            os.write(write, b"own" if parent not in store._writers else b"shared")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 10) == b"own"
    store.record_exchange(_exchange(2), new_session=False)  # the parent's connection still works
    assert store._writers == [parent]
    assert store.exchange_count("s1") == 3
    store.close()
