"""Timing of the support team's pages and API on a large store (fill one with `python -m bot fill-store`).

Starts `python -m bot serve` (one worker) on the store named by `--database`, signs in, and prints p50 and p95
per request over one kept-alive connection on loopback: the queue page and API (first page, a page far down by
following `next`, each filter and a status), a conversation, the gaps page and API, the figures page.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from ..store import open_store
from ..support import agents
from .loadbench import _free_port, _wait_healthy

PASSWORD = "bench password, not secret"


class Client:
    """One kept-alive HTTP connection to the server, with the sign-in cookie once signed in."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None) -> Any:
        self.connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.headers["Cookie"] = cookie.split(";", 1)[0]
        return response.status, data

    def sign_in(self, name: str, password: str) -> None:
        _, page = self.request("GET", "/triage/signin")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page)
        form = urllib.parse.urlencode(
            {"name": name, "password": password, "csrf_token": token.group(1).decode() if token else ""}
        )
        status, _ = self.request("POST", "/triage/signin", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise SystemExit(f"could not sign in: {status}")


def timed(call: Callable[[], Any], rounds: int) -> list[float]:
    """Milliseconds per call, after one call to warm caches."""
    call()
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def report(name: str, millis: list[float]) -> None:
    """One line: p50 and p95 over the rounds."""
    ordered = sorted(millis)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"  {name:<46} p50 {statistics.median(ordered):8.1f} ms   p95 {p95:8.1f} ms   ({len(ordered)} runs)")


def main(args: argparse.Namespace) -> int:
    """`python -m bot bench-store`."""
    store = open_store(args.database)
    store.init()
    if store.agent(name="bench") is None:
        agents.add_agent(store, "bench", PASSWORD)
    token = agents.new_token(store, "bench")
    exchanges, sessions, where = store.count("exchanges"), store.count("sessions"), store.where
    store.close()

    port = _free_port()
    env = {**os.environ, "BOT_DATABASE": args.database, "BOT_RATELIMIT_ENABLED": "false"}
    command = [sys.executable, "-m", "bot"]
    if args.knowledge:
        command += ["--knowledge", args.knowledge]
    command += ["serve", "--port", str(port), "--workers", "1", "--quiet"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc)
        measure(Client(port), token, args, f"{where}, {exchanges} exchanges in {sessions} conversations")
    finally:
        proc.terminate()
        proc.wait(60)
    return 0


def measure(client: Client, token: str, args: argparse.Namespace, what: str) -> None:
    """Time each page and API call on the running server."""
    client.sign_in("bench", PASSWORD)
    auth = {"Authorization": f"Bearer {token}"}

    def ok(path: str, headers: dict[str, str] | None = None) -> Callable[[], Any]:
        def call() -> Any:
            status, body = client.request("GET", path, headers=headers)
            if status != 200:
                raise SystemExit(f"GET {path}: {status} {body[:200]!r}")
            return json.loads(body) if headers else body

        return call

    print(f"# support pages and API on {what}; one server worker, one kept-alive connection on loopback")
    rounds = args.rounds
    report("queue page /triage/", timed(ok("/triage/"), rounds))
    report("queue API /api/v1/triage/queue", timed(ok("/api/v1/triage/queue", auth), rounds))
    cursor = None
    for _ in range(args.deep):
        page = ok("/api/v1/triage/queue" + (f"?next={cursor}" if cursor else ""), auth)()
        cursor = page["next"] or cursor
    if cursor:
        deep = f"/api/v1/triage/queue?next={cursor}"
        report(f"queue API, page {args.deep + 1} (by next)", timed(ok(deep, auth), rounds))
    for query in (
        "filter=handoff",
        "filter=not_helpful",
        "filter=low_confidence",
        "filter=conflict",
        "status=resolved",
    ):
        report(f"queue API ?{query}", timed(ok(f"/api/v1/triage/queue?{query}", auth), rounds))
    first = ok("/api/v1/triage/queue", auth)()["items"]
    if first:
        item = f"/api/v1/triage/items/{first[0]['session_id']}"
        report("conversation API /api/v1/triage/items/<id>", timed(ok(item, auth), rounds))
    slow_rounds = max(3, rounds // 10)
    report("gaps page /triage/gaps (last 30 days)", timed(ok("/triage/gaps"), slow_rounds))
    report("gaps API /api/v1/triage/gaps", timed(ok("/api/v1/triage/gaps", auth), slow_rounds))
    figures = ok("/triage/figures")
    started = time.perf_counter()
    figures()  # counts and keeps each settled day of the period that is not kept yet
    print(f"  {'figures page, first view':<46} {(time.perf_counter() - started) * 1000:8.1f} ms")
    report("figures page /triage/figures (last 30 days)", timed(figures, slow_rounds))
