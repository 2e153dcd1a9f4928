"""End to end: the service started as the README says, spoken to over HTTP, stopped with Ctrl-C and SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from chaos import stored_reply_ids
from live import call, free_port, raw, start, stop

ROOT = Path(__file__).resolve().parent.parent


def test_served_api_end_to_end_and_ctrl_c_loses_no_write(tmp_path):
    proc, base, database = start(tmp_path)
    try:
        status, health = call(base, "/api/v1/health")
        assert health["status"] == "ok" and health["knowledge"]["entries"] > 0
        status, reply = call(
            base, "/api/v1/chat", {"message": "How long is my personal data kept once the account is closed?"}
        )
        assert status == 200 and reply["entry"]["id"]
        status, follow = call(base, "/api/v1/chat", {"message": "why so long?", "session_id": reply["session_id"]})
        assert status == 200 and follow["entry"] == reply["entry"]
        assert call(base, "/api/v1/feedback", {"reply_id": follow["reply_id"], "helpful": True})[0] == 201
        status, ticket = call(base, "/api/v1/handoff", {"session_id": reply["session_id"]})
        assert status == 201 and ticket["exchanges"] == 2
        assert call(base, "/api/v1/nope")[1]["error"]["code"] == "not_found"

        answered: list[str] = []
        stop = threading.Event()

        def talk() -> None:
            while not stop.is_set():
                try:
                    status, body = call(base, "/api/v1/chat", {"message": "can I close my account from the app"})
                except OSError:
                    return
                if status == 200:
                    answered.append(body["reply_id"])

        threads = [threading.Thread(target=talk) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
        assert proc.wait(60) == 0
        stop.set()
        for t in threads:
            t.join(15)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = proc.stdout.read()
    assert f"{base}/" in output
    assert answered, "no request was answered while the server ran"
    assert set(answered) <= stored_reply_ids(database)


def test_sigterm_stops_cleanly(tmp_path):
    proc, base, database = start(tmp_path)
    status, reply = call(base, "/api/v1/chat", {"message": "what happens to my nfts"})
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 0
    assert reply["reply_id"] in stored_reply_ids(database)


def test_broken_knowledge_base_stops_the_start(kb_copy):
    (kb_copy / "conflicts.yaml").write_text("conflicts:\n  - id: Bad Id\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(kb_copy), "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "conflicts.yaml" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_bad_port():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", "99999"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2 and "65535" in result.stderr


# What the HTTP server refuses before the app sees the request: the one JSON shape and the headers all the same.
PROTOCOL_ERRORS = [
    ("uri-too-long", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    ("headers-too-many", b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431, "headers_too_large"),
    ("header-too-long", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 9000 + b"\r\n\r\n", 431, "headers_too_large"),
    ("bad-request-line", b"HELLO\r\n\r\n", 400, "bad_request"),
    ("http-0.9", b"GET /\r\n\r\n", 400, "bad_request"),
    (
        "negative-length",
        b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
        400,
        "bad_request",
    ),
    (
        "malformed-chunks",
        b"POST /api/v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        400,
        "bad_request",
    ),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    proc, base, database = start(tmp_path_factory.mktemp("served"))
    yield base
    stop(proc)


@pytest.mark.parametrize("name, data, status, code", PROTOCOL_ERRORS, ids=[case[0] for case in PROTOCOL_ERRORS])
def test_errors_the_http_server_answers_itself_are_in_the_one_shape(served, name, data, status, code):
    answered, headers, body = raw(served, data)
    assert answered == status, body
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == code
    assert set(json.loads(body)["error"]) == {"code", "message"}
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store" and "content-security-policy" in headers


class _Sock:
    def __init__(self):
        self.sent: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.sent.append(data)


class _Req:
    version = (1, 1)
    method = "GET"

    def should_close(self) -> bool:
        return False


@pytest.mark.parametrize("length", [True, False])
def test_an_answer_goes_out_in_one_write_with_its_headers(length):
    from gunicorn.config import Config

    from bot.service.server import OneWriteResponse

    sock = _Sock()
    response = OneWriteResponse(_Req(), sock, Config())
    body = b'{"status":"ok"}'
    headers = [("Content-Type", "application/json")] + ([("Content-Length", str(len(body)))] if length else [])
    response.start_response("200 OK", headers)
    response.write(body)
    assert len(sock.sent) == 1
    head, _, sent_body = sock.sent[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"Content-Type: application/json" in head
    # Without a length the body is framed in chunks, as gunicorn frames it.
    assert sent_body == (body if length else b"F\r\n" + body + b"\r\n")
    response.write(b"" if length else b"more")  # later parts go out as before
    assert len(sock.sent) == (1 if length else 2)


def test_the_master_imports_what_each_workers_monkey_patching_would():
    code = (
        "import importlib, sys\n"
        "from bot.service.server import GEVENT_MODULES\n"
        "for name in GEVENT_MODULES: importlib.import_module(name)\n"
        "before = set(sys.modules)\n"
        "from gevent import monkey; monkey.patch_all()\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('gevent') and '._' not in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
