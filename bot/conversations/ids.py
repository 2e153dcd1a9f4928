"""Identifiers the service hands out (sessions, replies, hand-offs, messages) and the lookups that fail on them."""

from __future__ import annotations

import re
import secrets

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
"""What an identifier handed out by this service looks like (`new_id` makes 22 characters of this alphabet)."""


class UnknownSession(LookupError):
    """No conversation has this session id."""


class UnknownReply(LookupError):
    """No recorded reply has this id."""


def new_id() -> str:
    """A random, URL-safe identifier for sessions, replies and hand-offs."""
    return secrets.token_urlsafe(16)
