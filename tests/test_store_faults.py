"""The store's faults as the service meets them: a read-only file, another process holding the write lock.

Health tells the truth (a write check, not a read), nothing answered goes uncounted, and the store works again by
itself once the fault clears.
"""

from __future__ import annotations

import sqlite3

import pytest
import servers
from faults import read_only, write_lock
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.conversations.ids import issued, new_session_id
from bot.service import create_app
from bot.store import open_store


def chat(client, message, session_id=None):
    body = {"message": message} if session_id is None else {"message": message, "session_id": session_id}
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def faulty_app(engine, tmp_path):
    """An app whose store waits at most 0.3 s, its connections closed so that the next use opens new ones."""
    config = {
        "TESTING": True,
        "DATABASE": str(tmp_path / "db" / "store.sqlite"),
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "STORE_TIMEOUT": 0.3,
    }
    app = create_app(config, engine=engine, instance_path=str(tmp_path))
    app.extensions["bot"].store.close()
    # Another connection keeps the journal files in place, as a busy service's other workers would.
    keeper = sqlite3.connect(config["DATABASE"])
    keeper.execute("SELECT count(*) FROM sessions").fetchall()
    yield app
    app.extensions["bot"].store.close()
    keeper.close()


def fresh(app):
    """The app's conversations with the health check's result forgotten (it is kept for a second)."""
    conversations = app.extensions["bot"]
    conversations._check = (float("-inf"), conversations._check[1])
    return conversations


def test_the_write_check_sees_a_read_only_file_and_a_held_lock(tmp_path):
    path = tmp_path / "db" / "store.sqlite"
    store = open_store(str(path), timeout=0.3).init()
    assert store.check().state == "ok"
    with read_only(path):
        found = store.check()
        assert found.state == "read_only" and "readonly" in found.reason
        assert store.ping()  # a read still works: the old health check said ok here
    with write_lock(path):
        assert store.check().state == "locked"
    assert store.check().state == "ok"
    store.close()


def test_the_write_check_leaves_nothing_behind(store_url):
    store = open_store(store_url, timeout=1).init()
    assert [store.check().state for _ in range(3)] == ["ok"] * 3
    assert store.count("sessions") == 0
    store.close()


@pytest.mark.skipif(not servers.DATABASE, reason="TEST_DATABASE_URL is not set")
def test_a_table_locked_on_postgresql_is_said_so():
    with servers.postgresql_schema() as url:
        store = open_store(url, timeout=0.5).init()
        holder = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
        with holder.connect() as conn, conn.begin():
            conn.execute(text("LOCK TABLE sessions IN EXCLUSIVE MODE"))
            found = store.check()
        assert found.state == "locked" and "lock timeout" in found.reason, found
        assert store.check().state == "ok"
        store.close()
        holder.dispose()


def test_an_unreachable_store_is_said_so(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    assert open_store(str(blocker / "store.sqlite"), timeout=0.3).check().state == "unreachable"


def test_read_only_store_degrades_health_counts_what_is_lost_and_recovers_by_itself(faulty_app):
    client = faulty_app.test_client()
    store = faulty_app.extensions["bot"].store
    path = store.path
    with read_only(path):
        reply = chat(client, "how do I close my account")
        assert reply["entry"] is not None
        health = fresh(faulty_app).health()
        assert health["status"] == "degraded" and health["store"] == "read_only" and health["unrecorded"] == 1
        assert "read-only" in health["problems"][0]
        response = client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": True})
        assert response.status_code == 404  # the reply was never recorded
        response = client.post("/api/v1/handoff", json={"session_id": reply["session_id"]})
        assert response.status_code == 404 and response.json["error"]["code"] == "unknown_session"
    # Writable again: no restart, no signal. The conversation begun during the outage goes on.
    later = chat(client, "can I undo it", reply["session_id"])
    assert later["session_id"] == reply["session_id"]
    assert store.exchange_count(reply["session_id"]) == 1
    health = fresh(faulty_app).health()
    assert health["status"] == "ok" and health["store"] == "ok" and health["unrecorded"] == 1
    response = client.post("/api/v1/feedback", json={"reply_id": later["reply_id"], "helpful": True})
    assert response.status_code == 201


def test_a_held_write_lock_answers_chat_unrecorded_and_feedback_and_handoff_503(faulty_app):
    client = faulty_app.test_client()
    reply = chat(client, "how do I close my account")
    with write_lock(faulty_app.extensions["bot"].store.path):
        during = chat(client, "what happens to my NFTs", reply["session_id"])
        assert during["entry"] is not None
        for path, body in (
            ("/api/v1/feedback", {"reply_id": reply["reply_id"], "helpful": False}),
            ("/api/v1/handoff", {"session_id": reply["session_id"]}),
        ):
            response = client.post(path, json=body)
            assert response.status_code == 503, response.json
            assert response.json == {
                "error": {"code": "store_unavailable", "message": response.json["error"]["message"]}
            }
            assert response.headers["Retry-After"]
        health = fresh(faulty_app).health()
        assert health["store"] == "locked" and health["unrecorded"] == 1
    assert fresh(faulty_app).health()["status"] == "ok"
    assert faulty_app.extensions["bot"].store.exchange_count(reply["session_id"]) == 1


def test_a_store_that_could_not_be_made_at_the_start_is_made_once_it_can_be(engine, tmp_path):
    blocker = tmp_path / "not-yet-a-folder"
    blocker.write_text("a file where the store's folder should be")
    config = {"TESTING": True, "DATABASE": str(blocker / "store.sqlite"), "RATELIMIT_ENABLED": False}
    app = create_app(config, engine=engine, instance_path=str(tmp_path))
    client = app.test_client()
    lost = chat(client, "how do I close my account")
    assert fresh(app).health()["store"] == "unreachable"
    blocker.unlink()
    blocker.mkdir()
    # The folder exists now, the file and its tables do not: the first write makes them.
    kept = chat(client, "can I undo it", lost["session_id"])
    store = app.extensions["bot"].store
    assert store.exchange_count(lost["session_id"]) == 1 and store.reply_exists(kept["reply_id"])
    assert fresh(app).health()["status"] == "ok"
    store.close()


def test_a_session_id_not_handed_out_here_is_still_unknown(client):
    forged = new_session_id(b"another secret")
    assert issued(b"another secret", forged) and not issued(b"test-secret", forged)
    response = client.post("/api/v1/chat", json={"message": "hello", "session_id": forged})
    assert response.status_code == 404 and response.json["error"]["code"] == "unknown_session"
    response = client.post("/api/v1/chat", json={"message": "hello", "session_id": "A" * 34})
    assert response.status_code == 404
