"""Per-client rate limits on the endpoints that write (chat, feedback, hand-off) and on agents signing in."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Endpoint -> config key holding its limit.
LIMITED = {
    "api.chat": "CHAT_RATE_LIMIT",
    "api.feedback": "FEEDBACK_RATE_LIMIT",
    "api.handoff": "HANDOFF_RATE_LIMIT",
    "triage.signin": "SIGNIN_RATE_LIMIT",
}


def init_app(app: Flask) -> Limiter:
    """Attach a limiter to the app's registered endpoints; RATELIMIT_* config keys apply."""
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    for endpoint, key in LIMITED.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[key])(view)  # type: ignore[assignment]
    return limiter
