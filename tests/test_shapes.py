"""Every answer of the API has exactly the shape its OpenAPI document (generated from the code's shapes) gives."""

import jsonschema
import pytest

from bot.support import agents

PASSWORD = "a long enough password"


def _closed(schema):
    """The schema with every object closed to properties it does not name, so that an undocumented key fails."""
    if isinstance(schema, dict):
        out = {k: _closed(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(schema, list):
        return [_closed(v) for v in schema]
    return schema


@pytest.fixture
def check(client):
    doc = client.get("/api/v1/openapi.json").json
    components = _closed(doc["components"])

    def check(response, path, method="get"):
        status = str(response.status_code)
        schema = doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        jsonschema.validate(response.json, {**schema, "components": components}, cls=jsonschema.Draft202012Validator)
        return response.json

    return check


def test_public_answers_match_their_documented_shapes(client, check):
    reply = check(client.post("/api/v1/chat", json={"message": "how long does closing take?"}), "/api/v1/chat", "post")
    assert reply["conflicts"]  # the shape of a conflict is checked too
    check(
        client.post("/api/v1/chat", json={"message": "recipe for pancakes", "session_id": reply["session_id"]}),
        "/api/v1/chat",
        "post",
    )
    check(
        client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False, "comment": "hm"}),
        "/api/v1/feedback",
        "post",
    )
    check(
        client.post("/api/v1/handoff", json={"session_id": reply["session_id"], "contact": "me@example.com"}),
        "/api/v1/handoff",
        "post",
    )
    messages = "/api/v1/sessions/{session_id}/messages"
    assert check(client.get(f"/api/v1/sessions/{reply['session_id']}/messages"), messages)["mode"] == "person"
    to_person = {"message": "it still says Closing", "session_id": reply["session_id"]}
    assert check(client.post("/api/v1/chat", json=to_person), "/api/v1/chat", "post")["mode"] == "person"
    back = {"session_id": reply["session_id"]}
    check(client.post("/api/v1/handoff/return", json=back), "/api/v1/handoff/return", "post")
    state = check(client.get(f"/api/v1/sessions/{reply['session_id']}/messages"), messages)
    assert state["mode"] == "bot" and state["handoff"]["status"] == "returned"
    check(client.get("/api/v1/entries"), "/api/v1/entries")
    check(client.get("/api/v1/entries/closure-duration"), "/api/v1/entries/{entry_id}")
    check(client.get("/api/v1/conflicts"), "/api/v1/conflicts")
    check(client.get("/api/v1/health"), "/api/v1/health")
    check(client.post("/api/v1/chat", json={"message": ""}), "/api/v1/chat", "post")


def test_support_answers_match_their_documented_shapes(client, store, check):
    agents.add_agent(store, "alice", PASSWORD)
    auth = {"Authorization": f"Bearer {agents.new_token(store, 'alice')}"}
    reply = client.post("/api/v1/chat", json={"message": "what's the weather in Lisbon"}).json
    session = reply["session_id"]
    client.post("/api/v1/handoff", json={"session_id": session, "message": "please"})
    check(client.get("/api/v1/triage/queue", headers=auth), "/api/v1/triage/queue")
    item = f"/api/v1/triage/items/{session}"
    check(
        client.post(item, json={"status": "pending", "labels": ["weather"]}, headers=auth),
        "/api/v1/triage/items/{session_id}",
        "post",
    )
    check(
        client.post(item + "/notes", json={"text": "off topic"}, headers=auth),
        "/api/v1/triage/items/{session_id}/notes",
        "post",
    )
    check(
        client.post(item + "/reply", json={"text": "we only know about closing"}, headers=auth),
        "/api/v1/triage/items/{session_id}/reply",
        "post",
    )
    check(client.get(item, headers=auth), "/api/v1/triage/items/{session_id}")
    check(client.post(item + "/handback", headers=auth), "/api/v1/triage/items/{session_id}/handback", "post")
    gaps = check(client.get("/api/v1/triage/gaps", headers=auth), "/api/v1/triage/gaps")
    assert gaps["groups"]
    key = gaps["groups"][0]["key"]
    draft = check(client.get(f"/api/v1/triage/gaps/{key}/draft", headers=auth), "/api/v1/triage/gaps/{key}/draft")
    assert draft["group"]["key"] == key and draft["questions"][0] == draft["group"]["examples"][0]
    dismissal = check(
        client.post(f"/api/v1/triage/gaps/{key}/dismiss", headers=auth), "/api/v1/triage/gaps/{key}/dismiss", "post"
    )
    assert check(client.get("/api/v1/triage/gaps", headers=auth), "/api/v1/triage/gaps")["dismissed"]
    check(
        client.post(f"/api/v1/triage/gaps/dismissals/{dismissal['id']}/undo", headers=auth),
        "/api/v1/triage/gaps/dismissals/{dismissal_id}/undo",
        "post",
    )
