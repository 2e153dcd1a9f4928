"""Runs the app on gunicorn: one app (knowledge base and index) per worker, graceful stop on Ctrl-C and SIGTERM."""

from __future__ import annotations

import signal
import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter


class _GracefulArbiter(Arbiter):
    """Treats Ctrl-C like SIGTERM: workers finish the request (and its write) they are handling."""

    def handle_int(self) -> None:
        self.handle_term()


def _worker_ignores_ctrl_c(worker: Any) -> None:
    # A terminal's Ctrl-C reaches the workers too; they stop only when the master tells them, after their request.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Server(BaseApplication):
    """A gunicorn application that builds the Flask app with `factory` in each worker."""

    def __init__(
        self, factory: Any, host: str, port: int, workers: int, quiet: bool = False, access_log: str | None = None
    ):
        self.factory = factory
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "graceful_timeout": 30,
            "timeout": 60,
            "post_worker_init": _worker_ignores_ctrl_c,
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
        return self.factory()

    def run(self) -> None:
        try:
            _GracefulArbiter(self).run()
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(1)
