"""The service on each store backend (SQLite always, PostgreSQL when TEST_DATABASE_URL is set): a conversation,
its feedback and hand-off, and the support team's queue and transcript, end to end through the API."""

from bot.support import agents


def test_a_conversation_reaches_the_support_queue(backend_app):
    client = backend_app.test_client()
    store = backend_app.extensions["bot"].store
    first = client.post("/api/v1/chat", json={"message": "how long does closing take?"}).get_json()
    sid = first["session_id"]
    declined = client.post("/api/v1/chat", json={"message": "best pizza in town?", "session_id": sid}).get_json()
    assert declined["fallback"] is True
    assert client.post("/api/v1/feedback", json={"reply_id": first["reply_id"], "helpful": False}).status_code == 201
    assert client.post("/api/v1/handoff", json={"session_id": sid, "message": "a person"}).status_code == 201
    assert store.count("exchanges") == 2 and store.count("feedback") == 1 and store.count("handoffs") == 1
    assert client.get("/api/v1/health").get_json()["status"] == "ok"

    agents.add_agent(store, "ana", "a long password")
    token = agents.new_token(store, "ana")
    auth = {"Authorization": f"Bearer {token}"}
    queue = client.get("/api/v1/triage/queue", headers=auth).get_json()
    assert [i["session_id"] for i in queue["items"]] == [sid]
    assert {"handoff", "declined", "not_helpful"} <= set(queue["items"][0]["reasons"])
    item = client.get(f"/api/v1/triage/items/{sid}", headers=auth).get_json()
    assert [m["role"] for m in item["transcript"]] == ["user", "bot", "user", "bot"]
    reply = client.post(f"/api/v1/triage/items/{sid}/reply", json={"text": "Hello"}, headers=auth)
    assert reply.status_code == 201
    assert client.get(f"/api/v1/triage/items/{sid}", headers=auth).get_json()["status"] == "pending"


def test_serve_refuses_an_unreachable_postgresql_server_in_one_line(monkeypatch, capsys):
    from bot import cli

    monkeypatch.setenv("BOT_DATABASE", "postgresql://bot:hunter2@127.0.0.1:1/bot")
    assert cli.main(["serve", "--port", "8972"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: cannot open PostgreSQL at 127.0.0.1:1/bot")
    assert "hunter2" not in err
