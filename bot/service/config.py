"""The service's configuration: defaults, then the instance folder's `config.py`, then `BOT_*` variables.

Read without building an app, so that command-line tools find the same store as the server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config
from flask.sansio.scaffold import find_package

from ..replies.assistant import REPLY_CACHE

DEFAULTS: dict[str, Any] = {
    "DATABASE": "bot.sqlite",  # relative paths are inside the instance folder; or postgresql://user@host/db
    "STORE_TIMEOUT": 2.0,  # seconds a request may wait on the store (a lock, a connection, a statement)
    "KNOWLEDGE_DIR": None,  # None: the knowledge base shipped with the package
    "REPLY_CACHE_SIZE": REPLY_CACHE,  # replies kept per worker for repeated questions; 0 turns the cache off
    "MAX_CONTENT_LENGTH": 16 * 1024,
    "MESSAGE_MAX_CHARS": 1000,
    "COMMENT_MAX_CHARS": 2000,
    "CONTACT_MAX_CHARS": 200,
    "CHAT_RATE_LIMIT": "30 per minute",
    "FEEDBACK_RATE_LIMIT": "20 per minute",
    "HANDOFF_RATE_LIMIT": "5 per minute",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",  # counts per worker; redis://host:6379/0 shares them between workers and hosts
    # A sliding window: a client never gets more than the limit in any minute, even across a window's edge.
    "RATELIMIT_STRATEGY": "moving-window",
    "CORS_ORIGINS": [],
    "TRUSTED_PROXIES": 0,  # reverse proxies in front of the service whose X-Forwarded-For/-Proto are believed
    "SECRET_KEY": None,  # None: one is generated once and kept in the instance folder file `secret_key`
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set true when the service is reached over HTTPS
    "SIGNIN_RATE_LIMIT": "5 per minute",
    "LOW_CONFIDENCE": 0.6,  # answers below this confidence go to the support team's queue
    "RETENTION_DAYS": None,  # None: keep conversations; N: each worker deletes those idle for more than N days
}


def instance_folder() -> str:
    """The instance folder Flask gives this package: `instance/` beside a checkout, `<prefix>/var/...` installed."""
    prefix, package_path = find_package(__package__ or "bot.service")
    if prefix is None:
        return str(Path(package_path) / "instance")
    return str(Path(prefix) / "var" / "bot.service-instance")


def load(
    test_config: Mapping[str, Any] | None = None,
    instance_path: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Defaults, then instance/config.py and BOT_* variables (or, for tests, `test_config`), then `overrides`."""
    config = Config(instance_path or instance_folder(), DEFAULTS)
    if test_config is None:
        config.from_pyfile("config.py", silent=True)
        config.from_prefixed_env("BOT")
    else:
        config.from_mapping(test_config)
    config.from_mapping(overrides or {})
    return config


def database_url(config: Mapping[str, Any], instance_path: str | os.PathLike[str]) -> str:
    """The configured store, with a relative file path resolved inside the instance folder."""
    url = str(config["DATABASE"])
    if "://" in url or Path(url).is_absolute():
        return url
    return str(Path(instance_path) / url)


def retention_days(config: Mapping[str, Any]) -> int | None:
    """The configured retention in days, or None (keep everything); a value that is not a whole number >= 1 is
    refused with a message naming the setting."""
    value = config.get("RETENTION_DAYS")
    if value in (None, "", 0, False):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"RETENTION_DAYS must be a whole number of days (at least 1), not {value!r}")
    return value
