"""Every CLI command, in process."""

import json

import pytest
import servers

from bot.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_ok(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0 and "knowledge base OK" in out


def test_check_broken_kb(capsys, kb_copy):
    (kb_copy / "scope.yaml").write_text("subject: 3\n", encoding="utf-8")
    code, _, err = run(capsys, "--knowledge", str(kb_copy), "check")
    assert code == 1 and "scope.yaml" in err and "subject" in err


def test_ask_readable(capsys):
    code, out, _ = run(capsys, "ask", "how long does closing take")
    assert code == 0
    assert "Sources:" in out and "Sources disagree" in out and "not from Binance" in out


def test_ask_json(capsys):
    code, out, _ = run(capsys, "ask", "--json", "what happens to my nfts")
    reply = json.loads(out)
    assert code == 0 and reply["entry"]["id"] == "nfts"
    assert set(reply) >= {"answer", "fallback", "confidence", "entry", "sources", "conflicts", "suggestions"}


def test_ask_after(capsys):
    code, out, _ = run(capsys, "ask", "--json", "--after", "data-retention", "why?")
    assert code == 0 and json.loads(out)["entry"]["id"] == "data-retention"


def test_ask_after_unknown_entry(capsys):
    code, _, err = run(capsys, "ask", "--after", "nope", "why?")
    assert code == 2 and "unknown entry id 'nope'" in err


def test_ask_empty_question(capsys):
    code, _, err = run(capsys, "ask", "  ")
    assert code == 2 and "empty" in err


def test_ask_jsonl_keeps_order_and_accepts_plain_lines(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "q": "what happens to my nfts"}\n\nhow is the weather in Paris\n'
        '{"id": "c", "first": "how long is data kept", "q": "why so long?"}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "ask", "--jsonl", str(questions))
    replies = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(replies) == 3
    assert replies[0]["entry"]["id"] == "nfts"
    assert replies[1]["fallback"] is True
    assert replies[2]["entry"]["id"] == "data-retention"


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"q": 3}\n', "needs a non-empty string field 'q'"),
        ('{"q": "x"\n', "invalid JSON"),
    ],
)
def test_ask_jsonl_bad_lines(capsys, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "ask", "--jsonl", str(path))
    assert code == 2 and f"{path}:1" in err and message in err


def test_ask_jsonl_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "ask", "--jsonl", str(tmp_path / "none.jsonl"))
    assert code == 2 and "no such file" in err


def test_eval_prints_metrics_and_failures(capsys, tmp_path):
    path = tmp_path / "set.jsonl"
    cases = [
        {
            "id": "e1",
            "q": "does my vip level survive",
            "topic": "vip",
            "expect": "answer",
            "facts": ["vip"],
            "conflict": False,
        },
        {
            "id": "e2",
            "q": "how do I close my coinbase account",
            "topic": "oos",
            "expect": "fallback",
            "facts": [],
            "conflict": None,
        },
        {
            "id": "e3",
            "q": "what happens to my nfts",
            "topic": "nfts",
            "expect": "answer",
            "facts": ["this fact is not there"],
            "conflict": None,
        },
    ]
    path.write_text("\n".join(json.dumps(c) for c in cases), encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(path))
    assert code == 0
    assert "in-scope answered correctly: 0.5 (1/2)" in out
    assert "out-of-scope declined:       1.0 (1/1)" in out
    assert "nfts: 1 failed" in out and "e3" in out


def test_eval_says_n_a_for_a_share_of_nothing(capsys, tmp_path):
    path = tmp_path / "set.jsonl"
    case = {
        "id": "a",
        "q": "what happens to my nfts",
        "topic": "nfts",
        "expect": "answer",
        "facts": [],
        "conflict": None,
    }
    path.write_text(json.dumps(case), encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(path))
    assert code == 0
    assert "out-of-scope declined:       n/a (0/0)" in out
    assert "conflict-flag recall:        n/a (0/0)" in out
    assert "None" not in out


def test_bench_small(capsys, tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(
        json.dumps(
            {"id": "b", "q": "nft after closing", "topic": "nfts", "expect": "answer", "facts": [], "conflict": None}
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "bench", "--questions", str(path), "--sizes", "20", "--rounds", "1")
    assert code == 0
    for heading in ["Quality", "TF-IDF alone", "rapidfuzz alone", "p50", "resident memory", "Scale"]:
        assert heading in out


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/api/v1/chat
  1 threads and 8 connections
  Latency Distribution
     50%    3.76ms
     75%    4.10ms
     90%    5.00ms
     99%   12.50ms
  9543 requests in 5.00s, 20.01MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1907.40
"""


def test_wrk_report_is_parsed():
    from bot.devtools.loadbench import lua_script, parse_wrk

    result = parse_wrk(WRK_OUTPUT)
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms) == (9543, 1907.4, 3.76, 12.5)
    assert (result.non_2xx, result.socket_errors) == (4, 3)
    script = lua_script(["a", 'b "q" \\ 注销'])
    assert script.count("[==[") == 2 and "wrk.format" in script
    assert '[==[b \\"q\\" \\\\ 注销]==]' in script  # each text as it reads inside a JSON string
    distinct = lua_script(["a"], distinct=True)
    assert "n = n + 1" in distinct and '" (" .. id .. "-" .. n .. ")"' in distinct
    assert '" (" .. id' not in script


def test_server_processes_are_measured_from_proc():
    import os
    import subprocess
    import sys

    from bot.devtools.loadbench import children, cpu_ms, memory

    mine = memory(os.getpid(), "test")
    assert 0 < mine.uss <= mine.rss and 0 < mine.pss <= mine.rss
    busy = cpu_ms([os.getpid()])
    sum(i * i for i in range(300_000))
    assert cpu_ms([os.getpid()]) >= busy
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in children(os.getpid())
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("backend", servers.BACKENDS)
def test_bench_write_times_the_hot_path_on_a_fresh_store(capsys, backend):
    database = [] if backend == "sqlite" else ["--database", servers.DATABASE]
    code, out, _ = run(capsys, "bench-write", "--count", "40", *database)
    assert code == 0
    assert "record an exchange" in out and "read a follow-up" in out
    statements = "3.0" if backend == "sqlite" else "1.0"
    assert f"statements sent per exchange: {statements}" in out


# ---- support-team accounts --------------------------------------------------------------------------
def test_add_agent_and_token(capsys, monkeypatch, tmp_path):
    import io
    import sqlite3

    from bot.store import open_store
    from bot.support import agents

    db = str(tmp_path / "agents.sqlite")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    code, out, _ = run(capsys, "add-agent", "alice", "--password-stdin", "--database", db)
    assert code == 0 and "alice" in out
    store = open_store(db)
    assert "a long enough password" not in store.agent(name="alice").password_hash
    assert agents.authenticate(store, "alice", "a long enough password").name == "alice"
    code, out, err = run(capsys, "add-token", "alice", "--database", db)
    token = out.strip()
    assert code == 0 and agents.by_token(store, token).name == "alice" and "once" in err
    assert token not in str(sqlite3.connect(db).execute("SELECT * FROM agent_tokens").fetchall())


def test_agents_and_tokens_are_listed_revoked_and_removed(capsys, monkeypatch, tmp_path):
    import io

    from bot.store import open_store
    from bot.support import agents

    db = str(tmp_path / "team.sqlite")
    for name in ("alice", "bob"):
        monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
        assert run(capsys, "add-agent", name, "--password-stdin", "--database", db)[0] == 0
    first, second = (run(capsys, "add-token", "alice", "--database", db)[1].strip() for _ in range(2))
    code, out, _ = run(capsys, "agents", "list", "--database", db)
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["alice", "bob"]
    assert "2 token(s)" in out.splitlines()[0] and "0 token(s)" in out.splitlines()[1]

    code, out, _ = run(capsys, "tokens", "list", "--database", db)
    ids = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and len(ids) == 2 and first not in out and second not in out  # never the token itself
    store = open_store(db)
    first_id = next(i for i in ids if agents.digest(first).startswith(i))
    code, out, _ = run(capsys, "tokens", "revoke", first_id, "--database", db)
    assert code == 0 and first_id in out
    assert agents.by_token(store, first) is None and agents.by_token(store, second).name == "alice"
    assert run(capsys, "tokens", "revoke", first_id, "--database", db)[0] == 2  # gone already
    assert run(capsys, "tokens", "revoke", "not-hex", "--database", db)[0] == 2

    code, out, _ = run(capsys, "agents", "remove", "alice", "--database", db)
    assert code == 0 and "1 API token(s) revoked" in out
    assert agents.by_token(store, second) is None
    assert agents.authenticate(store, "alice", "a long enough password") is None
    assert "removed" in run(capsys, "agents", "list", "--database", db)[1].splitlines()[0]
    assert run(capsys, "agents", "remove", "carol", "--database", db)[0] == 2


@pytest.mark.parametrize(
    "name, password, message",
    [
        ("alice", "short", "at least 10"),
        ("alice", "", "at least 10"),
        ("bad name!", "a long enough password", "name"),
    ],
)
def test_add_agent_refuses_bad_input(capsys, monkeypatch, tmp_path, name, password, message):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code, _, err = run(capsys, "add-agent", name, "--password-stdin", "--database", str(tmp_path / "a.sqlite"))
    assert code == 2 and message in err


def test_add_agent_refuses_a_duplicate_name_and_differing_passwords(capsys, monkeypatch, tmp_path):
    db = str(tmp_path / "a.sqlite")
    answers = iter(["a long enough password"] * 4 + ["first password!", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(capsys, "add-agent", "alice", "--database", db)[0] == 0
    code, _, err = run(capsys, "add-agent", "alice", "--database", db)
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "add-agent", "bob", "--database", db)
    assert code == 2 and "differ" in err
    code, _, err = run(capsys, "add-token", "nobody", "--database", db)
    assert code == 2 and "no agent" in err
