"""Support-team accounts: password hashes (argon2), per-agent API tokens (only their SHA-256 is kept)."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..store import DuplicateName, Store

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so a wrong name takes as long as a wrong password.

    Made on first use, not at import: hashing is deliberately slow (about 150 ms).
    """
    return _hasher.hash(secrets.token_urlsafe(16))


class AgentError(ValueError):
    """An account cannot be created or used as asked; the message says why."""


@dataclass(frozen=True)
class Agent:
    """A signed-in member of the support team."""

    id: int
    name: str


def check_password(password: str) -> None:
    """Refuse passwords that are empty or shorter than MIN_PASSWORD characters."""
    if len(password) < MIN_PASSWORD:
        raise AgentError(f"the password must be at least {MIN_PASSWORD} characters long")


def add_agent(store: Store, name: str, password: str) -> Agent:
    """Create an account with an argon2 hash of its password."""
    if not NAME.match(name):
        raise AgentError("a name is 1-64 letters, digits or . _ @ -, starting with a letter or digit")
    check_password(password)
    try:
        agent_id = store.add_agent(name, _hasher.hash(password))
    except DuplicateName:
        raise AgentError(f"an agent named '{name}' already exists") from None
    return Agent(agent_id, name)


def authenticate(store: Store, name: str, password: str) -> Agent | None:
    """The agent if the name and password match, else None."""
    row = store.agent(name=name)
    try:
        _hasher.verify(row.password_hash if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return Agent(row.id, row.name) if row else None


def digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(store: Store, name: str) -> str:
    """A new API token for the named agent; only its digest is stored, so it is shown once."""
    row = store.agent(name=name)
    if row is None:
        raise AgentError(f"no agent is named '{name}'")
    token = secrets.token_urlsafe(32)
    store.add_token(row.id, digest(token))
    return token


def by_token(store: Store, token: str) -> Agent | None:
    """The agent holding this API token, or None."""
    row = store.agent_by_token(digest(token))
    return Agent(row.id, row.name) if row else None


def by_id(store: Store, agent_id: int) -> Agent | None:
    """The agent with this id, or None (the account may have been removed)."""
    row = store.agent(agent_id=agent_id)
    return Agent(row.id, row.name) if row else None
