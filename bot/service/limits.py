"""Per-client rate limits on the endpoints that write (chat, feedback, hand-off) and on agents signing in.

With the default `memory://` storage each worker process counts on its own, so a client can get up to the limit
from every worker. With `RATELIMIT_STORAGE_URI=redis://...` every worker and host shares one count. If Redis
cannot be reached, each worker counts in its own memory until Redis answers again (checked with back-off), and
`/health` says so: limits are never lifted altogether.
"""

from __future__ import annotations

from flask import Flask, Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from ..conversations.shapes import LimitsState

# Endpoint -> config key holding its limit.
LIMITED = {
    "api.chat": "CHAT_RATE_LIMIT",
    "api.feedback": "FEEDBACK_RATE_LIMIT",
    "api.handoff": "HANDOFF_RATE_LIMIT",
    "triage.signin": "SIGNIN_RATE_LIMIT",
}
REDIS_TIMEOUT = 0.5
"""Seconds a request waits for Redis before the worker counts on its own (`RATELIMIT_STORAGE_OPTIONS` overrides)."""


WAIT_STATUSES = (429, 503)
"""Only these answers tell the client to wait; a `Retry-After` on any other would read as "slow down"."""


def _retry_after_only_when_waiting(response: Response) -> Response:
    # The limiter writes Retry-After (the window's reset) on every answer of a limited endpoint.
    if response.status_code not in WAIT_STATUSES:
        response.headers.pop("Retry-After", None)
    return response


def init_app(app: Flask) -> Limiter:
    """Attach a limiter to the app's registered endpoints; RATELIMIT_* config keys apply."""
    shared = not str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://")
    if shared:
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}
        )
    limiter = Limiter(get_remote_address, headers_enabled=True, in_memory_fallback_enabled=shared)
    if app.config["RATELIMIT_ENABLED"]:
        # Registered before the limiter: Flask runs after-request functions last-registered first, so this one
        # sees the headers the limiter has added (none when the limits are off).
        app.after_request(_retry_after_only_when_waiting)
    limiter.init_app(app)
    if not limiter.enabled:
        # Off, the limiter's wrapper would still look up and evaluate (no) limits on every request it wraps.
        return limiter
    for endpoint, key in LIMITED.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[key])(view)  # type: ignore[assignment]
    return limiter


def state(app: Flask) -> LimitsState:
    """Where the counts are kept now: shared (Redis answers), per worker (memory, or Redis unreachable), or off."""
    limiter: Limiter = app.extensions["bot.limiter"]
    if not app.config["RATELIMIT_ENABLED"]:
        return "off"
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        return "per_worker"
    try:
        answers = limiter.storage.check()
    except Exception:  # noqa: BLE001 - any failure of the storage client means it cannot be used
        answers = False
    return "shared" if answers else "unreachable"
