"""Rate limits, CORS allow-list, security headers and the OpenAPI document kept in step with the routes."""

import re

import pytest

from bot.service import create_app


@pytest.fixture
def limited(engine, tmp_path):
    config = {
        "DATABASE": str(tmp_path / "s.sqlite"),
        "CHAT_RATE_LIMIT": "3 per minute",
        "FEEDBACK_RATE_LIMIT": "2 per minute",
        "HANDOFF_RATE_LIMIT": "1 per minute",
    }
    return create_app(config, engine=engine, instance_path=str(tmp_path)).test_client()


def test_chat_is_rate_limited_per_client_with_retry_after(limited):
    for _ in range(3):
        answered = limited.post("/api/v1/chat", json={"message": "how do I close my account"})
        assert answered.status_code == 200
        assert "Retry-After" not in answered.headers  # only an answer that asks the client to wait carries it
        assert answered.headers["X-RateLimit-Remaining"].isdigit()
    response = limited.post("/api/v1/chat", json={"message": "how do I close my account"})
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    other = limited.post("/api/v1/chat", json={"message": "hi"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
    assert limited.get("/api/v1/health").status_code == 200


def test_behind_a_trusted_proxy_limits_apply_per_forwarded_client(engine, tmp_path):
    config = {"DATABASE": str(tmp_path / "s.sqlite"), "CHAT_RATE_LIMIT": "1 per minute", "TRUSTED_PROXIES": 1}
    client = create_app(config, engine=engine, instance_path=str(tmp_path)).test_client()

    def ask(forwarded_for):
        return client.post(
            "/api/v1/chat", json={"message": "hi"}, headers={"X-Forwarded-For": forwarded_for}
        ).status_code

    assert [ask("203.0.113.1"), ask("203.0.113.2"), ask("203.0.113.1")] == [200, 200, 429]


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(limited):
    statuses = [
        limited.post("/api/v1/chat", json={"message": "hi"}, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429


def test_feedback_and_handoff_are_rate_limited(limited):
    reply = limited.post("/api/v1/chat", json={"message": "how do I close my account"}).json
    feedback = {"reply_id": reply["reply_id"], "helpful": True}
    statuses = [limited.post("/api/v1/feedback", json=feedback).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    handoff = {"session_id": reply["session_id"]}
    statuses = [limited.post("/api/v1/handoff", json=handoff).status_code for _ in range(2)]
    assert statuses == [201, 429]


def test_default_limits_stop_a_flood(app):
    assert re.fullmatch(r"\d+ per minute", app.config["CHAT_RATE_LIMIT"])
    assert int(app.config["CHAT_RATE_LIMIT"].split()[0]) <= 60


def test_cors_only_for_allowed_origins(engine, tmp_path):
    app = create_app(
        {
            "DATABASE": str(tmp_path / "s.sqlite"),
            "RATELIMIT_ENABLED": False,
            "CORS_ORIGINS": ["https://help.example.com"],
        },
        engine=engine,
        instance_path=str(tmp_path),
    )
    client = app.test_client()
    allowed = client.post("/api/v1/chat", json={"message": "hi"}, headers={"Origin": "https://help.example.com"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://help.example.com"
    assert "Origin" in allowed.headers["Vary"]
    other = client.post("/api/v1/chat", json={"message": "hi"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/api/v1/chat",
        headers={
            "Origin": "https://help.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_no_cross_origin_access_by_default(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://help.example.com"})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("method, path", [("GET", "/api/v1/health"), ("GET", "/api/v1/nope"), ("POST", "/api/v1/chat")])
def test_security_headers_on_every_response(client, method, path):
    response = client.open(path, method=method, json={"message": "hi"} if method == "POST" else None)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def _routes(app):
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        found |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_openapi_document_matches_the_routes(app, client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert documented == _routes(app)


def test_openapi_references_resolve_and_limits_match_config(app, client):
    doc = client.get("/api/v1/openapi.json").json
    text = str(doc)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in doc["components"]["schemas"], name
    chat = doc["components"]["schemas"]["ChatRequest"]["properties"]["message"]
    assert chat["maxLength"] == app.config["MESSAGE_MAX_CHARS"]
    for ops in doc["paths"].values():
        for op in ops.values():
            for status, response in op["responses"].items():
                if status.startswith("4"):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorBody"
                    }
