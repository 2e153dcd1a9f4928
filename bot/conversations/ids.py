"""Identifiers the service hands out (sessions, replies, hand-offs, messages) and the lookups that fail on them."""

from __future__ import annotations

import base64
import hashlib
import hmac
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


SESSION_RANDOM = 22
"""Characters of randomness at the start of a session id; the rest is a signature over them."""


def _signature(secret: bytes, token: str) -> str:
    digest = hmac.new(secret, b"session:" + token.encode("ascii"), hashlib.sha256).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def new_session_id(secret: bytes) -> str:
    """A random session id signed with `secret`: the service knows it issued one even if nothing of it was recorded."""
    token = new_id()
    return token + _signature(secret, token)


def issued(secret: bytes, session_id: str) -> bool:
    """Whether `session_id` was made by `new_session_id` with this secret (never for an empty secret)."""
    if not secret or len(session_id) != SESSION_RANDOM + 12:
        return False
    token, signature = session_id[:SESSION_RANDOM], session_id[SESSION_RANDOM:]
    return hmac.compare_digest(signature, _signature(secret, token))
