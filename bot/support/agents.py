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
from ..store.base import AgentRecord

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
    """A signed-in member of the support team; `session_version` is the one a new session is signed in at."""

    id: int
    name: str
    session_version: int = 0


TOKEN_ID_CHARS = 12
"""A token is named, in lists and when revoking it, by this many first characters of its SHA-256."""


@dataclass(frozen=True)
class TokenInfo:
    """An API token as the command line lists it: never the token, only the start of its digest."""

    id: str
    agent: str
    created: str


def _agent(row: AgentRecord | None) -> Agent | None:
    """The account as a usable agent; None when there is none or it was removed."""
    if row is None or row.removed is not None:
        return None
    return Agent(row.id, row.name, row.session_version)


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
        existing = store.agent(name=name)
        if existing is not None and existing.removed is not None:
            raise AgentError(
                f"an agent named '{name}' was removed; names are not reused, so that the history keeps naming "
                "the right person"
            ) from None
        raise AgentError(f"an agent named '{name}' already exists") from None
    return Agent(agent_id, name)


def authenticate(store: Store, name: str, password: str) -> Agent | None:
    """The agent if the name and password match and the account is in use, else None."""
    row = store.agent(name=name)
    try:
        _hasher.verify(row.password_hash if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return _agent(row)


def digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _named(store: Store, name: str) -> Agent:
    agent = _agent(store.agent(name=name))
    if agent is None:
        raise AgentError(f"no agent is named '{name}'")
    return agent


def new_token(store: Store, name: str) -> str:
    """A new API token for the named agent; only its digest is stored, so it is shown once."""
    agent = _named(store, name)
    token = secrets.token_urlsafe(32)
    store.add_token(agent.id, digest(token))
    return token


def by_token(store: Store, token: str) -> Agent | None:
    """The agent holding this API token, or None."""
    return _agent(store.agent_by_token(digest(token)))


def by_session(store: Store, agent_id: int, session_version: int) -> Agent | None:
    """The agent a browser session was signed in as, or None once that session was ended or the account removed."""
    agent = _agent(store.agent(agent_id=agent_id))
    return agent if agent is not None and agent.session_version == session_version else None


def end_sessions(store: Store, agent: Agent) -> None:
    """End every signed-in session of the agent, in every browser (signing out does this)."""
    store.end_sessions(agent.id)


def team(store: Store) -> list[Agent]:
    """The agents whose accounts are in use, by name."""
    return [agent for agent in map(_agent, store.agents()) if agent is not None]


def accounts(store: Store) -> list[AgentRecord]:
    """Every account, removed ones too, by name."""
    return store.agents()


def remove(store: Store, name: str) -> int:
    """Remove the named account: its sessions end and its tokens are revoked; returns how many tokens were."""
    return store.remove_agent(_named(store, name).id)


def tokens(store: Store) -> list[TokenInfo]:
    """Every API token, named by the start of its digest, oldest first."""
    return [TokenInfo(t.token_sha256[:TOKEN_ID_CHARS], t.agent, t.created) for t in store.tokens()]


def revoke(store: Store, token_id: str) -> TokenInfo:
    """Revoke the one token whose digest starts with `token_id` (as `tokens` lists it)."""
    wanted = token_id.strip().lower()
    if len(wanted) < 6 or any(c not in "0123456789abcdef" for c in wanted):
        raise AgentError("a token id is the start of its digest as `tokens list` shows it (at least 6 hex digits)")
    found = [t for t in store.tokens() if t.token_sha256.startswith(wanted)]
    if not found:
        raise AgentError(f"no token has the id '{token_id}'")
    if len(found) > 1:
        raise AgentError(f"{len(found)} tokens start with '{token_id}'; give more of the id")
    store.revoke_token(found[0].token_sha256)
    return TokenInfo(found[0].token_sha256[:TOKEN_ID_CHARS], found[0].agent, found[0].created)
