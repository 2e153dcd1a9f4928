"""The JSON API: chat, sessions, feedback, hand-off, browsing and health, through Flask's test client."""

import pytest

from bot.service import create_app


def chat(client, message, session_id=None):
    body = {"message": message} if session_id is None else {"message": message, "session_id": session_id}
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.json
    return response.json


def test_chat_returns_the_reply_with_ids(client):
    reply = chat(client, "how long does it take to close my binance account")
    for field in ("answer", "fallback", "confidence", "entry", "sources", "conflicts", "suggestions", "notice"):
        assert field in reply
    assert reply["entry"]["id"] == "closure-duration"
    assert reply["conflicts"] and {c["source"] for c in reply["conflicts"][0]["claims"]} == {"kdj", "guide"}
    assert "not from Binance" in reply["notice"]
    assert reply["reply_id"] != reply["session_id"]


def test_without_session_id_each_message_starts_a_new_session(client):
    assert (
        chat(client, "can I close from the app")["session_id"] != chat(client, "what happens to my nfts")["session_id"]
    )


def test_follow_up_in_a_session_uses_the_previous_entry(client, assistant):
    first = chat(client, "How long is my personal data kept once the account is closed?")
    follow = chat(client, "why so long?", first["session_id"])
    assert follow["session_id"] == first["session_id"]
    expected = assistant.ask("why so long?", after=first["entry"]["id"])
    assert follow["entry"] == expected.entry and follow["entry"] is not None
    alone = chat(client, "why so long?")
    assert alone["entry"] != follow["entry"]


def test_follow_up_after_a_decline_keeps_the_last_answered_entry(client, store):
    first = chat(client, "How long is my personal data kept once the account is closed?")
    declined = chat(client, "what's the weather in Paris", first["session_id"])
    assert declined["fallback"] is True
    assert store.last_entry(first["session_id"]) == first["entry"]["id"]


def test_every_exchange_is_recorded(client, store):
    reply = chat(client, "what happens to my nfts when I close")
    chat(client, "recipe for pancakes", reply["session_id"])
    exchanges = store.exchanges(reply["session_id"])
    assert [e.reply_id for e in exchanges][0] == reply["reply_id"]
    first, second = exchanges
    assert first.entry_id == reply["entry"]["id"] and first.fallback is False and first.latency_ms > 0
    assert first.confidence == reply["confidence"] and first.message == "what happens to my nfts when I close"
    assert second.fallback is True and second.entry_id is None


def test_conflicts_shown_are_recorded_by_id(client, store):
    reply = chat(client, "how long does closure take")
    [exchange] = store.exchanges(reply["session_id"])
    assert exchange.conflicts == [c["id"] for c in reply["conflicts"]] and exchange.conflicts


def test_unknown_session_is_404(client, store):
    response = client.post("/api/v1/chat", json={"message": "hi", "session_id": "A" * 22})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_session"
    assert store.count("exchanges") == 0


def test_feedback_is_recorded(client, store):
    reply = chat(client, "can i close from the app")
    response = client.post(
        "/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False, "comment": "too vague"}
    )
    assert response.status_code == 201
    assert response.json["reply_id"] == reply["reply_id"] and response.json["helpful"] is False
    assert store.count("feedback") == 1


def test_feedback_on_unknown_reply_is_404(client):
    response = client.post("/api/v1/feedback", json={"reply_id": "B" * 22, "helpful": True})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_reply"


def test_handoff_opens_a_ticket_with_the_conversation(client, store):
    reply = chat(client, "my account is stuck in closing")
    chat(client, "and what about my nfts", reply["session_id"])
    response = client.post(
        "/api/v1/handoff",
        json={"session_id": reply["session_id"], "message": "please help", "contact": "me@example.com"},
    )
    assert response.status_code == 201
    ticket = response.json
    assert ticket["status"] == "open" and ticket["exchanges"] == 2
    assert ticket["mode"] == "person" and ticket["usual_wait_minutes"] is None  # no hand-off answered yet
    assert "person" in ticket["next"] and "contact" in ticket["next"]
    saved = store.handoff(ticket["handoff_id"])
    assert saved.session_id == reply["session_id"] and saved.contact == "me@example.com"


def test_handoff_speaks_the_conversation_language(client):
    reply = chat(client, "注销账户要多久")
    ticket = client.post("/api/v1/handoff", json={"session_id": reply["session_id"]}).json
    assert ticket["lang"] == "zh" and "客服" in ticket["next"]


def test_handoff_for_unknown_session_is_404(client):
    response = client.post("/api/v1/handoff", json={"session_id": "C" * 22})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_session"


def test_entries_list_and_detail(client, kb):
    listing = client.get("/api/v1/entries").json
    assert listing["count"] == len(kb.entries) == len(listing["entries"])
    assert {s["id"] for s in listing["sources"]} == set(kb.sources)
    detail = client.get("/api/v1/entries/closure-duration").json
    assert detail["answer"] and detail["claims"] and detail["sources"]
    assert detail["conflict_details"][0]["id"] == "closure-timing"
    assert {c["conflict"] for c in detail["claims"]} >= {"closure-timing"}  # the claims that are a side of it
    by_topic = client.get("/api/v1/entries?topic=duration").json
    assert by_topic["count"] >= 1 and all(e["topic"] == "duration" for e in by_topic["entries"])


def test_unknown_entry_is_404(client):
    response = client.get("/api/v1/entries/no-such-entry")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_entry"


def test_conflicts_show_both_claims(client, kb):
    data = client.get("/api/v1/conflicts").json
    assert data["count"] == len(kb.conflicts)
    for conflict in data["conflicts"]:
        assert len({c["source"] for c in conflict["claims"]}) == 2
        assert conflict["entries"]


def test_health_reports_knowledge_and_store(client, kb):
    health = client.get("/api/v1/health").json
    assert health == {
        "status": "ok",
        "knowledge": {"entries": len(kb.entries), "conflicts": len(kb.conflicts), "sources": len(kb.sources)},
        "store": "ok",
        "unrecorded": 0,
        "limits": "off",  # the test app turns limits off
        "problems": [],
    }


def test_store_down_chat_still_answers_and_health_is_degraded(engine, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    app = create_app(
        {"TESTING": True, "DATABASE": str(blocker / "store.sqlite"), "RATELIMIT_ENABLED": False},
        engine=engine,
        instance_path=str(tmp_path),
    )
    client = app.test_client()
    reply = chat(client, "how do I close my account")
    assert reply["entry"] is not None
    health = client.get("/api/v1/health").json
    assert health["status"] == "degraded" and health["store"] == "unreachable" and health["unrecorded"] == 1
    assert health["problems"][0].startswith("store: ")
    response = client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": True})
    assert response.status_code == 503 and response.json["error"]["code"] == "store_unavailable"


def test_config_from_prefixed_environment(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_DATABASE", str(tmp_path / "from-env.sqlite"))
    monkeypatch.setenv("BOT_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("BOT_CHAT_RATE_LIMIT", "1 per minute")
    app = create_app(engine=engine, instance_path=str(tmp_path))
    assert app.config["RATELIMIT_ENABLED"] is False
    client = app.test_client()
    chat(client, "how do I close my account")
    chat(client, "how do I close my account")
    assert (tmp_path / "from-env.sqlite").exists()


def test_relative_database_lives_in_the_instance_folder(engine, tmp_path):
    app = create_app(
        {"DATABASE": "here.sqlite", "RATELIMIT_ENABLED": False}, engine=engine, instance_path=str(tmp_path)
    )
    assert (tmp_path / "here.sqlite").exists()
    from bot.service.config import database_url

    assert database_url(app.config, app.instance_path) == str(tmp_path / "here.sqlite")


@pytest.mark.parametrize("message", ["<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0000 odd"])
def test_hostile_messages_are_answered_and_stored_verbatim(client, store, message):
    reply = chat(client, message)
    assert reply["fallback"] is True
    assert store.exchanges(reply["session_id"])[0].message == message.strip()
