"""Retention on every backend (SQLite always, PostgreSQL when TEST_DATABASE_URL is set): conversations idle for
longer than the limit go with everything in them, in batches, while chat goes on; the command and the setting."""

import threading
import time

import pytest
from live import call, start, stop

from bot import cli
from bot.conversations import retention
from bot.store import Exchange, StoreError, open_store
from bot.store.base import PURGED

OLD = "2020-01-01T00:00:00.000000+00:00"
LATER = "2020-01-02T00:00:00.000000+00:00"


def old_conversation(store, sid: str, agent_id: int, created: str = OLD) -> None:
    """A conversation from long ago with a row in every table a conversation has."""
    reply = f"{sid}-r1"
    store.bulk_insert("sessions", [{"id": sid, "created": created}])
    store.bulk_insert(
        "exchanges",
        [
            {
                "reply_id": reply,
                "session_id": sid,
                "created": created,
                "message": "how do I close my account",
                "answer": "a",
                "entry_id": None,
                "confidence": 0.2,
                "fallback": 1,
                "conflicts": "[]",
                "lang": "en",
                "latency_ms": 1.0,
            }
        ],
    )
    store.bulk_insert("feedback", [{"reply_id": reply, "created": created, "helpful": 0, "comment": "no"}])
    store.bulk_insert(
        "handoffs",
        [
            {
                "id": f"{sid}-h",
                "session_id": sid,
                "created": created,
                "message": "me",
                "contact": "a@b.c",
                "status": "open",
            }
        ],
    )
    store.bulk_insert("user_messages", [{"id": f"{sid}-u", "session_id": sid, "created": created, "text": "hi"}])
    message = {"id": f"{sid}-m", "session_id": sid, "agent_id": agent_id, "created": created, "text": "hello"}
    store.bulk_insert("agent_messages", [message])
    store.bulk_insert("triage", [{"session_id": sid, "status": "open", "labels": "[]"}])
    note = {"session_id": sid, "agent_id": agent_id, "created": created, "text": "n"}
    store.bulk_insert("triage_notes", [note])
    store.bulk_insert("triage_events", [{**note, "kind": "note", "detail": "n"}])


def recent_exchange(sid: str, n: int) -> Exchange:
    from bot.store import now

    return Exchange(f"{sid}-{n}", sid, now(), "close account", "a", None, 0.1, True, [], "en", 1.0)


@pytest.fixture
def store(backend_store):
    return backend_store


def test_idle_conversations_go_with_everything_in_them_and_the_rest_stays(store):
    agent_id = store.add_agent("ana", "hash")
    for n in range(7):
        old_conversation(store, f"old-{n}", agent_id)
    old_conversation(store, "revived", agent_id)
    store.summarise_sessions()
    store.record_exchange(recent_exchange("revived", 2), new_session=False)  # old, but active today: kept whole
    store.record_exchange(recent_exchange("new", 1), new_session=True)
    store.dismiss_gap("weather?", ["weather?"], agent_id)
    store.bulk_insert(
        "gap_dismissals", [{"question": "old", "questions": '["old"]', "agent_id": agent_id, "created": OLD}]
    )

    done = retention.purge(store, 30, batch=3, pause=0)

    assert done.batches == 3 and done.deleted["sessions"] == 7 and done.gap_dismissals == 1
    assert all(done.deleted[table] == 7 for table in PURGED if table != "sessions")
    assert {q.session_id for q in store.queue(_everything())} == {"revived", "new"}
    assert store.count("exchanges") == 3 and store.count("feedback") == 1 and store.count("handoffs") == 1
    for table in ("user_messages", "agent_messages", "triage", "triage_notes", "triage_events"):
        assert store.count(table) == 1, table
    assert [d.question for d in store.gap_dismissals()] == ["weather?"]
    assert store.count("agents") == 1  # the team's accounts are not conversations
    again = retention.purge(store, 30, pause=0)
    assert again.batches == 0 and again.deleted["sessions"] == 0


def _everything():
    from bot.store.base import QueueQuery

    return QueueQuery(("declined",), 0.6, limit=100)  # every conversation here has a decline


def test_a_purge_in_batches_leaves_chat_writing(store):
    agent_id = store.add_agent("ana", "hash")
    for n in range(60):
        old_conversation(store, f"old-{n:03d}", agent_id)
    store.summarise_sessions()
    failures: list[Exception] = []
    written = []
    stopped = threading.Event()

    def chat() -> None:
        n = 0
        while not stopped.is_set() or n < 20:
            try:
                store.record_exchange(recent_exchange("live", n), new_session=n == 0)
                written.append(n)
            except StoreError as exc:
                failures.append(exc)
            n += 1

    writer = threading.Thread(target=chat)
    writer.start()
    try:
        done = retention.purge(store, 30, batch=5, pause=0.005)
    finally:
        stopped.set()
        writer.join(60)
    assert done.batches == 12 and done.deleted["sessions"] == 60
    assert not failures
    assert store.count("sessions") == 1 and store.count("exchanges") == len(written)


def test_purge_command(capsys, monkeypatch, store, store_url):
    agent_id = store.add_agent("ana", "hash")
    old_conversation(store, "old", agent_id)
    store.summarise_sessions()
    store.record_exchange(recent_exchange("new", 1), new_session=True)

    assert cli.main(["purge", "--database", store_url]) == 2
    assert "--older-than DAYS, or set BOT_RETENTION_DAYS" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        cli.main(["purge", "--older-than", "0", "--database", store_url])
    assert refused.value.code == 2
    assert "at least 1 day" in capsys.readouterr().err
    monkeypatch.setenv("BOT_RETENTION_DAYS", '"soon"')
    assert cli.main(["purge", "--database", store_url]) == 2
    assert "RETENTION_DAYS must be a whole number" in capsys.readouterr().err

    monkeypatch.setenv("BOT_RETENTION_DAYS", "30")
    assert cli.main(["purge", "--database", store_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("deleted 1 conversation(s) idle since before ") and "1 exchange(s), 1 feedback" in out
    assert store.count("sessions") == 1 and store.count("exchanges") == 1


def test_serve_with_a_retention_purges_by_itself(tmp_path):
    database = tmp_path / "store.sqlite"
    store = open_store(str(database)).init()
    agent_id = store.add_agent("ana", "hash")
    old_conversation(store, "old", agent_id)
    old_conversation(store, "older", agent_id, created=LATER)
    store.summarise_sessions()
    proc, base, _ = start(tmp_path, env={"BOT_RETENTION_DAYS": "30"})
    try:
        assert call(base, "/api/v1/chat", {"message": "how do I close my account"})[0] == 200
        deadline = time.monotonic() + 40
        while store.count("sessions") != 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert store.count("sessions") == 1 and store.count("exchanges") == 1
    finally:
        stop(proc)
        store.close()
