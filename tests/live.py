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
