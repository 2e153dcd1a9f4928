"""The Flask service: JSON API, support pages and the widget's files over the core; views parse, call the core, render."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..conversations.chat import Conversations
from ..replies.assistant import Assistant
from ..store import StoreError, open_store
from . import config
from .jsonio import MsgspecJSONProvider

if TYPE_CHECKING:
    from ..matching.engine import Engine

log = logging.getLogger(__name__)

RETENTION_FIRST_SECONDS = 10.0
"""With RETENTION_DAYS set, each worker purges within this many seconds of starting..."""
RETENTION_EVERY_SECONDS = 3600.0
"""...and then once an hour."""


def create_app(
    test_config: Mapping[str, Any] | None = None,
    *,
    engine: Engine | None = None,
    instance_path: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Flask:
    """Build the app: config, knowledge base and index, store, API and support pages, errors, headers and limits.

    `test_config` replaces the instance folder's config and the BOT_* variables (tests); `overrides` applies on
    top of either (the command line's options); `engine` lets callers that already built one skip rebuilding
    the index; `instance_path` replaces the default instance folder (tests use a temporary one).
    """
    settings = config.load(test_config, instance_path, overrides)
    app = Flask(__name__, instance_relative_config=True, instance_path=str(settings.root_path))
    app.config.update(settings)
    app.json = MsgspecJSONProvider(app)

    if engine is None:
        # Imported here: the configuration and the support tools are read without loading the matcher.
        from ..kb import loader
        from ..matching.engine import Engine

        engine = Engine().fit(loader.load(app.config["KNOWLEDGE_DIR"]))
    store = open_store(config.database_url(app.config, app.instance_path), timeout=float(app.config["STORE_TIMEOUT"]))
    try:
        store.init()
    except StoreError as exc:
        log.error("the store is unavailable; answering without recording: %s", exc)
    from . import api, auth, errors, headers, limits, pages, payload, support_api, support_pages

    app.secret_key = auth.secret_key(app)
    assistant = Assistant(engine, cache_size=int(app.config["REPLY_CACHE_SIZE"]))
    app.extensions["bot"] = Conversations(assistant, store, secret=app.secret_key.encode("utf-8"))
    app.session_interface = auth.SupportPagesSessions()
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # Behind a proxy every request comes from the proxy's address; rate limits need the client's.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    errors.init_app(app)
    payload.init_app(app)
    headers.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(support_pages.bp)
    app.register_blueprint(support_api.bp)
    # The limiter only keeps a weak reference to itself in the app; hold it for the app's lifetime.
    app.extensions["bot.limiter"] = limits.init_app(app)
    return app


def reload_knowledge(app: Flask) -> str:
    """Load, validate and index the configured knowledge base again, then answer from it; raise KnowledgeError
    (the validator's problems) and change nothing when it is invalid. Returns a summary of what is now served."""
    from .enginecache import fitted_engine

    # Fitted in a process of its own (or read back when nothing changed): the master the new workers fork from
    # takes in only the fitted engine, not what fitting needs.
    engine = fitted_engine(app.config["KNOWLEDGE_DIR"], app.instance_path)
    kb = engine.kb
    conversations: Conversations = app.extensions["bot"]
    # One reference swapped: a request already answering keeps the assistant it started with.
    conversations.assistant = Assistant(engine, cache_size=int(app.config["REPLY_CACHE_SIZE"]))
    return f"{len(kb.entries)} entries, {len(kb.conflicts)} conflicts, {len(kb.sources)} sources"


def keep_retention(app: Flask) -> None:
    """Delete conversations older than RETENTION_DAYS now and then, for as long as the process runs (a worker's
    background task; returns at once when retention is off). Every worker of every host does this: a purge that
    finds nothing costs one indexed query, and two purges at once delete each conversation once."""
    import random
    import time

    from ..conversations import retention

    days = config.retention_days(app.config)
    if days is None:
        return
    store = app.extensions["bot"].store
    time.sleep(random.uniform(0, RETENTION_FIRST_SECONDS))  # workers started together do not purge together
    while True:
        try:
            done = retention.purge(store, days)
        except StoreError as exc:
            log.warning("retention: purge not done, tried again later: %s", exc)
        else:
            if done.batches:
                log.info(
                    "retention: deleted %d conversation(s) idle for more than %d days (%d exchanges)",
                    done.deleted["sessions"],
                    days,
                    done.deleted["exchanges"],
                )
        time.sleep(RETENTION_EVERY_SECONDS)


def gather_writes(app: Flask, wait: Callable[[], None]) -> None:
    """Let the exchange writes of requests that take turns on one thread share a transaction: the first waits with
    `wait()` while the others run up to their own write (each reply is still sent once its exchange is committed)."""
    app.extensions["bot"].store.gather_writes(wait)


def detach(app: Flask) -> None:
    """Close the store's open connections: a process about to fork, or just forked, opens its own on next use."""
    app.extensions["bot"].store.close()
