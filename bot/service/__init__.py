"""The Flask service: JSON API, support pages and the widget's files over the core; views parse, call the core, render."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..kb import loader
from ..conversations.chat import Conversations
from ..matching.engine import Engine
from ..replies.assistant import Assistant
from ..store import Store, StoreError, open_store

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "DATABASE": "bot.sqlite",  # relative paths are inside the instance folder
    "KNOWLEDGE_DIR": None,  # None: the knowledge base shipped with the package
    "REPLY_CACHE_SIZE": 2048,  # replies kept per worker for repeated questions; 0 turns the cache off
    "MAX_CONTENT_LENGTH": 16 * 1024,
    "MESSAGE_MAX_CHARS": 1000,
    "COMMENT_MAX_CHARS": 2000,
    "CONTACT_MAX_CHARS": 200,
    "CHAT_RATE_LIMIT": "30 per minute",
    "FEEDBACK_RATE_LIMIT": "20 per minute",
    "HANDOFF_RATE_LIMIT": "5 per minute",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "CORS_ORIGINS": [],
    "TRUSTED_PROXIES": 0,  # reverse proxies in front of the service whose X-Forwarded-For/-Proto are believed
    "SECRET_KEY": None,  # None: one is generated once and kept in the instance folder file `secret_key`
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set true when the service is reached over HTTPS
    "SIGNIN_RATE_LIMIT": "5 per minute",
    "LOW_CONFIDENCE": 0.6,  # answers below this confidence go to the support team's queue
    "JSON_SORT_KEYS": False,
}


def database_url(app: Flask) -> str:
    """The configured store, with a relative file path resolved inside the instance folder."""
    url = str(app.config["DATABASE"])
    if "://" in url or Path(url).is_absolute():
        return url
    return str(Path(app.instance_path) / url)


def _configured(test_config: Mapping[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """A bare app holding the configuration: defaults, then instance/config.py and BOT_* variables (or test_config)."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("BOT")
    else:
        app.config.from_mapping(test_config)
    return app


def configured_store() -> Store:
    """The store the service is configured to use, created if missing (for command-line tools)."""
    return open_store(database_url(_configured())).init()


def create_app(
    test_config: Mapping[str, Any] | None = None, engine: Engine | None = None, instance_path: str | None = None
) -> Flask:
    """Build the app: config, knowledge base and index, store, API and triage pages, errors, headers and limits.

    `engine` lets callers that already built one (tests, benchmarks) skip rebuilding the index;
    `instance_path` replaces the default instance folder (tests use a temporary one).
    """
    app = _configured(test_config, instance_path)
    app.json.sort_keys = app.config["JSON_SORT_KEYS"]

    if engine is None:
        engine = Engine().fit(loader.load(app.config["KNOWLEDGE_DIR"]))
    store = open_store(database_url(app))
    try:
        store.init()
    except StoreError as exc:
        log.error("the store is unavailable; answering without recording: %s", exc)
    assistant = Assistant(engine, cache_size=int(app.config["REPLY_CACHE_SIZE"]))
    app.extensions["bot"] = Conversations(assistant, store)

    from . import api, auth, errors, headers, limits, pages, support_pages as triage, support_api as triage_api

    app.secret_key = auth.secret_key(app)
    app.session_interface = auth.SupportPagesSessions()
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Behind a proxy every request comes from the proxy's address; rate limits need the client's.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    errors.init_app(app)
    headers.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(triage.bp)
    app.register_blueprint(triage_api.bp)
    # The limiter only keeps a weak reference to itself in the app; hold it for the app's lifetime.
    app.extensions["bot.limiter"] = limits.init_app(app)
    return app
