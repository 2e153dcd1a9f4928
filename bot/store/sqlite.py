"""The conversation store: sessions, exchanges, feedback, hand-offs and the support team's triage, in SQLite by default.

Everything that reads or writes the store goes through `Store`; another database can be added behind
`open_store` by URL scheme without touching its callers.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exchanges (
    reply_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    created TEXT NOT NULL,
    message TEXT NOT NULL,
    answer TEXT NOT NULL,
    entry_id TEXT,
    confidence REAL NOT NULL,
    fallback INTEGER NOT NULL,
    conflicts TEXT NOT NULL,
    lang TEXT NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS exchanges_by_session ON exchanges(session_id, created);
CREATE INDEX IF NOT EXISTS exchanges_by_time ON exchanges(created);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    reply_id TEXT NOT NULL REFERENCES exchanges(reply_id),
    created TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    comment TEXT
);
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    created TEXT NOT NULL,
    message TEXT,
    contact TEXT,
    status TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX IF NOT EXISTS handoffs_by_session ON handoffs(session_id);
CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_tokens (
    token_sha256 TEXT PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_messages (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    created TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agent_messages_by_session ON agent_messages(session_id, created);
CREATE TABLE IF NOT EXISTS triage (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    status TEXT NOT NULL DEFAULT 'open',
    assignee INTEGER REFERENCES agents(id),
    labels TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS triage_notes (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    created TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS triage_events (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    created TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS triage_events_by_session ON triage_events(session_id, created);
"""
TABLES = {
    "sessions", "exchanges", "feedback", "handoffs", "agents", "agent_tokens", "agent_messages", "triage",
    "triage_notes", "triage_events",
}

T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be reached or written; the message is safe to log, not to show."""


def now() -> str:
    """The current UTC time as ISO 8601 text with microseconds (sortable as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Exchange:
    """One message and the bot's reply to it, as recorded."""

    reply_id: str
    session_id: str
    created: str
    message: str
    answer: str
    entry_id: str | None
    confidence: float
    fallback: bool
    conflicts: list[str]
    lang: str
    latency_ms: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Exchange:
        values = dict(row)
        values["fallback"] = bool(values["fallback"])
        values["conflicts"] = json.loads(values["conflicts"])
        return cls(**values)


class Store:
    """SQLite store: one connection per thread, WAL journal, write transactions retried when busy."""

    def __init__(self, path: str | Path, busy_timeout: float = 5.0, retries: int = 5):
        self.path = str(path)
        self.busy_timeout = busy_timeout
        self.retries = retries
        self._local = threading.local()

    # ---- connection -----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL is durable across application crashes in WAL mode; only power loss can undo the last commits.
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open the store at {self.path}: {exc}") from None
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection, if any."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction, retrying while another writer holds the database."""
        delay = 0.01
        for attempt in range(self.retries + 1):
            try:
                with self._transaction() as conn:
                    return work(conn)
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or attempt == self.retries:
                    raise StoreError(f"write failed: {exc}") from None
                time.sleep(delay)
                delay *= 2
            except sqlite3.Error as exc:
                raise StoreError(f"write failed: {exc}") from None
        raise AssertionError("unreachable")

    def read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """Rows of one read query; for the core modules that report on the store (triage, gaps, figures)."""
        return self._read(sql, params)

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        try:
            return self._connect().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"read failed: {exc}") from None

    # ---- schema ---------------------------------------------------------------------------------
    def init(self) -> Store:
        """Create the database file and tables if they are missing; returns self."""
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder of {self.path}: {exc}") from None

        conn = self._connect()
        try:
            conn.executescript(f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version={SCHEMA_VERSION}; COMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"cannot create the tables in {self.path}: {exc}") from None
        return self

    def ping(self) -> bool:
        """Whether the store answers a query on its tables."""
        try:
            self._read("SELECT 1 FROM sessions LIMIT 1")
            return True
        except StoreError:
            return False

    # ---- writes ---------------------------------------------------------------------------------
    def record_exchange(self, exchange: Exchange, new_session: bool) -> None:
        """Record one exchange (and its session when it is new) in one transaction."""

        def insert(conn: sqlite3.Connection) -> None:
            if new_session:
                conn.execute("INSERT INTO sessions (id, created) VALUES (?, ?)", (exchange.session_id, exchange.created))
            conn.execute(
                "INSERT INTO exchanges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exchange.reply_id, exchange.session_id, exchange.created, exchange.message, exchange.answer,
                    exchange.entry_id, exchange.confidence, int(exchange.fallback), json.dumps(exchange.conflicts),
                    exchange.lang, exchange.latency_ms,
                ),
            )

        self._write(insert)

    def record_feedback(self, reply_id: str, helpful: bool, comment: str | None) -> int:
        """Record feedback on a reply; returns its id."""
        return self._write(
            lambda conn: conn.execute(
                "INSERT INTO feedback (reply_id, created, helpful, comment) VALUES (?, ?, ?, ?)",
                (reply_id, now(), int(helpful), comment),
            ).lastrowid
        )

    def record_handoff(self, handoff_id: str, session_id: str, message: str | None, contact: str | None) -> str:
        """Record a request for a person; returns its creation time."""
        created = now()
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO handoffs (id, session_id, created, message, contact) VALUES (?, ?, ?, ?, ?)",
                (handoff_id, session_id, created, message, contact),
            )
        )
        return created

    # ---- reads ----------------------------------------------------------------------------------
    def session_exists(self, session_id: str) -> bool:
        """Whether a session with this id was ever recorded."""
        return bool(self._read("SELECT 1 FROM sessions WHERE id = ?", (session_id,)))

    def reply_exists(self, reply_id: str) -> bool:
        """Whether an exchange with this reply id was recorded."""
        return bool(self._read("SELECT 1 FROM exchanges WHERE reply_id = ?", (reply_id,)))

    def exchange_count(self, session_id: str) -> int:
        """How many exchanges a session has."""
        return int(self._read("SELECT COUNT(*) FROM exchanges WHERE session_id = ?", (session_id,))[0][0])

    def exchanges(self, session_id: str) -> list[Exchange]:
        """Every exchange of a session, oldest first."""
        rows = self._read("SELECT * FROM exchanges WHERE session_id = ? ORDER BY created", (session_id,))
        return [Exchange.from_row(r) for r in rows]

    def last_entry(self, session_id: str) -> str | None:
        """The entry of the session's latest answered exchange (declines carry no entry)."""
        rows = self._read(
            "SELECT entry_id FROM exchanges WHERE session_id = ? AND entry_id IS NOT NULL ORDER BY created DESC LIMIT 1",
            (session_id,),
        )
        return rows[0][0] if rows else None

    def last_lang(self, session_id: str) -> str | None:
        """The language of the session's latest exchange."""
        rows = self._read("SELECT lang FROM exchanges WHERE session_id = ? ORDER BY created DESC LIMIT 1", (session_id,))
        return rows[0][0] if rows else None

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self._read(f"SELECT COUNT(*) FROM {table}")[0][0])

    def handoff(self, handoff_id: str) -> dict[str, Any] | None:
        """One hand-off request as a mapping, or None."""
        rows = self._read("SELECT * FROM handoffs WHERE id = ?", (handoff_id,))
        return dict(rows[0]) if rows else None


    # ---- agents and triage ----------------------------------------------------------------------
    def add_agent(self, name: str, password_hash: str) -> int:
        """Create an agent account; returns its id. A name already taken raises DuplicateName."""

        def insert(conn: sqlite3.Connection) -> int:
            if conn.execute("SELECT 1 FROM agents WHERE name = ?", (name,)).fetchone():
                raise DuplicateName(name)
            return conn.execute(
                "INSERT INTO agents (name, password_hash, created) VALUES (?, ?, ?)", (name, password_hash, now())
            ).lastrowid

        return self._write(insert)

    def agent(self, *, name: str | None = None, agent_id: int | None = None) -> dict[str, Any] | None:
        """One agent (id, name, password_hash, created) by name or id, or None."""
        column, value = ("name", name) if name is not None else ("id", agent_id)
        rows = self._read(f"SELECT * FROM agents WHERE {column} = ?", (value,))
        return dict(rows[0]) if rows else None

    def agents(self) -> list[dict[str, Any]]:
        """Every agent's id and name, by name."""
        return [dict(r) for r in self._read("SELECT id, name FROM agents ORDER BY name")]

    def add_token(self, agent_id: int, token_sha256: str) -> None:
        """Record the digest of a new API token for an agent."""
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO agent_tokens (token_sha256, agent_id, created) VALUES (?, ?, ?)", (token_sha256, agent_id, now())
            )
        )

    def agent_by_token(self, token_sha256: str) -> dict[str, Any] | None:
        """The agent holding the token with this digest, or None."""
        rows = self._read(
            "SELECT a.id, a.name FROM agent_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_sha256 = ?",
            (token_sha256,),
        )
        return dict(rows[0]) if rows else None

    def change_triage(self, session_id: str, agent_id: int, kind: str, detail: str, **changes: Any) -> None:
        """Apply one change to a conversation's triage record (status, assignee, labels) and record the event."""

        def apply(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR IGNORE INTO triage (session_id) VALUES (?)", (session_id,))
            for column, value in changes.items():
                if column not in {"status", "assignee", "labels"}:
                    raise ValueError(f"unknown triage field {column!r}")
                conn.execute(f"UPDATE triage SET {column} = ? WHERE session_id = ?", (value, session_id))
            if kind == "note":
                conn.execute(
                    "INSERT INTO triage_notes (session_id, agent_id, created, text) VALUES (?, ?, ?, ?)",
                    (session_id, agent_id, now(), detail),
                )
            conn.execute(
                "INSERT INTO triage_events (session_id, agent_id, created, kind, detail) VALUES (?, ?, ?, ?, ?)",
                (session_id, agent_id, now(), kind, detail),
            )

        self._write(apply)

    def add_agent_message(self, message_id: str, session_id: str, agent_id: int, text: str) -> str:
        """Record a person's reply in a conversation, with its event; returns its creation time."""
        created = now()

        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO agent_messages (id, session_id, agent_id, created, text) VALUES (?, ?, ?, ?, ?)",
                (message_id, session_id, agent_id, created, text),
            )
            conn.execute("INSERT OR IGNORE INTO triage (session_id) VALUES (?)", (session_id,))
            conn.execute(
                "INSERT INTO triage_events (session_id, agent_id, created, kind, detail) VALUES (?, ?, ?, 'reply', ?)",
                (session_id, agent_id, created, text),
            )

        self._write(insert)
        return created

    def agent_messages(self, session_id: str) -> list[dict[str, Any]]:
        """A conversation's replies from people, oldest first, with the agent's name."""
        rows = self._read(
            "SELECT m.id, m.created, m.text, a.name AS agent FROM agent_messages m JOIN agents a ON a.id = m.agent_id "
            "WHERE m.session_id = ? ORDER BY m.created",
            (session_id,),
        )
        return [dict(r) for r in rows]


class DuplicateName(ValueError):
    """An agent with this name already exists."""


def open_store(url: str) -> Store:
    """The store named by `url`: a file path or `sqlite:///path`; other schemes are refused clearly."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return Store(url)
    if scheme == "sqlite":
        # As in SQLAlchemy: sqlite:///relative.db, sqlite:////absolute/path.db
        return Store(rest[1:] if rest.startswith("/") else rest)
    raise StoreError(f"unsupported store URL scheme '{scheme}': use a file path or sqlite:///path")
