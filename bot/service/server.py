"""Runs the app on gunicorn: built once before the workers fork, served by gevent workers, stopped gracefully.

Why this setup:

- **gevent workers.** A sync worker reads a request itself, so a client that sends its headers a byte at a time
  holds the whole worker until it is done; two such clients stop a two-worker service. A gevent worker reads each
  connection in a greenlet of its own (up to `CONNECTIONS` per worker) and gives up on one whose request head
  has not arrived within `HEAD_SECONDS`; the matching itself is CPU work, so the throughput is that of sync
  workers. Gunicorn's documentation recommends an async worker for a server that faces clients directly, which
  `make run` does.
- **Built once, before the fork** (`preload_app`): the knowledge base is loaded and the index fitted in the master;
  the workers share those pages. `gc.freeze()` moves every object made so far out of the collector's sight, so that
  a collection in a worker does not write to (and so copy) the shared pages. The modules a gevent worker's
  monkey-patching imports are imported in the master too, so that they are shared rather than each worker's own.
- **Publishing a changed knowledge base** (`SIGHUP` to the master): the master loads and validates the KB again
  and fits the new index, then gunicorn starts new workers from it and stops the old ones gracefully (each
  finishes the requests it holds). With a preloaded app this is the one place a new KB can come from: workers
  forked from the master copy what it holds, and refitting in each worker would give up the shared pages. An
  invalid KB is refused with the validator's message in the log; the running workers, and the KB they answer
  from, stay as they were.
- **Errors gunicorn answers itself** (a request line or headers too long, a malformed request) answer in the
  service's one JSON error shape, with its security headers, instead of gunicorn's HTML page.
"""

from __future__ import annotations

import gc
import importlib
import json
import signal
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

import gevent
import gunicorn.http.wsgi
import gunicorn.util
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.workers.ggevent import GeventWorker

from ..kb.knowledge import KnowledgeError
from .errors import HTTP_CODES
from .headers import CSP_API, SECURITY_HEADERS

CONNECTIONS = 1000
"""Connections one worker holds open at once; past them a new connection waits in the listen queue."""
HEAD_SECONDS = 5
"""How long a connection may take to send a request's line and headers (and stay idle between requests)."""
GEVENT_MODULES = (
    "gevent.monkey",
    "gevent.builtins",
    "gevent.events",
    "gevent.local",
    "gevent.lock",
    "gevent.os",
    "gevent.queue",
    "gevent.select",
    "gevent.selectors",
    "gevent.signal",
    "gevent.socket",
    "gevent.ssl",
    "gevent.subprocess",
    "gevent.thread",
    "gevent.threading",
    "gevent.time",
)
"""What `gevent.monkey.patch_all()`, run by each worker as it starts, imports: about 7 MB a worker when each imports
them for itself. Importing them patches nothing."""
LINGER_SECONDS = 1.0
LINGER_BYTES = 64 * 1024
"""After an error answer, what is still read (and dropped) from the client at most, so that the answer arrives."""


def write_error(sock: Any, status: int, reason: str, detail: str) -> None:
    """Gunicorn's own error answer, in the service's JSON shape and with its headers (`detail` is not echoed)."""
    code, message = HTTP_CODES.get(status, ("bad_request" if status < 500 else "internal_error", reason))
    body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
    headers = {
        **SECURITY_HEADERS,
        "Content-Security-Policy": CSP_API,
        "Cache-Control": "no-store",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)
    _linger(sock)


def _linger(sock: Any) -> None:
    """Read and drop what the client is still sending, for a moment, before the connection closes.

    Closed with unread bytes waiting (the rest of a request line too long to read), a socket resets the connection,
    and the client may lose the answer just sent; a lingering close lets the answer arrive first.
    """
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(LINGER_SECONDS)
        drained = 0
        while drained < LINGER_BYTES:
            chunk = sock.recv(16384)
            if not chunk:
                break
            drained += len(chunk)
    except OSError:
        pass


class _Gathered:
    """Stands in for a socket while a response's first write runs: keeps what would be sent."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(data)


class OneWriteResponse(gunicorn.http.wsgi.Response):
    """Gunicorn's response, sending the headers and the first part of the body (all of a JSON answer) in one write.

    Gunicorn sends the headers, then the body, in two writes: two system calls, and two packets for the client to
    take in, on every answer. Gunicorn's own code still frames both; only where the bytes go differs.
    """

    def write(self, arg: bytes) -> None:
        if self.headers_sent:
            super().write(arg)
            return
        sock: Any = getattr(self, "sock")  # noqa: B009 - gunicorn's attribute is untyped
        gathered = _Gathered()
        setattr(self, "sock", gathered)  # noqa: B010
        try:
            super().write(arg)
        finally:
            setattr(self, "sock", sock)  # noqa: B010
        if gathered.parts:
            sock.sendall(b"".join(gathered.parts))


class Worker(GeventWorker):
    """Gunicorn's gevent worker, answering the errors it raises itself in the service's JSON shape, and sending
    each answer's headers with its body."""

    def init_process(self) -> None:
        # Gunicorn writes those answers through this one function, and builds each response from this class (in
        # the worker process only).
        gunicorn.util.write_error = write_error
        gunicorn.http.wsgi.Response = OneWriteResponse
        super().init_process()


class _GracefulArbiter(Arbiter):
    """Treats Ctrl-C like SIGTERM: workers finish the request (and its write) they are handling. On SIGHUP, the
    knowledge base is reloaded in the master first; when it is invalid the workers are left serving."""

    app: Server

    def handle_int(self) -> None:
        self.handle_term()

    def reload(self) -> None:
        if self.app.refresh_knowledge(self.log):
            super().reload()


def _worker_ignores_ctrl_c(worker: Any) -> None:
    # A terminal's Ctrl-C reaches the workers too; they stop only when the master tells them, after their request.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Server(BaseApplication):
    """A gunicorn application serving the Flask app that `factory` builds once, in the master, before forking.

        `detach(app)` lets go of what two processes must not share (open database connections): it runs in the master
        once the app is built, before any fork, and in each worker before it serves (whose connection pool is then
        made anew, after gevent has patched the locks it uses). `gather(app, wait)` tells the app how a worker's requests
    take turns (see `gather_writes`). `background(app)` runs in each worker beside the
        requests, for as long as the worker lives (the retention purge).
    """

    def __init__(
        self,
        factory: Callable[[], Any],
        host: str,
        port: int,
        workers: int,
        quiet: bool = False,
        access_log: str | None = None,
        detach: Callable[[Any], None] | None = None,
        reload: Callable[[Any], str] | None = None,
        background: Callable[[Any], None] | None = None,
        gather: Callable[[Any, Callable[[], None]], None] | None = None,
    ):
        self.factory = factory
        self.background = background
        self.gather = gather
        self.detach = detach
        self.reload_knowledge = reload
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": Worker,
            "worker_connections": CONNECTIONS,
            "keepalive": HEAD_SECONDS,
            "preload_app": True,
            "graceful_timeout": 30,
            "timeout": 60,
            "post_worker_init": self._worker_ready,
            "loglevel": "warning" if quiet else "info",
            "accesslog": access_log,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if "control_socket_disable" in self.cfg.settings:
            # Newer gunicorn opens a control socket under $HOME; this service has no use for it.
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        app = self.factory()
        if self.detach is not None:
            self.detach(app)
        for name in GEVENT_MODULES:
            importlib.import_module(name)
        # Everything built so far lives as long as the server: the collector need not look at it again, and
        # a worker's collections then leave the pages it shares with the master unwritten.
        gc.collect()
        gc.freeze()
        return app

    def refresh_knowledge(self, log: Any) -> bool:
        """Reload the knowledge base into the preloaded app; False (and the validator's message logged) if invalid."""
        if self.reload_knowledge is None or self.callable is None:
            return True
        try:
            summary = self.reload_knowledge(self.callable)
        except KnowledgeError as exc:
            log.error("knowledge base not reloaded; the workers keep answering from the one loaded before.\n%s", exc)
            return False
        except Exception:  # a failure to fit must not take the running service down with it
            log.exception("knowledge base not reloaded; the workers keep answering from the one loaded before")
            return False
        # The old index is garbage now; collect it before freezing what the new workers will share.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        log.warning("knowledge base reloaded: %s; new workers answer from it, the old ones finish and stop", summary)
        return True

    def _worker_ready(self, worker: Any) -> None:
        _worker_ignores_ctrl_c(worker)
        if self.detach is not None:
            self.detach(worker.wsgi)
        if self.gather is not None:
            # Requests take turns on the worker's one thread: a write waits until no other request can run, so
            # that those ready meanwhile reach their own writes and commit with it.
            self.gather(worker.wsgi, gevent.idle)
        if self.background is not None:
            # A thread here is a greenlet (the worker has patched threading): it runs between requests.
            threading.Thread(target=self.background, args=(worker.wsgi,), daemon=True).start()

    def run(self) -> None:
        try:
            _GracefulArbiter(self).run()
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(1)
