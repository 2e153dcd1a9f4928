"""Load benchmark of the HTTP service: wrk on loopback against chat and health on the same server.

Prints requests per second, p50/p99 latency and errors per endpoint, with the reply cache on and off, and
checks that the store holds exactly one exchange for every chat request the server answered.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..kb import loader
from ..store import open_store
from .bench import PROBE

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class WrkResult:
    """What one wrk run reported."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


def parse_wrk(output: str) -> WrkResult:
    """Figures from wrk's --latency report."""

    def latency(pct: str) -> float:
        match = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    requests = re.search(r"(\d+) requests in", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests=int(requests.group(1)) if requests else 0,
        rps=float(rps.group(1)) if rps else 0.0,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def chat_bodies(knowledge: str | None) -> list[str]:
    """Varied chat messages: the probe questions, every entry's question and the out-of-scope examples."""
    kb = loader.load(knowledge)
    texts = [json.loads(line)["q"] for line in PROBE.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [e.question for e in kb.entries.values()] + list(kb.scope.out_of_scope)
    return [json.dumps({"message": t}, ensure_ascii=False) for t in dict.fromkeys(texts)]


def lua_script(bodies: list[str]) -> str:
    """A wrk script that cycles through the chat bodies."""
    items = ",\n".join(f"[==[{b}]==]" for b in bodies)
    return (
        f"local bodies = {{\n{items}\n}}\n"
        "local i = 0\n"
        'local headers = {["Content-Type"] = "application/json"}\n'
        "request = function()\n"
        "  i = i % #bodies + 1\n"
        '  return wrk.format("POST", "/api/v1/chat", headers, bodies[i])\n'
        "end\n"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start in time")


def _wrk(
    wrk: str, url: str, args: argparse.Namespace, script: Path | None = None, seconds: int | None = None
) -> WrkResult:
    command = [wrk, "-t1", f"-c{args.connections}", f"-d{seconds or args.duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(result.stdout)


def run_once(wrk: str, args: argparse.Namespace, workdir: Path, script: Path, cache: int) -> dict:
    """Start a server, load health then chat, stop it, and count what it recorded."""
    port = _free_port()
    database, access = workdir / f"store-{cache}.sqlite", workdir / f"access-{cache}.log"
    env = {
        **os.environ,
        "BOT_DATABASE": str(database),
        "BOT_RATELIMIT_ENABLED": "false",
        "BOT_REPLY_CACHE_SIZE": str(cache),
    }
    command = [sys.executable, "-m", "bot"]
    if args.knowledge:
        command += ["--knowledge", args.knowledge]
    command += ["serve", "--port", str(port), "--workers", str(args.workers), "--quiet", "--access-log", str(access)]
    proc = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc)
        _wrk(wrk, base + "/api/v1/health", args, seconds=2)  # warm-up
        health = _wrk(wrk, base + "/api/v1/health", args)
        chat = _wrk(wrk, base + "/api/v1/chat", args, script=script)
    finally:
        proc.terminate()
        proc.wait(60)
    answered = sum(1 for line in access.read_text().splitlines() if '"POST /api/v1/chat' in line and '" 200 ' in line)
    stored = open_store(str(database)).count("exchanges")
    return {"health": health, "chat": chat, "answered": answered, "stored": stored}


def main(args: argparse.Namespace) -> int:
    """Run the load benchmark and print its figures."""
    wrk = shutil.which("wrk")
    if not wrk:
        print("error: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    bodies = chat_bodies(args.knowledge)
    print(
        f"# HTTP load: wrk, 1 thread, {args.connections} connections, {args.duration} s per endpoint, "
        f"{args.workers} gunicorn workers, rate limits off, loopback, {os.cpu_count()} CPUs shared by both"
    )
    print(f"chat messages: {len(bodies)} distinct, cycled (probe questions, entry questions, out-of-scope examples)\n")
    print(
        f"{'reply cache':<12} {'endpoint':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sock err':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        script = workdir / "chat.lua"
        script.write_text(lua_script(bodies), encoding="utf-8")
        for cache in (2048, 0):
            figures = run_once(wrk, args, workdir, script, cache)
            label = "on (2048)" if cache else "off"
            for name in ("health", "chat"):
                r: WrkResult = figures[name]
                print(
                    f"{label:<12} {name:<8} {r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.non_2xx:>8} {r.socket_errors:>8}"
                )
            ratio = figures["chat"].rps / figures["health"].rps if figures["health"].rps else 0.0
            match = "exactly one each" if figures["stored"] == figures["answered"] else "MISMATCH"
            print(
                f"{'':<12} chat/health throughput: {ratio:.0%}; chat answered (server log) {figures['answered']}, "
                f"counted by wrk {figures['chat'].requests}, exchanges stored {figures['stored']}: {match}"
            )
    return 0
