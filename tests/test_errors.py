"""Bad input anywhere in the app gets a 4xx in the one canonical error shape, and nothing internal leaks."""

import pytest

from bot.service import create_app


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    if code:
        assert body["error"]["code"] == code


JSON = "application/json"
BAD_CHAT = [
    (b"not json", JSON, 400, "invalid_json"),
    (b"", JSON, 400, "invalid_json"),
    (b"\xff\xfe{}", JSON, 400, "invalid_utf8"),
    (b'{"message": "caf\xe9"}', JSON, 400, "invalid_utf8"),
    (b"[1, 2]", JSON, 400, "invalid_json"),
    (b'"just a string"', JSON, 400, "invalid_json"),
    (b"{}", JSON, 400, "missing_field"),
    (b'{"message": null}', JSON, 400, "missing_field"),
    (b'{"message": ""}', JSON, 400, "missing_field"),
    (b'{"message": "   \\n\\t "}', JSON, 400, "missing_field"),
    (b'{"message": 42}', JSON, 400, "invalid_field"),
    (b'{"message": ["a"]}', JSON, 400, "invalid_field"),
    (b'{"message": "hi", "session_id": 7}', JSON, 400, "invalid_field"),
    (b'{"message": "hi", "session_id": "../../etc"}', JSON, 400, "invalid_field"),
    (b'{"message": "hi", "mesage": "typo"}', JSON, 400, "unknown_field"),
    (b"message=hi", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
]


@pytest.mark.parametrize("body, content_type, status, code", BAD_CHAT)
def test_bad_chat_bodies(client, store, body, content_type, status, code):
    assert_error(client.post("/api/v1/chat", data=body, content_type=content_type), status, code)
    assert store.count("exchanges") == 0


def test_message_over_the_documented_length(client, app):
    limit = app.config["MESSAGE_MAX_CHARS"]
    assert client.post("/api/v1/chat", json={"message": "x" * limit}).status_code == 200
    response = client.post("/api/v1/chat", json={"message": "x" * (limit + 1)})
    assert_error(response, 400, "too_long")
    assert str(limit) in response.json["error"]["message"]
    assert_error(client.post("/api/v1/chat", json={"message": "x" * limit + " "}), 400, "too_long")


def test_body_over_the_documented_size(client, app):
    size = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/api/v1/chat", data=b'{"message": "' + b"a" * size + b'"}', content_type=JSON)
    assert_error(response, 413, "body_too_large")
    assert str(size) in response.json["error"]["message"]


@pytest.mark.parametrize(
    "path, body, status, code",
    [
        ("/api/v1/feedback", {"reply_id": "short", "helpful": True}, 400, "invalid_field"),
        ("/api/v1/feedback", {"reply_id": "A" * 22}, 400, "missing_field"),
        ("/api/v1/feedback", {"reply_id": "A" * 22, "helpful": "yes"}, 400, "invalid_field"),
        ("/api/v1/feedback", {"reply_id": "A" * 22, "helpful": 1}, 400, "invalid_field"),
        ("/api/v1/feedback", {"reply_id": "A" * 22, "helpful": True, "comment": 5}, 400, "invalid_field"),
        ("/api/v1/feedback", {"reply_id": "A" * 22, "helpful": True, "comment": "c" * 5000}, 400, "too_long"),
        # The documented limit holds for the text as sent: blank text over it is not taken for an absent comment.
        ("/api/v1/feedback", {"reply_id": "A" * 22, "helpful": True, "comment": " " * 2001}, 400, "too_long"),
        ("/api/v1/feedback", {"helpful": True}, 400, "missing_field"),
        ("/api/v1/handoff", {}, 400, "missing_field"),
        ("/api/v1/handoff", {"session_id": "A" * 22, "contact": ["x"]}, 400, "invalid_field"),
        ("/api/v1/handoff", {"session_id": "A" * 22, "contact": "c" * 500}, 400, "too_long"),
        ("/api/v1/handoff", {"session_id": "A" * 22, "extra": 1}, 400, "unknown_field"),
    ],
)
def test_bad_feedback_and_handoff_bodies(client, path, body, status, code):
    assert_error(client.post(path, json=body), status, code)


def test_unknown_route_and_method(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.get("/no/such/page"), 404, "not_found")
    response = client.get("/api/v1/chat")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_every_route_answers_a_wrong_method_in_the_canonical_shape(app, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule.replace("<entry_id>", "closure-duration")
        method = "DELETE" if "DELETE" not in rule.methods else "PATCH"
        assert_error(client.open(path, method=method), 405, "method_not_allowed")


def test_an_unexpected_failure_reveals_nothing(engine, tmp_path):
    app = create_app(
        {"DATABASE": str(tmp_path / "s.sqlite"), "RATELIMIT_ENABLED": False}, engine=engine, instance_path=str(tmp_path)
    )

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    app.extensions["bot"].assistant = type("Broken", (), {"ask": explode, "kb": engine.kb})()
    response = app.test_client().post("/api/v1/chat", json={"message": "hello"})
    assert_error(response, 500, "internal_error")
    assert "secret" not in response.get_data(as_text=True)
