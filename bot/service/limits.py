"""Per-client rate limits on the endpoints that write (chat, feedback, hand-off) and on agents signing in."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Endpoint -> config key holding its limit.
LIMITED = {
    "api.chat": "CHAT_RATE_LIMIT",
    "api.feedback": "FEEDBACK_RATE_LIMIT",
    "api.handoff": "HANDOFF_RATE_LIMIT",
    "triage.signin": "SIGNIN_RATE_LIMIT",
}


WAIT_STATUSES = (429, 503)
"""Only these answers tell the client to wait; a `Retry-After` on any other would read as "slow down"."""


def _retry_after_only_when_waiting(response: Response) -> Response:
    # The limiter writes Retry-After (the window's reset) on every answer of a limited endpoint.
    if response.status_code not in WAIT_STATUSES:
        response.headers.pop("Retry-After", None)
    return response


def init_app(app: Flask) -> Limiter:
    """Attach a limiter to the app's registered endpoints; RATELIMIT_* config keys apply."""
    # Registered before the limiter: Flask runs after-request functions last-registered first, so this one sees
    # the headers the limiter has added.
    app.after_request(_retry_after_only_when_waiting)
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    for endpoint, key in LIMITED.items():
        limited: Any = limiter.limit(app.config[key])(app.view_functions[endpoint])
        app.view_functions[endpoint] = limited
    return limiter
