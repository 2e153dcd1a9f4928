"""Identifiers the service hands out (sessions, replies, hand-offs, messages) and the lookups that fail on them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import string
import time

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
"""What an identifier handed out by this service looks like (`new_id` makes 30 characters of this alphabet)."""

DIGITS = string.digits + string.ascii_uppercase + string.ascii_lowercase
"""62 characters in the order they sort in (byte order, as databases compare text)..."""
TIME_CHARS = 8
"""...in which an id starts with the milliseconds since 1970, in this many of them (enough for 6,000 years)."""


class UnknownSession(LookupError):
    """No conversation has this session id."""


class UnknownReply(LookupError):
    """No recorded reply has this id."""


def new_id() -> str:
    """A URL-safe identifier for sessions, replies and hand-offs: the time, then 128 random bits.

    Ids made later sort later, so the index entries of a table keyed by them are appended instead of written all
    over the index: each recorded exchange then changes a few pages of the database, not one page per index. The
    time says no more than the record already holds, and the random part alone makes an id impossible to guess.
    """
    millis = time.time_ns() // 1_000_000
    stamp = []
    for _ in range(TIME_CHARS):
        millis, digit = divmod(millis, len(DIGITS))
        stamp.append(DIGITS[digit])
    return "".join(reversed(stamp)) + secrets.token_urlsafe(16)


SESSION_RANDOM = 30
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
