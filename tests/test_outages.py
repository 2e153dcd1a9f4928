"""PostgreSQL going away while the service runs, and coming back (when TEST_DATABASE_URL is set): chat answers
throughout, /health says what is down, the writes that cannot wait answer 503 in the error shape, and everything
recovers by itself; no credential reaches a log, an answer or an error."""

import logging
import time

import pytest
import servers
from faults import Relay
from sqlalchemy.engine import make_url

from bot.service import create_app

pytestmark = pytest.mark.skipif(not servers.DATABASE, reason="TEST_DATABASE_URL is not set")

SECRET = "not-a-real-password-7c1f"
"""A password in the store's URL (the test server trusts every local connection, so any password works)."""


@pytest.fixture
def relayed_app(engine, tmp_path):
    """The app on a PostgreSQL schema of its own, reached through a relay that a test can cut."""
    with servers.postgresql_schema() as url, Relay.to(url) as relay:
        with_password = make_url(relay.url(url)).set(password=SECRET).render_as_string(hide_password=False)
        config = {
            "TESTING": True,
            "DATABASE": with_password,
            "STORE_TIMEOUT": 1.0,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test-secret",
        }
        app = create_app(config, engine=engine, instance_path=str(tmp_path))
        yield app, relay
        app.extensions["bot"].store.close()


def health_when(client, status: str, seconds: float = 10) -> dict:
    """/health once it says `status` (it is checked at most once a second), or as it is after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        health = client.get("/api/v1/health").get_json()
        if health["status"] == status or time.monotonic() > deadline:
            return health
        time.sleep(0.2)


def test_postgresql_going_away_and_coming_back(relayed_app, caplog):
    app, relay = relayed_app
    client = app.test_client()
    store = app.extensions["bot"].store
    caplog.set_level(logging.DEBUG)
    first = client.post("/api/v1/chat", json={"message": "how long does closing take?"}).get_json()
    assert client.get("/api/v1/health").get_json()["status"] == "ok"

    relay.cut()
    answered = client.post(
        "/api/v1/chat", json={"message": "what happens to my NFTs", "session_id": first["session_id"]}
    )
    assert answered.status_code == 200 and answered.get_json()["answer"]
    health = health_when(client, "degraded")  # health checks the store at most once a second
    assert health["status"] == "degraded" and health["store"] != "ok"
    assert any(p.startswith("store: ") for p in health["problems"])
    assert health["unrecorded"] >= 1
    feedback = client.post("/api/v1/feedback", json={"reply_id": first["reply_id"], "helpful": True})
    handoff = client.post("/api/v1/handoff", json={"session_id": first["session_id"]})
    for refused in (feedback, handoff):
        assert refused.status_code == 503
        assert refused.get_json()["error"]["code"] == "store_unavailable"
        assert SECRET not in refused.get_data(as_text=True)

    relay.restore()
    assert health_when(client, "ok")["store"] == "ok"
    assert client.post("/api/v1/feedback", json={"reply_id": first["reply_id"], "helpful": True}).status_code == 201
    again = client.post("/api/v1/chat", json={"message": "can I undo closing", "session_id": first["session_id"]})
    assert again.status_code == 200
    assert store.reply_exists(again.get_json()["reply_id"])
    assert client.post("/api/v1/handoff", json={"session_id": first["session_id"]}).status_code == 201
    assert store.count("exchanges") == 2  # the one answered during the outage was logged as unrecorded

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "not recorded" in logged and SECRET not in logged
