"""Faults to inject into the store and the limits' storage, for tests that check the service rides them out.

- `Relay`: a TCP relay on a local port in front of a real server (PostgreSQL, Redis). `cut()` drops every open
  connection and refuses new ones, as a server that went away; `restore()` lets connections through again, as the
  server coming back. Point the service at `relay.url(real_url)`.
- `read_only(path)`: a SQLite store file (and its folder) the service can no longer write, until the block ends.
- `write_lock(path)`: another process holding the SQLite write lock, until the block ends.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


class Relay:
    """Forwards 127.0.0.1:<port> to `host:port` until cut."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    @classmethod
    def to(cls, url: str) -> Relay:
        """A relay to the server a URL names (default ports: PostgreSQL 5432, Redis 6379)."""
        parts = urlsplit(url)
        default = 6379 if parts.scheme.startswith("redis") else 5432
        return cls(parts.hostname or "127.0.0.1", parts.port or default)

    def url(self, url: str) -> str:
        """`url` with its host and port replaced by the relay's."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    def restore(self) -> Relay:
        """Accept and forward connections (again)."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    start = restore

    def cut(self) -> None:
        """Drop every connection and refuse new ones, as a server that went away."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self._open.clear()

    def __enter__(self) -> Relay:
        return self.restore()

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@contextmanager
def read_only(path: str | Path) -> Iterator[None]:
    """The SQLite file, its journal files and its folder made unwritable, then writable again.

    Root writes to files whatever their mode, so as root they are made immutable (`chattr +i`) instead.
    """
    store = Path(path)
    # Not the -shm file: SQLite maps it into memory, and a mapped page that cannot be written kills the process.
    targets = [p for p in (store, store.with_name(store.name + "-wal")) if p.exists()]
    targets.append(store.parent)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, targets)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, targets)], check=True)
        return
    saved = {p: stat.S_IMODE(p.stat().st_mode) for p in targets}
    for p in targets:
        p.chmod(saved[p] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield
    finally:
        for p, mode in saved.items():
            p.chmod(mode)


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def write_lock(path: str | Path) -> Iterator[None]:
    """Another process holds the SQLite store's write lock for the length of the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait(10)
