"""Poison input and cross-site abuse: each of these once made the service answer 500 or accept what it should not."""

import json

import pytest
from test_errors import assert_error
from test_triage import chat, form

from bot.support import agents

PASSWORD = "correct horse battery"
JSON = "application/json"


@pytest.fixture
def token(store):
    agents.add_agent(store, "alice", PASSWORD)
    return agents.new_token(store, "alice")


@pytest.fixture
def agent_client(client, token):
    from test_triage import sign_in

    assert sign_in(client).status_code == 302
    return client


# ---- a message with no words in it ------------------------------------------------------------------


@pytest.mark.parametrize("messages", [["???"], ["😀"], ["???", "😀", "how do I pay my rent with a card", "!!!"]])
def test_messages_without_words_leave_the_gaps_working(agent_client, token, messages):
    for message in messages:
        assert agent_client.post("/api/v1/chat", json={"message": message}).status_code == 200
    api = agent_client.get("/api/v1/triage/gaps", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200, api.get_data(as_text=True)
    grouped = [q for group in api.json["groups"] for q in group["examples"]]
    assert sorted(grouped) == sorted(messages)  # each weak question is in exactly one group
    assert agent_client.get("/triage/gaps").status_code == 200
    for group in api.json["groups"]:
        assert agent_client.get(f"/triage/gaps/{group['key']}.yaml").status_code == 200


# ---- text that is not text ----------------------------------------------------------------------------

LONE = ["\\ud800", "a\\udfff b", "\\udbff"]


@pytest.mark.parametrize("escape", LONE)
def test_a_lone_surrogate_in_the_message_is_a_clear_400_and_nothing_is_kept(client, store, escape):
    body = f'{{"message": "how long {escape}"}}'.encode()
    response = client.post("/api/v1/chat", data=body, content_type=JSON)
    assert_error(response, 400, "invalid_field")
    assert "'message'" in response.json["error"]["message"]
    assert store.count("exchanges") == 0


def test_a_surrogate_pair_is_an_ordinary_character(client, store):
    response = client.post("/api/v1/chat", data=b'{"message": "close it \\ud83d\\ude00"}', content_type=JSON)
    assert response.status_code == 200 and store.count("exchanges") == 1


def test_a_lone_surrogate_in_any_text_field_is_refused(client, token):
    reply = chat(client, "how long does closing take")
    auth = {"Authorization": f"Bearer {token}"}
    cases = [
        ("/api/v1/feedback", f'{{"reply_id": "{reply["reply_id"]}", "helpful": false, "comment": "\\ud800"}}', {}),
        ("/api/v1/handoff", f'{{"session_id": "{reply["session_id"]}", "message": "\\ud800"}}', {}),
        ("/api/v1/handoff", f'{{"session_id": "{reply["session_id"]}", "contact": "x\\udc00"}}', {}),
        (f"/api/v1/triage/items/{reply['session_id']}/notes", '{"text": "\\ud800"}', auth),
        (f"/api/v1/triage/items/{reply['session_id']}", '{"labels": ["ok", "\\ud800"]}', auth),
        ("/api/v1/chat", '{"message": "hi", "\\ud800": 1}', {}),
    ]
    for path, body, headers in cases:
        response = client.post(path, data=body.encode(), content_type=JSON, headers=headers)
        assert_error(response, 400)
        assert response.json["error"]["code"] in {"invalid_field", "invalid_json"}


# ---- shapes a parser chokes on ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"message": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        b'{"message": ' + b'{"a":' * 2500 + b"1" + b"}" * 2500 + b"}",
        b"[" * 15_000,
        b'{"message": "hi", "session_id": ' + b"9" * 5000 + b"}",
        b'{"message": "hi", "n": -' + b"9" * 5000 + b"}",
        b'{"message": NaN}',
        b'{"message": "hi", "x": Infinity}',
    ],
    ids=["deep-list", "deep-object", "unclosed", "huge-int", "huge-negative", "nan", "infinity"],
)
def test_bodies_a_json_parser_chokes_on_are_400(client, store, body):
    assert_error(client.post("/api/v1/chat", data=body, content_type=JSON), 400, "invalid_json")
    assert store.count("exchanges") == 0


class InvalidChunkSize(Exception):
    """As a WSGI server raises it: its own exception type, which the app cannot know."""


class _BrokenStream:
    """What the server hands the app when the chunked framing of a body is malformed: reading it fails."""

    def read(self, *args):
        raise InvalidChunkSize("Invalid chunk size: 'zz'")

    readline = read


@pytest.mark.parametrize("path", ["/api/v1/chat", "/triage/signin"])
def test_a_body_that_cannot_be_read_is_400(client, path):
    environ = {"wsgi.input": _BrokenStream(), "wsgi.input_terminated": True}
    response = client.post(path, content_type=JSON, headers={"Transfer-Encoding": "chunked"}, environ_overrides=environ)
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize(
    "query",
    [
        "to=9999-12-31",
        "from=9999-12-30&to=9999-12-31",
        "to=0001-01-05",
        "from=0001-01-01&to=0001-01-01T00",
        "from=-0001-01-01",
        "to=99999-01-01",
    ],
)
def test_dates_at_the_edges_of_the_calendar_are_400(agent_client, token, query):
    for path in ["/triage/gaps", "/triage/figures", "/triage/export/exchanges.csv", "/triage/export/feedback.csv"]:
        page = agent_client.get(f"{path}?{query}")  # a page, in the pages' style
        assert (
            page.status_code == 400 and page.mimetype == "text/html" and "invalid_date" in page.get_data(as_text=True)
        )
        assert_error(agent_client.get(f"{path}?{query}", headers={"Accept": JSON}), 400, "invalid_date")
    api = agent_client.get(f"/api/v1/triage/gaps?{query}", headers={"Authorization": f"Bearer {token}"})
    assert_error(api, 400, "invalid_date")


def test_the_first_and_last_days_that_fit_are_answered(agent_client):
    assert agent_client.get("/triage/figures?from=0001-01-01&to=0001-01-01").status_code == 200
    assert agent_client.get("/triage/gaps?from=9999-12-30&to=9999-12-30").status_code == 200


@pytest.mark.parametrize(
    "after",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999-00:01", "0001-01-01T00:00"],
)
def test_after_at_the_edges_of_the_calendar(client, after):
    reply = chat(client, "how long does closing take")
    response = client.get(f"/api/v1/sessions/{reply['session_id']}/messages", query_string={"after": after})
    if after == "0001-01-01T00:00":  # UTC holds it: every message is later
        assert response.status_code == 200 and len(response.json["messages"]) == 2
    else:
        assert_error(response, 400, "invalid_field")


# ---- cross-site requests and caches ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_not_declared_as_json_is_refused(client, store, content_type):
    body = json.dumps({"message": "how do I close my account"}).encode()
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/v1/chat", data=body, headers=headers)
    assert response.request.headers.get("Content-Type") == content_type
    assert_error(response, 415, "unsupported_media_type")
    assert store.count("exchanges") == 0


def test_json_with_a_charset_is_json(client):
    response = client.post(
        "/api/v1/chat", data=b'{"message": "how do I close my account"}', content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 200


def test_support_pages_and_exports_are_never_cached(agent_client):
    reply = chat(agent_client, "how long does closing take")
    pages = [
        "/triage/",
        f"/triage/items/{reply['session_id']}",
        "/triage/gaps",
        "/triage/figures",
        "/triage/export/exchanges.csv",
        "/triage/export/feedback.csv",
        "/triage/signin",
    ]
    for path in pages:
        response = agent_client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    changed = form(agent_client, f"/triage/items/{reply['session_id']}/notes", text="seen")
    assert changed.status_code == 302 and changed.headers["Cache-Control"] == "no-store"
