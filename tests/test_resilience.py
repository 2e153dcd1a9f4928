"""The real service (`python -m bot serve`, two gevent workers, SQLite) under load, signals, store faults, slow
clients and hostile input. Each check records a figure; `make chaos` runs these alone and prints them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from chaos import Load, figure, health, question, send, stored_ids, stored_reply_ids, wait_for, workers
from faults import read_only, write_lock
from live import call, raw, start, stop

from bot.conversations.chat import CHECK_FRESH_SECONDS

pytestmark = pytest.mark.chaos
ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"


def add_token(database: Path) -> str:
    """A new agent and an API token for it, made with the command line against the served store."""
    env = {**os.environ, "BOT_DATABASE": str(database)}
    subprocess.run(
        [sys.executable, "-m", "bot", "add-agent", "--password-stdin", "chaos"],
        input="a long enough password\n",
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    out = subprocess.run(
        [sys.executable, "-m", "bot", "add-token", "chaos"], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.split("(")[0].strip()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("served")
    proc, base, database = start(workdir)
    try:
        yield proc, base, database, add_token(database)
    finally:
        stop(proc)


def test_under_load_every_answer_is_recorded(served):
    proc, base, database, _ = served
    with Load(base, threads=4) as load:
        time.sleep(4)
    answered = set(load.answered)
    recorded = stored_reply_ids(database)
    assert answered and answered <= recorded
    assert not load.other and health(base)["unrecorded"] == 0
    figure(
        "load",
        f"4 clients for 4 s: {len(answered)} answered ({len(answered) / 4:.0f}/s), "
        f"{len(answered & recorded)} recorded, {load.failed} connection errors",
    )


def test_a_killed_worker_loses_no_recorded_answer_and_is_replaced(served):
    proc, base, database, _ = served
    before = workers(proc.pid)
    assert len(before) == 2
    with Load(base, threads=3) as load:
        time.sleep(1.5)
        os.kill(before[0], signal.SIGKILL)
        replaced = wait_for(lambda: len(set(workers(proc.pid)) - set(before)) == 1, timeout=30)
        time.sleep(1.5)
    answered = set(load.answered)
    assert answered and answered <= stored_reply_ids(database)
    assert call(base, "/api/v1/health")[0] == 200
    figure(
        "SIGKILL of a worker",
        f"{len(answered)} answered, all recorded; {load.failed} requests cut with the worker; "
        f"a new worker in {replaced:.1f} s",
    )


def test_fifty_slow_clients_do_not_hold_up_the_others(served):
    proc, base, database, _ = served
    host, port = base.removeprefix("http://").split(":")
    slow = [socket.create_connection((host, int(port)), timeout=10) for _ in range(50)]
    stop_dripping = threading.Event()
    head = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200

    def drip() -> None:
        # Each connection sends its request head a byte at a time and never finishes it.
        for byte in head:
            if stop_dripping.is_set():
                return
            for conn in slow:
                try:
                    conn.send(bytes([byte]))
                except OSError:
                    pass
            time.sleep(0.1)

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    waits = []
    try:
        time.sleep(0.5)
        for n in range(30):
            started = time.monotonic()
            path, body = ("/api/v1/chat", {"message": question(n)}) if n % 2 else ("/api/v1/health", None)
            status, _ = call(base, path, body)
            waits.append(time.monotonic() - started)
            assert status == 200
    finally:
        stop_dripping.set()
        dripper.join(10)
        for conn in slow:
            conn.close()
    figure(
        "50 slow clients",
        f"30/30 other requests answered meanwhile; median {statistics.median(waits) * 1000:.0f} ms, "
        f"longest {max(waits) * 1000:.0f} ms",
    )


# ---- a battery of bad input over every endpoint ---------------------------------------------------------------------

SECURITY = ("x-content-type-options", "x-frame-options", "referrer-policy")
JSON = {"Content-Type": "application/json"}


def bad_bodies(fields: dict[str, dict], required: bool) -> list[tuple[str, bytes, dict[str, str]]]:
    """Bodies that must be refused, for an operation whose body has `fields` (name: JSON schema), some `required`."""
    cases = [
        ("no content type", b'{"message": "hi"}', {}),
        ("text/plain", b'{"message": "hi"}', {"Content-Type": "text/plain"}),
        ("form", b"message=hi", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("empty", b"", JSON),
        ("truncated", b'{"message": ', JSON),
        ("array", b"[]", JSON),
        ("null", b"null", JSON),
        ("string", b'"hi"', JSON),
        ("number", b"12", JSON),
        ("not utf-8", b'{"message": "\xff\xfe"}', JSON),
        ("deep", b"[" * 5000 + b"]" * 5000, JSON),
        ("deep object", b'{"a":' * 3000 + b"1" + b"}" * 3000, JSON),
        ("huge integer", b'{"helpful": ' + b"9" * 5000 + b"}", JSON),
        ("too large", b'{"message": "' + b"a" * 20000 + b'"}', JSON),
        ("unknown field", b'{"surprise": 1}', JSON),
        ("NaN", b'{"helpful": NaN}', JSON),
        ("duplicate keys", b'{"message": "a", "message": 1}', JSON),
    ]
    if required:
        cases.append(("missing fields", b"{}", JSON))
    for name, schema in fields.items():
        kinds = {branch.get("type") for branch in schema.get("anyOf", [schema])}
        wrong = 12 if "string" in kinds else "twelve"
        cases.append((f"{name}: wrong type", json.dumps({name: wrong}).encode(), JSON))
        cases.append((f"{name}: object", json.dumps({name: {"a": 1}}).encode(), JSON))
        if "string" in kinds:
            cases.append((f"{name}: lone surrogate", b'{"' + name.encode() + b'": "\\ud800"}', JSON))
            cases.append((f"{name}: too long", json.dumps({name: "a" * 5001}).encode(), JSON))
    return cases


BAD_IDS = ["x", "..%2F..%2Fetc%2Fpasswd", "%00" * 8, "a" * 65, "%C3%A9" * 10, "%FF%FE%FD%FC%FB%FA%F9%F8", "-" * 7]
BAD_QUERIES = {
    "/api/v1/sessions/{session_id}/messages": [
        "after=yesterday",
        "after=10000-01-01T00:00:00",
        "after=2025-01-01T25:00:00",
        "after=2025-13-45T00:00:00",
        "after=%00",
    ],
    "/api/v1/triage/gaps": [
        "from=2025-02-30",
        "from=0000-12-31",
        "to=9999-12-31",
        "from=2025-05-01&to=2025-01-01",
        "from=2000-01-01&to=2025-01-01",
        "to=0001-01-05",
        "from=%FF",
    ],
    "/api/v1/triage/queue": ["filter=nope", "status=nope", "next=nope", "next=" + "a" * 3000, "filter=%00"],
}
RAW = [
    ("request line too long", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("headers too large", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + b"X-A: " + b"b" * 9000 + b"\r\n\r\n"),
    ("too many headers", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 200 + b"\r\n"),
    ("bad request line", b"NOT A REQUEST\r\n\r\n"),
    ("negative length", b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
    (
        "bad chunk",
        b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    ),
    ("bad method", b"BREW /api/v1/chat HTTP/1.1\r\nHost: x\r\n\r\n"),
]


def battery(doc: dict, session_id: str, token: str) -> list[tuple[str, str, str, bytes | None, dict[str, str]]]:
    """(case, method, path, body, headers) for every operation of the document, each one that must be refused."""
    bearer = {"Authorization": f"Bearer {token}"}
    components = doc["components"]["schemas"]
    cases = []
    for template, operations in doc["paths"].items():
        concrete = template.replace("{session_id}", session_id).replace("{entry_id}", "x").replace("{key}", "k")
        concrete = concrete.replace("{dismissal_id}", "1")
        for method, operation in operations.items():
            auth = bearer if operation.get("security") else {}
            if operation.get("security"):
                cases.append(("no token", method, concrete, None, {}))
                cases.append(("wrong token", method, concrete, None, {"Authorization": "Bearer not-a-token"}))
                cases.append(("basic auth", method, concrete, None, {"Authorization": "Basic YTpi"}))
            other = "DELETE" if method == "get" else "PUT"
            cases.append(("method not allowed", other, concrete, None, auth))
            if "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                shape = components[ref.rsplit("/", 1)[1]]
                for name, body, headers in bad_bodies(shape.get("properties", {}), bool(shape.get("required"))):
                    cases.append((name, method, concrete, body, {**headers, **auth}))
            if "{session_id}" in template:
                for bad in BAD_IDS:
                    path = template.replace("{session_id}", bad).replace("{key}", "k")
                    body = b"{}" if method == "post" else None
                    cases.append((f"bad id {bad[:12]}", method, path, body, {**JSON, **auth}))
            for query in BAD_QUERIES.get(template, []) if method == "get" else []:
                cases.append((query[:30], method, f"{concrete}?{query}", None, auth))
    return cases


def test_a_battery_of_bad_input_is_refused_in_the_one_shape(served):
    proc, base, database, token = served
    session_id = call(base, "/api/v1/chat", {"message": "how do I close my account"})[1]["session_id"]
    doc = call(base, "/api/v1/openapi.json")[1]
    cases = battery(doc, session_id, token)
    failures = []
    statuses: dict[int, int] = {}
    for name, method, path, body, headers in cases:
        status, answer_headers, answer = send(base, method.upper(), path, body, headers)
        statuses[status] = statuses.get(status, 0) + 1
        problem = _refusal_problem(status, answer_headers, answer)
        if problem:
            failures.append(f"{method.upper()} {path[:60]} [{name}]: {problem}")
    for name, data in RAW:
        status, answer_headers, answer = raw(base, data)
        statuses[status] = statuses.get(status, 0) + 1
        if problem := _refusal_problem(status, answer_headers, answer):
            failures.append(f"raw [{name}]: {problem}")
    total = len(cases) + len(RAW)
    assert total >= 200
    assert not failures, "\n".join(failures)
    figure(
        "bad input",
        f"{total} cases over {sum(len(ops) for ops in doc['paths'].values())} operations: 0 × 5xx, every one "
        f"refused in the error shape ({', '.join(f'{n} × {s}' for s, n in sorted(statuses.items()))})",
    )


def _refusal_problem(status: int, headers: dict[str, str], body: bytes) -> str | None:
    """What is wrong with an answer to bad input (None: a 4xx in the one error shape with the security headers)."""
    if not 400 <= status < 500:
        return f"status {status}"
    try:
        data = json.loads(body)
    except ValueError:
        return f"{status} with a body that is not JSON: {body[:80]!r}"
    error = data.get("error") if isinstance(data, dict) else None
    if set(data) != {"error"} or not isinstance(error, dict) or set(error) != {"code", "message"}:
        return f"{status} not in the error shape: {body[:120]!r}"
    if not all(isinstance(error[k], str) and error[k] for k in ("code", "message")):
        return f"{status} with an empty code or message"
    if not headers.get("content-type", "").startswith("application/json"):
        return f"{status} as {headers.get('content-type')}"
    missing = [h for h in SECURITY if h not in headers]
    return f"{status} without {', '.join(missing)}" if missing else None


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "agent"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(served, with_token, tmp_path):
    proc, base, database, token = served
    # Half of the ids schemathesis sends are ones the service handed out, so that it reaches past the 404s.
    status, reply = call(base, "/api/v1/chat", {"message": "how do I close my account"})
    assert status == 200
    known = {"sessions": reply["session_id"], "replies": reply["reply_id"], "entries": reply["entry"]["id"]}
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8")
        + "".join(f'\n[dictionaries.{name}]\nvalues = ["{value}"]\n' for name, value in known.items())
        + "\n[parameters]\n"
        + "".join(
            f'"{where}" = {{ dictionary = "{name}", probability = 0.5 }}\n'
            for where, name in (
                ("path.session_id", "sessions"),
                ("body.session_id", "sessions"),
                ("body.reply_id", "replies"),
                ("path.entry_id", "entries"),
            )
        ),
        encoding="utf-8",
    )
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(config),
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-time",
        "20",
        "--workers",
        "1",
    ]
    if with_token:
        command += ["-H", f"Authorization: Bearer {token}"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    # With the token, the support team's operations are reached, not merely refused: schemathesis names the
    # operations that only ever got 401/403. Within its time budget on a busy machine it can happen to send one
    # operation nothing but cases the service refuses before authentication matters, so one is let through when
    # the store shows that the agent's writes got in.
    refused = re.search(r"Authentication failed: (\d+) operation", output)
    if not with_token:
        assert refused, output[-6000:]
    elif refused:
        assert int(refused.group(1)) <= 1, output[-6000:]
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT count(*) FROM triage_events").fetchone()[0] > 0, output[-6000:]
    lines = output.splitlines()
    generated = next((lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if line.strip() == "Test cases:"), "?")
    figure(f"schemathesis ({'agent token' if with_token else 'anonymous'})", f"{generated}; 0 failures")


# ---- faults of the store ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_server(tmp_path_factory):
    """A served instance whose store is in a folder of its own, so that the folder can be made read-only."""
    workdir = tmp_path_factory.mktemp("faulty")
    (workdir / "db").mkdir()
    database = workdir / "db" / "store.sqlite"
    proc, base, _ = start(workdir, env={"BOT_DATABASE": str(database)})
    try:
        yield proc, base, database
    finally:
        stop(proc)


def test_a_read_only_store_is_reported_counted_and_recovers_by_itself(store_server):
    proc, base, database = store_server
    status, first = call(base, "/api/v1/chat", {"message": "how do I close my account"})
    assert status == 200
    unrecorded_before = health(base)["unrecorded"]
    recorded_before = stored_reply_ids(database)
    with read_only(database):
        detected = wait_for(lambda: health(base)["store"] == "read_only", timeout=10)
        time.sleep(CHECK_FRESH_SECONDS)  # every worker's last check is now from after the fault
        report = health(base)
        assert report["status"] == "degraded" and "read-only" in report["problems"][0]
        # Workers that start now (a crash, a deploy) open the file read-only: the case that used to go unnoticed.
        for pid in workers(proc.pid):
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: _answers(base), timeout=30)
        answered = []
        for n in range(20):
            status, reply = call(base, "/api/v1/chat", {"message": question(n)})
            assert status == 200 and reply["answer"]
            answered.append(reply)
        status, refused = call(base, "/api/v1/feedback", {"reply_id": first["reply_id"], "helpful": True})
        assert status == 503 and refused["error"]["code"] == "store_unavailable"
        during = health(base)
    counted = during["unrecorded"] - unrecorded_before
    recorded = stored_reply_ids(database) - recorded_before
    assert len(answered) == counted + len(recorded & {r["reply_id"] for r in answered})
    writable = time.monotonic()
    recovered = wait_for(lambda: health(base)["store"] == "ok", timeout=10)
    # The conversations begun during the outage go on, and are recorded from now on.
    went_on = 0
    for reply in answered:
        status, follow = call(base, "/api/v1/chat", {"message": "and then?", "session_id": reply["session_id"]})
        assert status == 200, follow
        went_on += 1
    assert {r["session_id"] for r in answered} <= stored_ids(database, "sessions", "id")
    assert call(base, "/api/v1/feedback", {"reply_id": first["reply_id"], "helpful": True})[0] == 201
    figure(
        "read-only store",
        f"/health said read_only {detected:.1f} s after; 20 answered during it, {counted} counted unrecorded in "
        f"/health, 0 silently lost; feedback 503; recovered {recovered:.1f} s after it was writable "
        f"({time.monotonic() - writable:.1f} s to the last follow-up) without a signal; "
        f"{went_on}/20 conversations begun during it went on",
    )


def test_a_held_write_lock_bounds_every_wait(store_server):
    proc, base, database = store_server
    status, first = call(base, "/api/v1/chat", {"message": "how do I close my account"})
    assert status == 200
    unrecorded_before = health(base)["unrecorded"]
    waits = {"chat": [], "feedback": [], "handoff": []}
    with write_lock(database):
        detected = wait_for(lambda: health(base)["store"] == "locked", timeout=10)
        for n in range(6):
            for kind, path, body, expected in (
                ("chat", "/api/v1/chat", {"message": question(n)}, 200),
                ("feedback", "/api/v1/feedback", {"reply_id": first["reply_id"], "helpful": True}, 503),
                ("handoff", "/api/v1/handoff", {"session_id": first["session_id"]}, 503),
            ):
                started = time.monotonic()
                status, answer = call(base, path, body)
                waits[kind].append(time.monotonic() - started)
                assert status == expected, answer
                if status == 503:
                    assert answer["error"]["code"] == "store_unavailable"
        counted = health(base)["unrecorded"] - unrecorded_before
    assert counted == 6
    assert wait_for(lambda: health(base)["status"] == "ok", timeout=10) < 10
    longest = max(max(w) for w in waits.values())
    # The documented limit is the store's timeout (2 s) per request; what is measured is reported, with a margin
    # for a machine under load.
    assert longest < 2 + 3
    figure(
        "write lock held by another process",
        f"/health said locked {detected:.1f} s after; longest wait {longest:.2f} s (limit 2 s): chat "
        f"{max(waits['chat']):.2f} s (answered, {counted} counted unrecorded), feedback {max(waits['feedback']):.2f} s "
        f"and hand-off {max(waits['handoff']):.2f} s (503)",
    )


def test_while_writes_wait_for_a_held_lock_other_requests_do_not(store_server):
    proc, base, database = store_server
    unrecorded_before = health(base)["unrecorded"]
    waits = []
    with write_lock(database), Load(base, threads=4) as load:
        time.sleep(0.5)
        for _ in range(20):
            started = time.monotonic()
            assert call(base, "/api/v1/conflicts")[0] == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.1)
    counted = health(base)["unrecorded"] - unrecorded_before
    assert load.answered and not load.other and counted == len(load.answered)
    # A worker waiting on the lock must still serve its other connections: a wait in the database driver would
    # stop the worker's event loop, and every request on it would queue behind the writes.
    assert max(waits) < 1.5
    figure(
        "write lock held, 4 clients chatting",
        f"{len(load.answered)} chats answered (each counted unrecorded); meanwhile 20/20 reads answered, median "
        f"{statistics.median(waits) * 1000:.0f} ms, longest {max(waits) * 1000:.0f} ms",
    )


def _answers(base: str) -> bool:
    try:
        return call(base, "/api/v1/entries")[0] == 200
    except OSError:
        return False


def test_sigterm_during_load_loses_no_answer(tmp_path):
    proc, base, database = start(tmp_path)
    try:
        with Load(base, threads=3) as load:
            time.sleep(2)
            stopping = time.monotonic()
            proc.terminate()
            code = proc.wait(60)
            took = time.monotonic() - stopping
    finally:
        stop(proc)
    answered = set(load.answered)
    assert code == 0 and answered and answered <= stored_reply_ids(database)
    figure("SIGTERM during load", f"{len(answered)} answered, all recorded; stopped in {took:.1f} s, exit status 0")
