"""Load benchmark of the HTTP service: wrk on loopback against chat and health on the same server.

Prints, per endpoint, requests per second, p50/p99 latency, errors and the server's CPU milliseconds per request
(read from /proc: steadier than requests per second on a shared machine), with the reply cache on and off, and
chat with a distinct message every request (no cache hit anywhere). Then the memory of each server process
(RSS, PSS and USS from /proc/<pid>/smaps_rollup) once the workers have answered `--memory-chats` distinct chats,
the start-up time of `serve` to its first answered request, and whether the store holds exactly one exchange for
every chat the server answered.
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..kb import loader
from ..store import open_store
from .bench import PROBE

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
DISTINCT_RUN = 5
"""Seconds of one run of distinct chats while the memory phase counts up to `--memory-chats`."""


@dataclass
class WrkResult:
    """What one wrk run reported, and the server CPU it cost."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    cpu_ms: float = float("nan")

    @property
    def cpu_per_request(self) -> float:
        """Server CPU milliseconds (all processes, user and system) per request."""
        return self.cpu_ms / self.requests if self.requests else float("nan")


@dataclass
class Memory:
    """One process's memory in MB: resident, proportional (shared pages split between sharers), private."""

    role: str
    pid: int
    rss: float
    pss: float
    uss: float


@dataclass
class Run:
    """One server's figures."""

    results: dict[str, WrkResult] = field(default_factory=dict)
    memory: list[Memory] = field(default_factory=list)
    distinct_chats: int = 0
    startup_s: float = float("nan")
    startup_cpu_s: float = float("nan")
    """CPU seconds the server's processes spent up to the first answer (steadier than elapsed time when shared)."""
    answered: int = 0
    stored: int = 0


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


def chat_texts(knowledge: str | None) -> list[str]:
    """Varied chat messages: the probe questions, every entry's question and the out-of-scope examples."""
    kb = loader.load(knowledge)
    texts = [json.loads(line)["q"] for line in PROBE.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [e.question for e in kb.entries.values()] + list(kb.scope.out_of_scope)
    return list(dict.fromkeys(texts))


def _lua_strings(texts: list[str]) -> str:
    return ",\n".join(f"[==[{json.dumps(t, ensure_ascii=False)[1:-1]}]==]" for t in texts)


def lua_script(texts: list[str], distinct: bool = False) -> str:
    """A wrk script posting the texts in turn; `distinct` adds a running number, so no two messages are the same."""
    # Each wrk connection has its own Lua state: the connection's number keeps their messages apart.
    suffix = ' .. " (" .. id .. "-" .. n .. ")"' if distinct else ""
    return (
        f"local texts = {{\n{_lua_strings(texts)}\n}}\n"
        "local i, n, id = 0, 0, 0\n"
        "local counter = 0\n"
        "setup = function(thread) counter = counter + 1; thread:set('id', counter) end\n"
        "init = function(args) id = wrk.thread:get('id') or 0 end\n"
        'local headers = {["Content-Type"] = "application/json"}\n'
        "request = function()\n"
        "  i = i % #texts + 1\n"
        "  n = n + 1\n"
        f"  local body = '{{\"message\": \"' .. texts[i]{suffix} .. '\"}}'\n"
        '  return wrk.format("POST", "/api/v1/chat", headers, body)\n'
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
            time.sleep(0.05)
    raise RuntimeError("the server did not start in time")


def _wait_workers(master: int, count: int, timeout: float = 30) -> None:
    """Wait until the server's master has forked all its workers.

    The first answer can come before the last worker exists; CPU read from an incomplete list of processes would
    leave out whatever the late worker serves."""
    deadline = time.monotonic() + timeout
    while len(children(master)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start its {count} workers in time")
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    """The process ids of a process's children (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(n) for n in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cpu_ms(pids: list[int]) -> float:
    """User and system CPU time of the processes so far, in milliseconds (from /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total * 1000 / TICKS


def memory(pid: int, role: str) -> Memory:
    """A process's RSS, PSS and USS (private clean + private dirty) in MB, from /proc/<pid>/smaps_rollup."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[name] = int(rest.split()[0])
    uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return Memory(role, pid, values.get("Rss", 0) / 1024, values.get("Pss", 0) / 1024, uss / 1024)


def _wrk_command(wrk: str, connections: int, seconds: int, script: Path | None, url: str) -> list[str]:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    return [*command, "-s", str(script), url] if script else [*command, url]


def _wrk(
    wrk: str, urls: list[str], args: argparse.Namespace, pids: list[int], script: Path | None, seconds: int
) -> WrkResult:
    """Load every server at once (the connections split between them); their figures summed, latency the worst."""
    connections = max(1, args.connections // len(urls))
    before = cpu_ms(pids)
    procs = [
        subprocess.Popen(_wrk_command(wrk, connections, seconds, script, url), stdout=subprocess.PIPE, text=True)
        for url in urls
    ]
    outputs = [proc.communicate()[0] for proc in procs]
    if any(proc.returncode for proc in procs):
        raise RuntimeError("wrk failed")
    parts = [parse_wrk(output) for output in outputs]
    return WrkResult(
        requests=sum(r.requests for r in parts),
        rps=sum(r.rps for r in parts),
        p50_ms=max(r.p50_ms for r in parts),
        p99_ms=max(r.p99_ms for r in parts),
        non_2xx=sum(r.non_2xx for r in parts),
        socket_errors=sum(r.socket_errors for r in parts),
        cpu_ms=cpu_ms(pids) - before,
    )


@contextmanager
def bench_store(database: str | None, workdir: Path, label: str) -> Iterator[str]:
    """A fresh store for one run: a SQLite file in `workdir`, or a new schema in the PostgreSQL `database`."""
    if database is None:
        yield str(workdir / f"store-{label}.sqlite")
        return
    from ..store.sql import scratch_schema

    with scratch_schema(database, f"bench_{label}_{os.getpid()}") as url:
        yield url


def _serve(args: argparse.Namespace, workdir: Path, env: dict[str, str], access: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-m", "bot"]
    if args.knowledge:
        command += ["--knowledge", args.knowledge]
    command += ["serve", "--port", str(port), "--workers", str(args.workers), "--quiet", "--access-log", str(access)]
    proc = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, f"http://127.0.0.1:{port}"


def run_once(wrk: str, args: argparse.Namespace, workdir: Path, scripts: dict[str, Path], cache: int) -> Run:
    """Start the servers (`--hosts` of them on one store), load health and chat, measure their memory, stop them,
    and count what they recorded."""
    run = Run()
    with bench_store(args.database, workdir, str(cache)) as database:
        env = {
            **os.environ,
            "BOT_DATABASE": database,
            "BOT_RATELIMIT_ENABLED": "false",
            "BOT_REPLY_CACHE_SIZE": str(cache),
        }
        logs = [workdir / f"access-{cache}-{n}.log" for n in range(args.hosts)]
        servers: list[tuple[subprocess.Popen, str]] = []
        starting = 0.0
        try:
            for log in logs:  # one after the other: the first creates an empty store's tables
                started = time.monotonic()
                servers.append(_serve(args, workdir, env, log))
                _wait_healthy(servers[-1][1], servers[-1][0])
                starting += time.monotonic() - started
                _wait_workers(servers[-1][0].pid, args.workers)
            run.startup_s = starting / len(logs)
            masters = [proc.pid for proc, _ in servers]
            pids = masters + [child for pid in masters for child in children(pid)]
            run.startup_cpu_s = cpu_ms(pids) / 1000 / len(masters)
            health = [base + "/api/v1/health" for _, base in servers]
            chat = [base + "/api/v1/chat" for _, base in servers]
            _wrk(wrk, health, args, pids, None, 2)  # warm-up
            run.results["health"] = _wrk(wrk, health, args, pids, None, args.duration)
            run.results["chat"] = _wrk(wrk, chat, args, pids, scripts["cycled"], args.duration)
            if cache:
                distinct = _wrk(wrk, chat, args, pids, scripts["distinct"], args.duration)
                run.results["chat, distinct"] = distinct
                run.distinct_chats = distinct.requests
                while run.distinct_chats < args.memory_chats:
                    more = _wrk(wrk, chat, args, pids, scripts["distinct"], DISTINCT_RUN)
                    if not more.requests:
                        break
                    run.distinct_chats += more.requests
                run.memory = [m for pid in masters for m in _memory_of(pid)]
        finally:
            for proc, _ in servers:
                proc.terminate()
            for proc, _ in servers:
                proc.wait(60)
        run.answered = sum(
            1
            for log in logs
            for line in log.read_text().splitlines()
            if '"POST /api/v1/chat' in line and '" 200 ' in line
        )
        store = open_store(database)
        run.stored = store.count("exchanges")
        store.close()
    return run


def _memory_of(master: int) -> list[Memory]:
    return [memory(master, "master")] + [memory(pid, "worker") for pid in children(master)]


def _print_run(label: str, run: Run) -> None:
    for name, r in run.results.items():
        print(
            f"{label:<12} {name:<15} {r.rps:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.cpu_per_request:>11.3f} "
            f"{r.non_2xx:>8} {r.socket_errors:>8}"
        )
    health = run.results["health"]
    for name, r in run.results.items():
        if name == "health" or not health.rps:
            continue
        print(
            f"{'':<12} {name} / health: {r.rps / health.rps:.0%} of the requests per second, "
            f"{r.cpu_per_request / health.cpu_per_request:.2f} times the CPU per request"
        )
    match = "exactly one each" if run.stored == run.answered else "MISMATCH"
    print(
        f"{'':<12} chats answered (server log) {run.answered}, exchanges stored {run.stored}: {match}; "
        f"start-up to the first answer {run.startup_s:.2f} s ({run.startup_cpu_s:.2f} s of CPU, master and workers)"
    )


def _print_memory(run: Run) -> None:
    print(f"\n# memory after {run.distinct_chats} distinct chats (reply cache on), MB")
    print(f"{'process':<8} {'pid':>8} {'RSS':>8} {'PSS':>8} {'USS':>8}")
    for m in run.memory:
        print(f"{m.role:<8} {m.pid:>8} {m.rss:>8.1f} {m.pss:>8.1f} {m.uss:>8.1f}")
    print(f"{'server':<8} {'':>8} {'':>8} {sum(m.pss for m in run.memory):>8.1f} (PSS of every process, summed)")


def main(args: argparse.Namespace) -> int:
    """Run the load benchmark and print its figures."""
    wrk = shutil.which("wrk")
    if not wrk:
        print("error: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    texts = chat_texts(args.knowledge)
    where = "SQLite (a file)" if args.database is None else "PostgreSQL (a new schema per run)"
    hosts = f"{args.hosts} servers on one store, the connections split between them, p50/p99 the slower's; " * (
        args.hosts > 1
    )
    print(
        f"# HTTP load: wrk, 1 thread, {args.connections} connections, {args.duration} s per endpoint, "
        f"{args.workers} gunicorn workers, rate limits off, loopback, {os.cpu_count()} CPUs shared by both"
    )
    print(f"store: {where}; {hosts}server CPU is every server process's")
    print(
        f"chat messages: {len(texts)} distinct, cycled (probe questions, entry questions, out-of-scope examples); "
        "'distinct': the same texts with a running number added, so that no message repeats\n"
    )
    print(
        f"{'reply cache':<12} {'endpoint':<15} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} "
        f"{'non-2xx':>8} {'sock err':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        scripts = {"cycled": workdir / "chat.lua", "distinct": workdir / "distinct.lua"}
        scripts["cycled"].write_text(lua_script(texts), encoding="utf-8")
        scripts["distinct"].write_text(lua_script(texts, distinct=True), encoding="utf-8")
        runs = {}
        for cache in (2048, 0):
            runs[cache] = run_once(wrk, args, workdir, scripts, cache)
            _print_run("on (2048)" if cache else "off", runs[cache])
        _print_memory(runs[2048])
    return 0
