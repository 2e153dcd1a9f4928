"""Identifiers the service hands out (sessions, replies, hand-offs, messages) and the lookups that fail on them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
"""What an identifier handed out by this service looks like (`new_id` makes 34 characters of this alphabet)."""

TIME_CHARS = 12
"""An id starts with the milliseconds since 1970 in this many lowercase hexadecimal digits (48 bits), which sort
as the times do, as text and as bytes."""


class UnknownSession(LookupError):
    """No conversation has this session id."""


class UnknownReply(LookupError):
    """No recorded reply has this id."""


def new_id() -> str:
    """A URL-safe identifier for sessions, replies and hand-offs: the time, then 128 random bits.

    Ids made later sort later, so the entries of an index keyed by them are added at its end, on pages the last
    writes already read, instead of all over it (two processes recording exchanges into one SQLite file spend about
    a fifth less CPU on each). The time says no more than the record holds; the random part alone makes an id
    impossible to guess.
    """
    return f"{time.time_ns() // 1_000_000:0{TIME_CHARS}x}" + secrets.token_urlsafe(16)


SESSION_RANDOM = 34
"""Characters of `new_id` at the start of a session id; the rest is a signature over them..."""
EARLIER_SESSION_RANDOM = 22
"""...and as many of a session id handed out before ids began with the time (random characters alone)."""
SIGNATURE_CHARS = 12


def _signature(secret: bytes, token: str) -> str:
    digest = hmac.new(secret, b"session:" + token.encode("ascii"), hashlib.sha256).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def new_session_id(secret: bytes) -> str:
    """A random session id signed with `secret`: the service knows it issued one even if nothing of it was recorded."""
    token = new_id()
    return token + _signature(secret, token)


def issued(secret: bytes, session_id: str) -> bool:
    """Whether `session_id` was made by `new_session_id` with this secret (never for an empty secret)."""
    if not secret or len(session_id) - SIGNATURE_CHARS not in (SESSION_RANDOM, EARLIER_SESSION_RANDOM):
        return False
    token, signature = session_id[:-SIGNATURE_CHARS], session_id[-SIGNATURE_CHARS:]
    return hmac.compare_digest(signature, _signature(secret, token))
