"""Starting the real service as a process, the way the README says, for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One JSON request; returns the status and the decoded body."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def start(workdir: Path, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, str, Path]:
    """Run `python -m bot serve` on a free port with a store in `workdir`; wait until it answers."""
    port = free_port()
    database = workdir / "store.sqlite"
    environment = {
        **os.environ,
        "BOT_DATABASE": str(database),
        "BOT_RATELIMIT_ENABLED": "false",
        "BOT_SECRET_KEY": "live-test-secret",
        **(env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", "2", *args],
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited early: {proc.stdout.read()}")
        try:
            if call(base, "/api/v1/health")[0] == 200:
                return proc, base, database
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("server did not answer within 90 s")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started by `start` (SIGTERM, then SIGKILL if it lingers)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def raw(base: str, data: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are over one connection; the status, headers (lower-case names) and body answered."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        try:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before it has read everything
        received = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/") else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body
