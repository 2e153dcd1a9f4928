"""The SQLite store: created on first use, and several writers at once lose nothing."""

import multiprocessing
import sqlite3

import pytest

from bot.store import Exchange, StoreError, now, open_store


def exchange(session_id: str, n: int) -> Exchange:
    return Exchange(
        reply_id=f"{session_id}-r{n:04d}",
        session_id=session_id,
        created=now(),
        message=f"q{n}",
        answer="a",
        entry_id=None,
        confidence=0.1,
        fallback=True,
        conflicts=[],
        lang="en",
        latency_ms=1.0,
    )


def _writer(path: str, worker: int, count: int) -> None:
    store = open_store(str(path))
    session = f"session-{worker:02d}"
    for n in range(count):
        store.record_exchange(exchange(session, n), new_session=n == 0)


def test_created_on_first_start_in_a_new_folder(tmp_path):
    path = tmp_path / "deep" / "folder" / "s.sqlite"
    store = open_store(str(path)).init()
    assert path.exists() and store.ping()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    open_store(str(path)).init()  # a second start keeps what is there


def test_several_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "s.sqlite")
    open_store(str(path)).init()
    workers, each = 4, 60
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, w, each)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = open_store(str(path))
    assert store.count("exchanges") == workers * each
    assert store.count("sessions") == workers


def test_a_failed_write_leaves_nothing_half_done(tmp_path):
    store = open_store(str(tmp_path / "s.sqlite")).init()
    store.record_exchange(exchange("s1", 0), new_session=True)
    with pytest.raises(StoreError):
        store.record_exchange(exchange("s1", 0), new_session=False)  # same reply id
    with pytest.raises(StoreError):
        clash = Exchange(**{**exchange("s2", 0).__dict__, "reply_id": "s1-r0000"})
        store.record_exchange(clash, new_session=True)  # the session is new but the reply id clashes
    assert store.count("exchanges") == 1 and store.count("sessions") == 1


def test_store_urls(tmp_path):
    assert open_store("sqlite:///relative.sqlite").path == "relative.sqlite"
    assert open_store(f"sqlite:////{str(tmp_path).lstrip('/')}/a.sqlite").path == f"{tmp_path}/a.sqlite"
    assert open_store(str(tmp_path / "b.sqlite")).path == str(tmp_path / "b.sqlite")
    with pytest.raises(StoreError, match="postgresql"):
        open_store("postgresql://db/bot")


def test_unreachable_store_says_so(tmp_path):
    (tmp_path / "file").write_text("x")
    store = open_store(str(tmp_path / "file" / "s.sqlite"))
    with pytest.raises(StoreError):
        store.init()
    assert store.ping() is False
