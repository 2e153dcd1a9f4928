"""The store on every backend (SQLite always, PostgreSQL when TEST_DATABASE_URL is set): each operation of the
interface, several writers at once losing nothing, failed writes leaving nothing half done, and the URLs."""

import multiprocessing
import sqlite3

import pytest
from sqlalchemy import select

from bot.store import DuplicateName, Exchange, StoreError, now, open_store, tables
from bot.store.base import FollowUp, QueueQuery


def exchange(session_id: str, n: int, **changes) -> Exchange:
    fields = {
        "reply_id": f"{session_id}-r{n:04d}",
        "session_id": session_id,
        "created": now(),
        "message": f"q{n}",
        "answer": "a",
        "entry_id": None,
        "confidence": 0.1,
        "fallback": True,
        "conflicts": [],
        "lang": "en",
        "latency_ms": 1.0,
    }
    return Exchange(**{**fields, **changes})


def _writer(url: str, worker: int, count: int) -> None:
    store = open_store(url)
    session = f"session-{worker:02d}"
    for n in range(count):
        store.record_exchange(exchange(session, n), new_session=n == 0)


@pytest.fixture
def store(backend_store):
    return backend_store


def test_created_on_first_start_in_a_new_folder(tmp_path):
    path = tmp_path / "deep" / "folder" / "s.sqlite"
    store = open_store(str(path)).init()
    assert path.exists() and store.ping()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    open_store(str(path)).init()  # a second start keeps what is there


def test_several_processes_writing_at_once_lose_nothing(store, store_url):
    workers, each = 4, 60
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(store_url, w, each)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert store.count("exchanges") == workers * each
    assert store.count("sessions") == workers


def test_a_failed_write_leaves_nothing_half_done(store):
    store.record_exchange(exchange("s1", 0), new_session=True)
    with pytest.raises(StoreError):
        store.record_exchange(exchange("s1", 0), new_session=False)  # same reply id
    with pytest.raises(StoreError):
        clash = Exchange(**{**exchange("s2", 0).__dict__, "reply_id": "s1-r0000"})
        store.record_exchange(clash, new_session=True)  # the session is new but the reply id clashes
    assert store.count("exchanges") == 1 and store.count("sessions") == 1


def test_an_exchange_is_written_in_as_few_statements_as_the_backend_allows(store):
    store.record_exchange(exchange("s1", 0), new_session=True)
    with store.statements_sent() as statements:
        store.record_exchange(exchange("s1", 1, fallback=False, entry_id="e1", confidence=0.9), new_session=False)
        store.record_exchange(exchange("s2", 0, conflicts=["c-1"]), new_session=True)
    # SQLite: BEGIN IMMEDIATE, the session, the exchange; PostgreSQL: one statement doing both, as its own transaction.
    assert len(statements) == (2 * 3 if store.dialect == "sqlite" else 2 * 1)
    assert len(set(statements)) == len(statements) // 2  # the same statements for every exchange
    assert store.exchange_count("s1") == 2 and store.last_entry("s1") == "e1"


def test_conversation_reads(store):
    store.record_exchange(exchange("s1", 0, entry_id="close-steps", fallback=False, confidence=0.9), True)
    store.record_exchange(exchange("s1", 1, conflicts=["c-1", "c-2"], lang="zh"), False)
    assert store.session_exists("s1") and not store.session_exists("nope")
    assert store.reply_exists("s1-r0001") and not store.reply_exists("nope")
    assert store.exchange_count("s1") == 2
    found = store.exchanges("s1")
    assert [e.reply_id for e in found] == ["s1-r0000", "s1-r0001"]
    assert found[0].fallback is False and found[1].fallback is True and found[1].conflicts == ["c-1", "c-2"]
    assert store.last_entry("s1") == "close-steps"
    assert store.last_lang("s1") == "zh"
    assert store.last_entry("nope") is None and store.last_lang("nope") is None
    assert store.follow_up("s1") == FollowUp("close-steps", None) and store.follow_up("nope") is None

    first = store.record_feedback("s1-r0000", True, "clear")
    second = store.record_feedback("s1-r0000", False, None)
    assert second > first
    assert store.feedback_given("s1") == {"s1-r0000": False}  # the latest vote counts


def test_handoffs_user_and_agent_messages(store):
    store.record_exchange(exchange("s1", 0), True)
    agent_id = store.add_agent("ana", "hash")
    created = store.record_handoff("h1", "s1", "a person please", "me@example.org")
    assert store.handoff("h1").created == created and store.handoff("nope") is None
    assert store.active_handoff("s1").id == "h1"
    assert store.follow_up("s1").handoff == store.handoff("h1")
    store.change_triage("s1", agent_id, "status", "open -> pending", status="pending")
    assert store.active_handoff("s1").status == "pending"
    store.record_user_message("u1", "s1", "still there?")
    assert store.active_handoff("s1").status == "open" and store.triage_record("s1").status == "open"
    assert [m.text for m in store.user_messages("s1")] == ["still there?"]
    store.add_agent_message("m1", "s1", agent_id, "hello")
    assert [(m.text, m.agent) for m in store.agent_messages("s1")] == [("hello", "ana")]
    assert len(store.first_reply_delays(10)) == 1
    assert store.return_to_bot("s1", agent_id).status == "returned"
    assert store.active_handoff("s1") is None and store.return_to_bot("s1", None) is None
    assert store.follow_up("s1") == FollowUp(None, None)
    assert [h.status for h in store.handoffs("s1")] == ["returned"]
    assert [e.kind for e in store.events("s1")] == ["status", "reply", "handback"]


def test_agents_and_tokens(store):
    agent_id = store.add_agent("ana", "hash-a")
    store.add_agent("bob", "hash-b")
    with pytest.raises(DuplicateName):
        store.add_agent("ana", "again")
    assert store.agent(name="ana").id == agent_id and store.agent(agent_id=agent_id).name == "ana"
    assert store.agent(name="nobody") is None
    assert [a.name for a in store.agents()] == ["ana", "bob"]
    store.add_token(agent_id, "f" * 64)
    assert store.agent_by_token("f" * 64).name == "ana" and store.agent_by_token("0" * 64) is None


def test_triage_record_notes_and_queue(store):
    agent_id = store.add_agent("ana", "hash")
    store.record_exchange(exchange("declined", 0), True)
    store.record_exchange(exchange("fine", 0, fallback=False, confidence=0.95, entry_id="e"), True)
    store.record_exchange(exchange("weak", 0, fallback=False, confidence=0.3, entry_id="e"), True)
    store.record_exchange(exchange("conflict", 0, fallback=False, confidence=0.9, conflicts=["c"]), True)
    store.record_exchange(exchange("unhelpful", 0, fallback=False, confidence=0.9, entry_id="e"), True)
    store.record_feedback("unhelpful-r0000", False, None)
    store.record_exchange(exchange("person", 0, fallback=False, confidence=0.9, entry_id="e"), True)
    store.record_handoff("h1", "person", None, None)

    store.change_triage("weak", agent_id, "labels", "vip", labels=("vip",))
    store.change_triage("weak", agent_id, "assignee", "ana", assignee=agent_id)
    store.change_triage("weak", agent_id, "note", "call back")
    assert store.triage_record("weak").labels == ("vip",) and store.triage_record("weak").assignee == "ana"
    assert store.triage_record("fine").status == "open"
    assert [n.text for n in store.notes("weak")] == ["call back"]

    def listed(**query):
        return {row.session_id: row.reasons for row in store.queue(QueueQuery(low_confidence=0.6, **query))}

    everyone = listed(reasons=("handoff", "declined", "low_confidence", "not_helpful"))
    assert everyone == {
        "declined": ("declined",),
        "weak": ("low_confidence",),
        "unhelpful": ("not_helpful",),
        "person": ("handoff",),
    }
    assert set(listed(reasons=("conflict",))) == {"conflict"}
    store.change_triage("weak", agent_id, "status", "open -> resolved", status="resolved")
    assert set(listed(reasons=("low_confidence",), status="resolved")) == {"weak"}
    assert set(listed(reasons=("low_confidence",), status="open")) == set()

    # Keyset paging: pages of two, in order, each row once.
    query = {"reasons": ("handoff", "declined", "low_confidence", "not_helpful"), "low_confidence": 0.6}
    page = store.queue(QueueQuery(**query, limit=2))
    seen = [r.session_id for r in page]
    while len(page) == 2:
        page = store.queue(QueueQuery(**query, limit=2, before=(page[-1].updated, page[-1].session_id)))
        seen += [r.session_id for r in page]
    assert sorted(seen) == sorted(everyone) and len(seen) == len(set(seen))
    rows = store.queue(QueueQuery(**query))
    assert [r.updated for r in rows] == sorted((r.updated for r in rows), reverse=True)


def test_reports(store):
    store.record_exchange(exchange("s1", 0, fallback=False, confidence=0.9, entry_id="e1", conflicts=["c"]), True)
    store.record_exchange(exchange("s1", 1), False)
    store.record_exchange(exchange("s1", 2, fallback=False, confidence=0.2, entry_id="e1"), False)
    store.record_feedback("s1-r0000", True, None)
    start, end = "2000-01-01", "2999-01-01"
    weak = store.weak_questions(0.6, start, end, 10)
    assert [(w.message, w.reason) for w in weak] == [("q2", "low_confidence"), ("q1", "declined")]
    assert len(store.weak_questions(0.6, start, end, 1)) == 1
    (day,) = store.day_figures(start, end)
    assert (day.questions, day.answered, day.declined, day.votes, day.helpful) == (3, 2, 1, 1, 1)
    assert store.top_entries(start, end, 5) == [("e1", 2)]
    assert store.conflicts_shown(start, end) == {"c": 1}
    assert len(store.exchanges_between(start, end)) == 3
    assert [(f.reply_id, f.helpful) for f in store.feedback_between(start, end)] == [("s1-r0000", True)]
    assert store.exchanges_between("2999-01-01", "2999-12-31") == []


def test_store_urls(tmp_path):
    assert open_store("sqlite:///relative.sqlite").path == "relative.sqlite"
    assert open_store(f"sqlite:////{str(tmp_path).lstrip('/')}/a.sqlite").path == f"{tmp_path}/a.sqlite"
    assert open_store(str(tmp_path / "b.sqlite")).path == str(tmp_path / "b.sqlite")
    for url in ("postgresql://bot:secret@db.internal:6432/bot", "postgres://bot:secret@db.internal:6432/bot"):
        store = open_store(url)
        assert store.dialect == "postgresql"
        assert store.where == "PostgreSQL at db.internal:6432/bot" and "secret" not in store.where
    with pytest.raises(StoreError, match="unsupported store URL scheme 'mysql'"):
        open_store("mysql://db/bot")


def test_unreachable_store_says_so(tmp_path):
    (tmp_path / "file").write_text("x")
    store = open_store(str(tmp_path / "file" / "s.sqlite"))
    with pytest.raises(StoreError):
        store.init()
    assert store.ping() is False


def test_an_unreachable_postgresql_server_is_named_without_credentials():
    store = open_store("postgresql://bot:hunter2@127.0.0.1:1/bot", timeout=2)
    with pytest.raises(StoreError) as raised:
        store.init()
    message = str(raised.value)
    assert "PostgreSQL at 127.0.0.1:1/bot" in message and "hunter2" not in message and "\n" not in message


def test_the_summaries_kept_by_each_write_match_those_worked_out_from_the_rows(store):
    agent_id = store.add_agent("ana", "hash")
    store.record_exchange(exchange("s1", 0, fallback=False, confidence=0.8, entry_id="e1"), True)
    store.record_exchange(exchange("s1", 1), False)
    store.record_exchange(exchange("s1", 2, fallback=False, confidence=0.4, entry_id="e2", conflicts=["c"]), False)
    store.record_exchange(exchange("s1", 3, lang="zh"), False)
    store.record_feedback("s1-r0002", False, None)
    store.record_feedback("s1-r0000", True, None)
    store.record_exchange(exchange("s2", 0, fallback=False, confidence=0.9, entry_id="e1"), True)
    store.record_handoff("h2", "s2", None, None)
    store.change_triage("s2", agent_id, "status", "open -> pending", status="pending")
    store.record_user_message("u2", "s2", "hello?")

    def summaries():
        with store.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(select(tables.sessions).order_by(tables.sessions.c.id))]

    kept = summaries()
    store.summarise_sessions()
    assert summaries() == kept
    s1 = dict(zip(tables.sessions.c.keys(), kept[0], strict=True))
    assert (s1["exchanges"], s1["declined"], s1["conflicts"], s1["not_helpful"], s1["min_confidence"]) == (
        4,
        2,
        1,
        1,
        0.4,
    )
    assert (s1["first_message"], s1["last_entry"], s1["last_lang"]) == ("q0", "e2", "zh")


def test_a_generated_history_fills_the_queue(store, store_url):
    from bot.devtools import fill_store

    sessions = fill_store.fill(store, 400, days=3, seed=7)
    assert store.count("exchanges") == 400 and store.count("sessions") == sessions
    rows = store.queue(QueueQuery(("handoff", "declined", "low_confidence", "not_helpful"), 0.6, limit=500))
    assert 0 < len(rows) < sessions
    assert [r.updated for r in rows] == sorted((r.updated for r in rows), reverse=True)


def test_gap_dismissals_are_kept_with_who_and_when_and_can_be_undone(store):
    ana = store.add_agent("ana", "hash")
    bo = store.add_agent("bo", "hash")
    first = store.dismiss_gap("weather in lisbon?", ["weather in lisbon?", "will it rain"], ana)
    second = store.dismiss_gap("best pizza", ["best pizza"], bo)
    found = store.gap_dismissals()
    assert [d.id for d in found] == [second, first]  # newest first
    assert found[1].questions == ("weather in lisbon?", "will it rain") and found[1].agent == "ana"
    assert found[1].created <= found[0].created
    assert store.undo_gap_dismissal(first, bo) is True
    assert [d.id for d in store.gap_dismissals()] == [second]
    assert store.undo_gap_dismissal(first, bo) is False  # already undone
    assert store.undo_gap_dismissal(999, bo) is False
    assert store.count("gap_dismissals") == 2  # an undone dismissal is kept
