"""The support team's pages and token API: sign-in, the queue, items, replies to the user, gaps, figures, exports."""

import csv
import io
import re

import pytest
import yaml

from bot.service import create_app
from bot.support import agents

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert('x')</script> =HYPERLINK(\"http://evil\")"


@pytest.fixture
def alice(store):
    return agents.add_agent(store, "alice", PASSWORD)


def csrf(client):
    client.get("/triage/signin")
    with client.session_transaction("/triage/") as session:
        return session["csrf"]


def sign_in(client, name="alice", password=PASSWORD, token=None):
    token = csrf(client) if token is None else token
    return client.post("/triage/signin", data={"name": name, "password": password, "csrf_token": token})


@pytest.fixture
def agent_client(client, alice):
    assert sign_in(client).status_code == 302
    return client


@pytest.fixture
def token(store, alice):
    return agents.new_token(store, "alice")


def chat(client, message, session_id=None):
    body = {"message": message} if session_id is None else {"message": message, "session_id": session_id}
    return client.post("/api/v1/chat", json=body).json


def handoff_session(client, message="how long does closing take"):
    reply = chat(client, message)
    client.post("/api/v1/handoff", json={"session_id": reply["session_id"], "message": "please help"})
    return reply["session_id"]


def form(client, path, **data):
    with client.session_transaction("/triage/") as session:
        data["csrf_token"] = session["csrf"]
    return client.post(path, data=data)


PAGES = ["/triage/", "/triage/gaps", "/triage/figures", "/triage/export/exchanges.csv", "/triage/export/feedback.csv"]


# ---- signing in -------------------------------------------------------------------------------------
def test_sign_in_sets_a_protected_session_cookie(client, alice):
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/triage/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/triage/").status_code == 200


@pytest.mark.parametrize("name, password", [("alice", "wrong password!"), ("nobody", PASSWORD)])
def test_sign_in_refuses_wrong_password_and_unknown_agent(client, alice, name, password):
    response = sign_in(client, name, password)
    assert response.status_code == 401 and b"Wrong name or password" in response.data
    assert client.get("/triage/").status_code == 302


def test_sign_in_without_csrf_token_is_refused(client, alice):
    response = client.post("/triage/signin", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "The form has expired" in response.get_data(as_text=True)
    assert sign_in(client, token="forged").status_code == 400


def test_sign_in_is_rate_limited(engine, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "s.sqlite"),
            "SECRET_KEY": "k",
            "SIGNIN_RATE_LIMIT": "3 per minute",
        },
        engine=engine,
    )
    agents.add_agent(app.extensions["bot"].store, "alice", PASSWORD)
    client = app.test_client()
    codes = [sign_in(client, password="wrong password!").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert sign_in(client).status_code == 429


def test_next_only_leads_to_triage_pages(client, alice):
    token = csrf(client)
    data = {"name": "alice", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/triage"}
    assert client.post("/triage/signin", data=data).headers["Location"].endswith("/triage/")


def test_sign_out_needs_csrf_and_ends_the_session(agent_client):
    assert agent_client.post("/triage/signout").status_code == 400
    assert form(agent_client, "/triage/signout").status_code == 302
    assert agent_client.get("/triage/").status_code == 302


def _cookie(client):
    return client.get_cookie("session").value


def _browser(app, cookie):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_a_cookie_copied_before_sign_out_signs_nobody_in_after_it(app, agent_client):
    copied = _cookie(agent_client)
    assert _browser(app, copied).get("/triage/").status_code == 200  # the copy works while the session lasts
    assert form(agent_client, "/triage/signout").status_code == 302
    assert _browser(app, copied).get("/triage/").status_code == 302
    assert _browser(app, copied).get("/triage/export/exchanges.csv").status_code == 302


def test_signing_out_ends_the_agents_sessions_in_every_browser(app, agent_client):
    laptop = app.test_client()
    assert sign_in(laptop).status_code == 302
    form(agent_client, "/triage/signout")
    assert laptop.get("/triage/").status_code == 302
    assert sign_in(laptop).status_code == 302 and laptop.get("/triage/").status_code == 200  # signing in again works


def test_a_removed_agent_is_signed_out_and_loses_its_tokens_but_keeps_its_history(app, agent_client, store, token):
    session_id = handoff_session(agent_client)
    form(agent_client, f"/triage/items/{session_id}/notes", text="called back")
    assert agents.remove(store, "alice") == 1
    assert agent_client.get("/triage/").status_code == 302
    assert agent_client.get("/api/v1/triage/queue", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert sign_in(app.test_client()).status_code == 401
    with pytest.raises(agents.AgentError, match="removed"):
        agents.add_agent(store, "alice", PASSWORD)
    assert [n.agent for n in store.notes(session_id)] == ["alice"]
    agents.add_agent(store, "bob", PASSWORD)
    assert [a.name for a in agents.team(store)] == ["bob"]
    bob = app.test_client()
    sign_in(bob, "bob")
    page = bob.get(f"/triage/items/{session_id}").get_data(as_text=True)
    assert 'value="alice"' not in page and "called back" in page
    assert form(bob, f"/triage/items/{session_id}", assignee="alice").status_code == 302
    assert store.triage_record(session_id).assignee is None


def test_a_session_from_before_session_versions_signs_nobody_in(app, client, alice):
    with client.session_transaction("/triage/") as session:
        session["agent_id"] = alice.id  # as a cookie signed before sessions carried a version
    assert client.get("/triage/").status_code == 302


def test_secret_key_is_generated_once_in_the_instance_folder(tmp_path):
    from flask import Flask

    from bot.service.auth import secret_key

    workers = [Flask("bot.service", instance_path=str(tmp_path / "instance")) for _ in range(2)]
    keys = [secret_key(app) for app in workers]
    assert keys[0] == keys[1] == (tmp_path / "instance" / "secret_key").read_text() and len(keys[0]) >= 32
    configured = Flask("bot.service", instance_path=str(tmp_path / "other"))
    configured.config["SECRET_KEY"] = "from-config"
    assert secret_key(configured) == "from-config" and not (tmp_path / "other").exists()


# ---- rights -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES + ["/triage/items/AAAAAAAAAAAA", "/triage/gaps/abc.yaml"])
def test_every_page_redirects_to_sign_in_without_a_session(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/triage/signin" in response.headers["Location"]


@pytest.mark.parametrize(
    "path", ["/triage/items/AAAAAAAAAAAA", "/triage/items/AAAAAAAAAAAA/notes", "/triage/items/AAAAAAAAAAAA/reply"]
)
def test_every_form_redirects_without_a_session(client, path):
    token = csrf(client)
    response = client.post(path, data={"csrf_token": token, "text": "x", "status": "resolved"})
    assert response.status_code == 302 and "/triage/signin" in response.headers["Location"]


API = [
    ("GET", "/api/v1/triage/queue"),
    ("GET", "/api/v1/triage/items/AAAAAAAAAAAA"),
    ("POST", "/api/v1/triage/items/AAAAAAAAAAAA"),
    ("POST", "/api/v1/triage/items/AAAAAAAAAAAA/notes"),
    ("POST", "/api/v1/triage/items/AAAAAAAAAAAA/reply"),
    ("GET", "/api/v1/triage/gaps"),
]


@pytest.mark.parametrize("method, path", API)
@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic YWxpY2U6eA=="])
def test_every_api_endpoint_is_401_without_a_valid_token(client, alice, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = client.open(path, method=method, json={"text": "x"}, headers=headers)
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("method, path", API)
def test_a_signed_in_browser_session_does_not_open_the_api(agent_client, method, path):
    assert agent_client.open(path, method=method, json={"text": "x"}).status_code == 401


def test_api_with_token(client, token):
    session_id = handoff_session(client)
    auth = {"Authorization": f"Bearer {token}"}
    queue = client.get("/api/v1/triage/queue", headers=auth).json
    assert queue["count"] == 1 and queue["items"][0]["session_id"] == session_id
    assert "handoff" in queue["items"][0]["reasons"]
    changed = client.post(
        f"/api/v1/triage/items/{session_id}", json={"status": "resolved", "labels": ["vip"]}, headers=auth
    )
    assert changed.json == {"status": "resolved", "assignee": None, "labels": ["vip"]}
    assert (
        client.post(f"/api/v1/triage/items/{session_id}/notes", json={"text": "called back"}, headers=auth).status_code
        == 201
    )
    item = client.get(f"/api/v1/triage/items/{session_id}", headers=auth).json
    assert [e["kind"] for e in item["events"]] == ["status", "labels", "note"]
    assert all(e["agent"] == "alice" for e in item["events"])
    assert client.get("/api/v1/triage/queue?status=open", headers=auth).json["count"] == 0
    bad = client.post(f"/api/v1/triage/items/{session_id}", json={"status": "closed"}, headers=auth)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_field"
    for written in ("", " open", "Open"):
        # a choice is taken as written: blank is not "no change", as the OpenAPI enum says
        refused = client.post(f"/api/v1/triage/items/{session_id}", json={"status": written}, headers=auth)
        assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid_field"
        assert "open, pending, resolved" in refused.json["error"]["message"]
    assert client.get("/api/v1/triage/items/" + "Z" * 20, headers=auth).json["error"]["code"] == "unknown_session"
    assert client.get("/api/v1/triage/queue?filter=nope", headers=auth).status_code == 400


def test_no_triage_data_in_the_public_api(client, alice):
    session_id = handoff_session(client)
    public = client.get("/api/v1/openapi.json").json
    assert "securitySchemes" in public["components"]
    messages = client.get(f"/api/v1/sessions/{session_id}/messages").json["messages"]
    assert all(set(m) <= {"id", "role", "text", "created", "reply_id", "agent"} for m in messages)


# ---- the queue and an item --------------------------------------------------------------------------
def test_queue_lists_what_needs_a_person_newest_first_with_filters(agent_client, store, app):
    answered = chat(agent_client, "how long does closing take")
    declined = chat(agent_client, "what's the weather in Paris")
    handed = handoff_session(agent_client)
    unhelpful = chat(agent_client, "can I close from the app")
    agent_client.post("/api/v1/feedback", json={"reply_id": unhelpful["reply_id"], "helpful": False})
    page = agent_client.get("/triage/").get_data(as_text=True)
    order = [unhelpful["session_id"], handed, declined["session_id"]]
    positions = [page.index(s) for s in order]
    assert positions == sorted(positions)
    assert answered["session_id"] not in page  # answered confidently, no conflict: nothing to do
    for reason, expected in [
        ("handoff", handed),
        ("declined", declined["session_id"]),
        ("not_helpful", unhelpful["session_id"]),
        ("conflict", answered["session_id"]),
    ]:
        assert expected in agent_client.get(f"/triage/?filter={reason}").get_data(as_text=True), reason


def test_low_confidence_answers_are_queued(engine, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "s.sqlite"),
            "SECRET_KEY": "k",
            "RATELIMIT_ENABLED": False,
            "LOW_CONFIDENCE": 1.01,
        },
        engine=engine,
    )
    agents.add_agent(app.extensions["bot"].store, "alice", PASSWORD)
    client = app.test_client()
    sign_in(client)
    reply = chat(client, "how long does closing take")
    assert reply["session_id"] in client.get("/triage/?filter=low_confidence").get_data(as_text=True)


def test_status_assignee_labels_and_notes_are_recorded_with_who_and_when(agent_client, store):
    agents.add_agent(store, "bob", PASSWORD)
    session_id = handoff_session(agent_client)
    path = f"/triage/items/{session_id}"
    assert form(agent_client, path, status="pending", assignee="bob", labels="billing, urgent").status_code == 302
    form(agent_client, path + "/notes", text="checked the account")
    form(agent_client, path, status="resolved", assignee="bob", labels="billing, urgent")
    events = store.events(session_id)
    assert [(e.kind, e.detail) for e in events] == [
        ("status", "open -> pending"),
        ("assignee", "bob"),
        ("labels", "billing, urgent"),
        ("note", "checked the account"),
        ("status", "pending -> resolved"),
    ]
    assert all(e.agent == "alice" and e.created for e in events)
    page = agent_client.get(path).get_data(as_text=True)
    assert "checked the account" in page and "pending -&gt; resolved" in page


def test_a_refused_change_is_explained_on_the_page(agent_client):
    session_id = handoff_session(agent_client)
    form(agent_client, f"/triage/items/{session_id}", status="sideways")
    assert "unknown status" in agent_client.get(f"/triage/items/{session_id}").get_data(as_text=True)


def test_item_shows_the_transcript_with_entries_confidence_and_flags(agent_client):
    session_id = chat(agent_client, "how long does closing take")["session_id"]
    chat(agent_client, "recipe for pancakes", session_id)
    agent_client.post("/api/v1/handoff", json={"session_id": session_id, "message": "please help"})
    page = agent_client.get(f"/triage/items/{session_id}").get_data(as_text=True)
    assert "closure-duration" in page and "confidence 0." in page
    assert "tag-conflict" in page and "tag-declined" in page and "please help" in page
    assert agent_client.get("/triage/items/" + "Z" * 20).status_code == 404
    assert agent_client.get("/triage/items/bad!id").status_code == 400


# ---- a person's reply in the user's conversation ----------------------------------------------------
def test_agent_reply_joins_the_users_conversation(agent_client, client):
    session_id = handoff_session(agent_client)
    before = agent_client.get(f"/api/v1/sessions/{session_id}/messages").json["messages"]
    assert [m["role"] for m in before] == ["user", "bot"] and before[1]["reply_id"]
    assert (
        form(agent_client, f"/triage/items/{session_id}/reply", text="Hi, I'm Alice from support.").status_code == 302
    )
    data = agent_client.get(f"/api/v1/sessions/{session_id}/messages").json
    assert data["session_id"] == session_id
    agent_message = data["messages"][-1]
    assert agent_message["role"] == "agent" and agent_message["agent"] == "alice"
    assert agent_message["text"] == "Hi, I'm Alice from support."
    assert set(agent_message) == {"id", "role", "text", "created", "agent"}
    later = agent_client.get(
        f"/api/v1/sessions/{session_id}/messages", query_string={"after": before[-1]["created"]}
    ).json
    assert later["messages"] == [agent_message]
    none = agent_client.get(f"/api/v1/sessions/{session_id}/messages", query_string={"after": agent_message["created"]})
    assert none.json["messages"] == []
    item = agent_client.get(f"/triage/items/{session_id}").get_data(as_text=True)
    assert "alice (person)" in item and "status-pending" in agent_client.get("/triage/").get_data(as_text=True)


def test_messages_endpoint_errors(client):
    assert client.get("/api/v1/sessions/" + "Z" * 20 + "/messages").json["error"]["code"] == "unknown_session"
    bad = client.get("/api/v1/sessions/not!an!id/messages")
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_field"
    session_id = chat(client, "hello there")["session_id"]
    bad_after = client.get(f"/api/v1/sessions/{session_id}/messages?after=yesterday")
    assert bad_after.status_code == 400 and bad_after.json["error"]["code"] == "invalid_field"
    naive = client.get(f"/api/v1/sessions/{session_id}/messages?after=2000-01-01T00:00:00")
    assert len(naive.json["messages"]) == 2


# ---- text stays text --------------------------------------------------------------------------------
def test_html_in_messages_is_shown_as_typed(agent_client):
    session_id = chat(agent_client, SCRIPT)["session_id"]
    form(agent_client, f"/triage/items/{session_id}/notes", text="<b>note</b>")
    form(agent_client, f"/triage/items/{session_id}", status="open", labels="<i>label</i>")
    for path in ["/triage/", f"/triage/items/{session_id}", "/triage/gaps"]:
        page = agent_client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "&lt;script&gt;alert(" in page, path
    item = agent_client.get(f"/triage/items/{session_id}").get_data(as_text=True)
    assert "<b>note</b>" not in item and "&lt;b&gt;note&lt;/b&gt;" in item and "<i>label" not in item


def test_pages_carry_no_inline_scripts_or_styles(agent_client):
    session_id = handoff_session(agent_client)
    for path in PAGES[:3] + [f"/triage/items/{session_id}", "/triage/signin"]:
        response = agent_client.get(path)
        page = response.get_data(as_text=True)
        assert "<script" not in page and "style=" not in page and "<style" not in page, path
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


# ---- exports, gaps and figures ----------------------------------------------------------------------
def test_csv_export_neutralises_formulas_and_keeps_text(agent_client):
    reply = chat(agent_client, SCRIPT)
    chat(agent_client, "@SUM(A1:A2) and more", reply["session_id"])
    agent_client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False, "comment": "-2+3"})
    response = agent_client.get("/triage/export/exchanges.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["message"] for r in rows] == [SCRIPT, "'@SUM(A1:A2) and more"]
    feedback = list(csv.DictReader(io.StringIO(agent_client.get("/triage/export/feedback.csv").get_data(as_text=True))))
    assert feedback[0]["comment"] == "'-2+3" and feedback[0]["helpful"] == "0" and feedback[0]["message"] == SCRIPT


@pytest.mark.parametrize(
    "query", ["from=2025-13-01", "to=yesterday", "from=2025-02-01&to=2025-01-01", "from=2020-01-01&to=2025-01-01"]
)
def test_pages_refuse_bad_dates_with_a_page_and_the_api_with_json(agent_client, token, query):
    for path in ["/triage/export/exchanges.csv", "/triage/export/feedback.csv", "/triage/figures", "/triage/gaps"]:
        response = agent_client.get(f"{path}?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and response.mimetype == "text/html", path
        assert "Those dates cannot be shown" in page and "invalid_date" in page and 'name="from"' in page
        assert "<nav>" in page  # in the pages' own frame, signed in
        wanted = agent_client.get(f"{path}?{query}", headers={"Accept": "application/json"})
        assert wanted.status_code == 400 and wanted.json["error"]["code"] == "invalid_date", path
    api = agent_client.get(f"/api/v1/triage/gaps?{query}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 400 and api.json["error"]["code"] == "invalid_date"


def test_pages_answer_failures_with_a_page(agent_client):
    missing = agent_client.get("/triage/items/" + "Z" * 22)
    assert missing.status_code == 404 and "No such conversation" in missing.get_data(as_text=True)
    nowhere = agent_client.get("/triage/no/such/page")
    assert nowhere.status_code == 404 and nowhere.mimetype == "text/html"
    assert "Nothing is at this address" in nowhere.get_data(as_text=True)
    assert "Traceback" not in nowhere.get_data(as_text=True)


def test_export_range_excludes_other_days(agent_client):
    chat(agent_client, "what's the weather in Paris")
    rows = agent_client.get("/triage/export/exchanges.csv?from=2020-01-01&to=2020-01-31").get_data(as_text=True)
    assert rows.strip().count("\n") == 0  # the header only


def declined(store, message):
    from bot.conversations.ids import new_id
    from bot.store import Exchange, now

    exchange = Exchange(
        reply_id=new_id(),
        session_id=new_id(),
        created=now(),
        message=message,
        answer="declined",
        entry_id=None,
        confidence=0.1,
        fallback=True,
        conflicts=[],
        lang="en",
        latency_ms=1.0,
    )
    store.record_exchange(exchange, new_session=True)


def test_gaps_group_declined_questions_and_export_a_draft(agent_client, store):
    for q in [
        "what happens to my staking rewards when I close",
        "can I keep staking after closing my account",
        "my staked coins, what happens on closure",
        "do I need to pay tax when closing my account",
        "tax report after closing the account",
        "recipe for pancakes",
    ]:
        declined(store, q)
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    assert re.findall(r'class="count">(\d+)<', page) == ["3", "2", "1"]
    assert page.index("staking") < page.index("tax report") < page.index("pancakes")
    key = re.search(r"/triage/gaps/(\w+)\.yaml", page).group(1)
    response = agent_client.get(f"/triage/gaps/{key}.yaml")
    assert "attachment" in response.headers["Content-Disposition"]
    draft = yaml.safe_load(response.get_data(as_text=True))
    [entry] = draft["entries"]
    assert entry["id"].startswith("draft-") and "TODO" in entry["answer"] and entry["claims"] == []
    assert len(entry["phrasings"]) == 3 and entry["question"] in entry["phrasings"]
    assert agent_client.get("/triage/gaps/000000000000.yaml").status_code == 404


def test_figures_page_draws_charts(agent_client):
    reply = chat(agent_client, "how long does closing take")
    chat(agent_client, "what's the weather in Paris")
    agent_client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": True})
    page = agent_client.get("/triage/figures").get_data(as_text=True)
    assert page.count("<svg") == 6 and page.count('class="bar"') == 2
    # Questions: a point on each of the 30 days (none is a count of 0); the shares: today only, the other days had no
    # questions or no feedback, and are gaps.
    assert page.count('class="dot"') == 30 + 3
    assert "closure-duration" in page and "closure-timing" in page
    assert ": 50%</title>" in page  # one question of two answered today, shown as a share
    assert ": 100%</title>" in page  # the one piece of feedback was helpful
    assert page.count("<table") == 6 and "no feedback" in page  # a table view of each chart
    assert '<text class="tick"' in page and ">100%</text>" in page  # axes with values
    assert "<script" not in page


def test_session_cookie_is_neither_read_nor_set_outside_the_support_pages(agent_client):
    response = agent_client.post("/api/v1/chat", json={"message": "how do I close my account"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert agent_client.get("/triage/").status_code == 200  # the same browser is still signed in there


# ---- paging, labels, hand-off status ------------------------------------------------------------------
def test_the_queue_pages_through_every_conversation_once(client, store, token):
    from bot.store import Exchange, now
    from bot.support import casework

    sessions = [f"paged-session-{n:03d}" for n in range(casework.PAGE_SIZE * 2 + 7)]
    for n, session_id in enumerate(sessions):
        store.record_exchange(
            Exchange(f"paged-reply-{n:03d}", session_id, now(), "weather?", "no", None, 0.1, True, [], "en", 1.0),
            new_session=True,
        )
    auth = {"Authorization": f"Bearer {token}"}
    seen, cursor, pages = [], None, 0
    while True:
        page = client.get("/api/v1/triage/queue" + (f"?next={cursor}" if cursor else ""), headers=auth).json
        seen += [item["session_id"] for item in page["items"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == 3 and seen == sorted(sessions, reverse=True)  # same time order as the ids here, newest first
    assert len(seen) == len(set(seen)) == len(sessions)
    bad = client.get("/api/v1/triage/queue?next=not-a-cursor", headers=auth)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_field"


def test_the_queue_page_links_to_older_conversations(agent_client, store):
    from bot.store import Exchange, now
    from bot.support import casework

    for n in range(casework.PAGE_SIZE + 1):
        store.record_exchange(
            Exchange(
                f"older-reply-{n:03d}",
                f"older-session-{n:03d}",
                now(),
                "weather?",
                "no",
                None,
                0.1,
                True,
                [],
                "en",
                1.0,
            ),
            new_session=True,
        )
    first = agent_client.get("/triage/").get_data(as_text=True)
    assert "older-session-050" in first and "older-session-000" not in first and "Older conversations" in first
    link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = agent_client.get(link).get_data(as_text=True)
    assert "older-session-000" in second and "Older conversations" not in second


def test_a_label_from_the_api_may_hold_a_comma(client, token):
    session_id = handoff_session(client)
    auth = {"Authorization": f"Bearer {token}"}
    changed = client.post(
        f"/api/v1/triage/items/{session_id}", json={"labels": ["billing, urgent", " vip ", ""]}, headers=auth
    )
    assert changed.json["labels"] == ["billing, urgent", "vip"]


def test_the_label_limits_hold_for_the_list_as_sent(client, token):
    session_id = handoff_session(client)
    auth = {"Authorization": f"Bearer {token}"}
    # Eleven items, of which only six would be left once blanks and repeats are dropped: still too many as sent.
    sent = ["a", "", "b", "b", "", "c", "d", "", "e", "f", ""]
    refused = client.post(f"/api/v1/triage/items/{session_id}", json={"labels": sent}, headers=auth)
    assert refused.status_code == 400 and refused.json["error"]["code"] == "too_long"
    long = client.post(f"/api/v1/triage/items/{session_id}", json={"labels": ["x" * 1000]}, headers=auth)
    assert long.status_code == 400 and long.json["error"]["code"] == "too_long"
    assert client.get(f"/api/v1/triage/items/{session_id}", headers=auth).json["labels"] == []


def test_a_handoff_follows_its_conversation_until_resolved(client, store, token):
    session_id = handoff_session(client)
    auth = {"Authorization": f"Bearer {token}"}
    [ticket] = store.handoffs(session_id)
    assert ticket.status == "open"
    client.post(f"/api/v1/triage/items/{session_id}", json={"status": "pending"}, headers=auth)
    assert store.handoff(ticket.id).status == "pending"
    client.post(f"/api/v1/triage/items/{session_id}", json={"status": "resolved"}, headers=auth)
    client.post(f"/api/v1/triage/items/{session_id}", json={"status": "open"}, headers=auth)
    assert store.handoff(ticket.id).status == "resolved"


# ---- talking to a person ------------------------------------------------------------------------------
def test_after_a_handoff_the_users_messages_go_to_the_team_not_the_bot(client, store, token):
    session_id = handoff_session(client)
    reply = chat(client, "I submitted it on the 3rd of May", session_id)
    assert reply["mode"] == "person" and reply["entry"] is None and reply["sources"] == []
    assert "person" in reply["answer"]
    assert store.count("exchanges") == 1  # the bot did not answer it
    state = client.get(f"/api/v1/sessions/{session_id}/messages").json
    assert state["mode"] == "person" and state["handoff"]["status"] == "open"
    assert state["handoff"]["usual_wait_minutes"] is None  # no hand-off has had a reply yet
    assert state["messages"][-1] == {
        "id": reply["reply_id"],
        "role": "user",
        "text": "I submitted it on the 3rd of May",
        "created": state["messages"][-1]["created"],
        "to": "person",
    }
    auth = {"Authorization": f"Bearer {token}"}
    item = client.get(f"/api/v1/triage/items/{session_id}", headers=auth).json
    assert item["mode"] == "person"
    assert item["transcript"][-1]["to"] == "person" and item["transcript"][-1]["text"].startswith("I submitted")


def test_a_users_answer_brings_the_conversation_back_to_the_top_and_open(client, store, token):
    auth = {"Authorization": f"Bearer {token}"}
    waiting = handoff_session(client)
    client.post(f"/api/v1/triage/items/{waiting}/reply", json={"text": "when did you submit?"}, headers=auth)
    assert client.get(f"/api/v1/triage/items/{waiting}", headers=auth).json["status"] == "pending"
    newer = handoff_session(client, "what's the weather")
    assert client.get("/api/v1/triage/queue", headers=auth).json["items"][0]["session_id"] == newer
    chat(client, "on Monday", waiting)
    queue = client.get("/api/v1/triage/queue", headers=auth).json["items"]
    assert queue[0]["session_id"] == waiting and queue[0]["status"] == "open"
    assert store.active_handoff(waiting).status == "open"


def test_the_user_can_ask_the_bot_again(client):
    session_id = handoff_session(client)
    back = client.post("/api/v1/handoff/return", json={"session_id": session_id}).json
    assert back["mode"] == "bot" and back["handoff_id"]
    reply = chat(client, "how long does closing take", session_id)
    assert reply["mode"] == "bot" and reply["entry"]["id"] == "closure-duration"
    state = client.get(f"/api/v1/sessions/{session_id}/messages").json
    assert state["mode"] == "bot" and state["handoff"] == {
        "handoff_id": back["handoff_id"],
        "status": "returned",
        "usual_wait_minutes": None,
    }
    unknown = client.post("/api/v1/handoff/return", json={"session_id": "Q" * 22})
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "unknown_session"


def test_an_agent_hands_the_conversation_back_to_the_bot(client, token, agent_client):
    auth = {"Authorization": f"Bearer {token}"}
    session_id = handoff_session(client)
    assert client.post(f"/api/v1/triage/items/{session_id}/handback", headers=auth).json == {
        "session_id": session_id,
        "mode": "bot",
    }
    item = client.get(f"/api/v1/triage/items/{session_id}", headers=auth).json
    assert item["mode"] == "bot" and item["events"][-1]["kind"] == "handback"
    assert client.get(f"/api/v1/sessions/{session_id}/messages").json["handoff"]["status"] == "returned"
    assert chat(client, "how long does closing take", session_id)["mode"] == "bot"
    again = client.post(f"/api/v1/triage/items/{session_id}/handback", headers=auth)
    assert again.status_code == 409 and again.json["error"]["code"] == "not_with_person"
    other = handoff_session(agent_client)
    page = agent_client.get(f"/triage/items/{other}").get_data(as_text=True)
    assert "Hand back to the bot" in page
    assert form(agent_client, f"/triage/items/{other}/handback").status_code == 302
    assert "Hand back to the bot" not in agent_client.get(f"/triage/items/{other}").get_data(as_text=True)


def test_resolving_a_conversation_gives_it_back_to_the_bot(client, token):
    auth = {"Authorization": f"Bearer {token}"}
    session_id = handoff_session(client)
    client.post(f"/api/v1/triage/items/{session_id}", json={"status": "resolved"}, headers=auth)
    state = client.get(f"/api/v1/sessions/{session_id}/messages").json
    assert state["mode"] == "bot" and state["handoff"]["status"] == "resolved"  # the widget can say so
    assert chat(client, "how long does closing take", session_id)["mode"] == "bot"


def test_the_usual_wait_comes_from_the_stores_own_figures(app, client, store, token):
    from bot.conversations import chat as chat_module

    auth = {"Authorization": f"Bearer {token}"}
    assert chat(client, "hello?", handoff_session(client))["usual_wait_minutes"] is None  # no figures yet
    for _ in range(chat_module.WAIT_MIN_SAMPLE):
        session_id = handoff_session(client)
        client.post(f"/api/v1/triage/items/{session_id}/reply", json={"text": "here"}, headers=auth)
    conversations = app.extensions["bot"]
    conversations._wait = (float("-inf"), None)  # the figure is kept for a minute; start afresh
    assert conversations.usual_wait_minutes() == 1  # replies within seconds count as a minute, never zero
    assert chat(client, "still there?", handoff_session(client))["usual_wait_minutes"] == 1


def test_a_page_that_breaks_says_so_in_a_page_and_logs_the_cause(agent_client, monkeypatch, caplog):
    from bot.support import casework

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(casework, "queue", broken)
    response = agent_client.get("/triage/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "Something went wrong" in page and "secret detail" not in page and "Traceback" not in page
    assert "secret detail" in caplog.text


OFF_TOPIC = ["what's the weather in Lisbon tomorrow", "weather in lisbon this weekend", "will it rain in Lisbon"]
ON_TOPIC = ["can my heirs close the account of a deceased person", "closing the account of someone who died"]


def test_gaps_keep_off_topic_questions_declined_correctly_apart_from_gaps(agent_client, store, token):
    for q in OFF_TOPIC + ON_TOPIC:
        declined(store, q)
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    on, off = page.split("Off-topic, declined correctly", 1)
    assert "deceased" in on and "Lisbon" not in on  # the KB's gap, where drafts are made
    assert "Lisbon" in off and "deceased" not in off.split("Dismissed as not", 1)[0]
    found = client_gaps(agent_client, token)
    scopes = {g["question"]: g["scope"] for g in found["groups"]}
    assert {scopes[q] for q in scopes if "isbon" in q or "rain" in q} == {"off_topic"}
    assert {scopes[q] for q in scopes if "dece" in q or "died" in q} == {"on_topic"}


def test_an_answer_marked_not_helpful_is_a_gap_whatever_it_is_about(agent_client, store, token):
    reply = chat(agent_client, "how long does closing take")
    agent_client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False})
    [found] = client_gaps(agent_client, token)["groups"]
    assert found["scope"] == "on_topic" and found["question"] == "how long does closing take"


def client_gaps(client, token):
    return client.get("/api/v1/triage/gaps", headers={"Authorization": f"Bearer {token}"}).json


def test_a_gap_group_is_dismissed_with_who_and_when_and_the_dismissal_undone(agent_client, store):
    for q in OFF_TOPIC:
        declined(store, q)
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    action = re.search(r'action="(/triage/gaps/\w+/dismiss[^"]*)"', page).group(1).replace("&amp;", "&")
    done = form(agent_client, action)
    assert done.status_code == 302 and "/triage/gaps" in done.headers["Location"]
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    assert "Dismissed as not for the knowledge base:" in page  # said once, after the dismissal
    listed = page.split("<h2>Dismissed as not for the knowledge base</h2>", 1)[1]
    assert "isbon" in listed and "dismissed by alice on" in listed and "3 questions" in listed
    assert "/dismiss" not in page.split("<h2>Dismissed as not", 1)[0].split("Off-topic, declined correctly", 1)[1]
    declined(store, "will it rain in Lisbon")  # asked again: still set aside
    assert "isbon" not in agent_client.get("/triage/gaps").get_data(as_text=True).split("<h2>Dismissed as not")[0]
    [row] = store.gap_dismissals()
    undo = form(agent_client, f"/triage/gaps/dismissals/{row.id}/undo")
    assert undo.status_code == 302 and store.gap_dismissals() == []
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    assert "isbon" in page.split("<h2>Dismissed as not")[0] and "Nothing dismissed" in page
    again = form(agent_client, f"/triage/gaps/dismissals/{row.id}/undo")
    assert again.status_code == 302
    assert "already undone" in agent_client.get("/triage/gaps").get_data(as_text=True)


def test_gap_dismissals_through_the_api(client, store, token):
    auth = {"Authorization": f"Bearer {token}"}
    for q in OFF_TOPIC:
        declined(store, q)
    [group] = client_gaps(client, token)["groups"]
    made = client.post(f"/api/v1/triage/gaps/{group['key']}/dismiss", headers=auth)
    assert made.status_code == 201
    assert made.json["agent"] == "alice" and made.json["count"] == 3 and made.json["question"] == group["question"]
    found = client_gaps(client, token)
    assert found["groups"] == [] and [d["id"] for d in found["dismissed"]] == [made.json["id"]]
    gone = client.post(f"/api/v1/triage/gaps/{group['key']}/dismiss", headers=auth)
    assert gone.status_code == 404 and gone.json["error"]["code"] == "unknown_group"
    undone = client.post(f"/api/v1/triage/gaps/dismissals/{made.json['id']}/undo", headers=auth)
    assert undone.json == {"id": made.json["id"], "undone": True}
    assert [g["key"] for g in client_gaps(client, token)["groups"]] == [group["key"]]
    twice = client.post(f"/api/v1/triage/gaps/dismissals/{made.json['id']}/undo", headers=auth)
    assert twice.status_code == 404 and twice.json["error"]["code"] == "unknown_dismissal"


def test_a_group_opens_as_a_draft_with_the_entries_nearest_to_it_and_the_questions_to_check(
    agent_client, store, token, tmp_path
):
    from bot.cli import read_questions

    for q in STAKING_GAP:
        declined(store, q)
    page = agent_client.get("/triage/gaps").get_data(as_text=True)
    link = re.search(r'href="(/triage/gaps/\w+/draft\?[^"]+)"', page).group(1).replace("&amp;", "&")
    draft = agent_client.get(link)
    assert draft.status_code == 200
    text = draft.get_data(as_text=True)
    assert "Draft entry:" in text and "TODO" in text and "staking" in text
    nearest = re.findall(r'<th scope="row"><code>([\w-]+)</code></th>', text)
    assert nearest and "earn-staking" in nearest[:2]  # the entry that would lose questions to a staking entry
    questions = agent_client.get(link.replace("/draft?", "/questions.jsonl?"))
    assert "attachment" in questions.headers["Content-Disposition"]
    saved = tmp_path / "questions.jsonl"
    saved.write_bytes(questions.get_data())
    asked = [case["q"] for case in read_questions(str(saved))]  # the question set eval --compare reads
    assert set(asked[:3]) == set(STAKING_GAP)
    kb = agent_client.application.extensions["bot"].assistant.kb
    assert {kb.entries[e].question for e in nearest} <= set(asked[3:])
    assert agent_client.get("/triage/gaps/000000000000/draft").status_code == 404
    api_link = link.replace("/triage/gaps/", "/api/v1/triage/gaps/")
    api = agent_client.get(api_link, headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {r["entry"] for r in api["at_risk"]} <= set(nearest) and "Would it take their questions?" in text
    for r in api["at_risk"]:
        assert r["to_draft"] > r["to_own"] and r["question"] in asked[3:]


STAKING_GAP = [
    "what happens to my staking rewards when I close",
    "can I keep staking after closing my account",
    "my staked coins, what happens on closure",
]
