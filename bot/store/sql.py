"""The SQL backend of the store, through SQLAlchemy Core: SQLite by default (a file, WAL journal).

Every query of the package lives here, written once in SQLAlchemy's expression language so that it means
the same in every dialect. Writes run in one transaction each; on SQLite that transaction takes the write lock
at its start (`BEGIN IMMEDIATE`) and is retried with back-off while another process holds it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Float,
    Text,
    and_,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from . import schema
from . import tables as t
from .base import (
    PURGED,
    REASONS,
    TABLES,
    WITH_PERSON,
    AgentMessage,
    AgentRecord,
    DayFigures,
    DuplicateName,
    Event,
    Exchange,
    FeedbackRow,
    FollowUp,
    GapDismissal,
    Handoff,
    Note,
    QueueQuery,
    QueueRow,
    StoreCheck,
    StoreError,
    StoreState,
    TokenRecord,
    TriageRecord,
    UserMessage,
    WeakQuestion,
    now,
)
from .day_totals import DayTotals

T = TypeVar("T")

POOL_SIZE = 5
"""Connections each process keeps open to a PostgreSQL server (a sync worker uses one at a time)..."""
POOL_OVERFLOW = 10
"""...and how many more it may open under a burst (threads or green threads)."""


CHECK_SECONDS = 1.0
"""The longest a write check waits on the database (at most the store's own timeout)."""
LOCK_POLL_SECONDS = 0.01
"""How long one try at SQLite's write lock waits inside the driver. The rest of the wait is spent between tries in
`time.sleep`, which a gevent worker turns into a pause of this request alone: a wait inside the driver would stop
the worker's event loop, and every request on the worker would queue behind it."""


def _sqlite_engine(path: str, busy_timeout: float, *, pooled: bool = True) -> Engine:
    options: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": busy_timeout}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is switched off so that the "begin" hook below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across application crashes in WAL mode; only power loss can undo the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write takes the lock when it starts, so it waits (and is retried) before doing anything, rather
        # than failing half-way when it upgrades a read lock. Reads run outside any transaction.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _postgresql_engine(url: URL, timeout: float | None) -> Engine:
    """An engine on psycopg 3 with a small pool per process; `timeout` bounds every wait on the server."""
    options = url.query.get("options", "")
    if timeout is not None:
        # Statements and the locks they wait for give up after `timeout`; so does taking a pooled connection.
        milliseconds = int(timeout * 1000)
        options = f"{options} -c statement_timeout={milliseconds} -c lock_timeout={milliseconds}".strip()
    connect_args: dict[str, Any] = {"connect_timeout": max(2, math.ceil(timeout or 10))}
    if options:
        connect_args["options"] = options
    return create_engine(
        url.set(drivername="postgresql+psycopg"),
        connect_args=connect_args,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=timeout if timeout is not None else 30,
        pool_pre_ping=True,  # a connection the server dropped is noticed and replaced before it is used
        pool_recycle=3600,
    )


def _later(column: Any, value: str) -> Any:
    """The later of a time column and a time (ISO 8601 text sorts as time); a missing column counts as earliest."""
    return case((or_(column.is_(None), column < value), value), else_=column)


def _session_upsert(dialect_insert: Any) -> Any:
    """Create an exchange's session with its summary, or add the exchange to the summary: the same statement for
    every exchange (the exchange's values are bound parameters: `declined` and `conflicted` 0 or 1,
    `answered_confidence` null for a decline)."""
    s = t.sessions
    new = dialect_insert(s).values(
        id=bindparam("session_id"),
        created=bindparam("created"),
        updated=bindparam("created"),
        first_message=bindparam("message"),
        exchanges=1,
        declined=bindparam("declined"),
        min_confidence=bindparam("answered_confidence", type_=Float),
        conflicts=bindparam("conflicted"),
        last_entry=bindparam("entry_id", type_=Text),
        last_lang=bindparam("lang"),
    )
    added = new.excluded
    lower = or_(s.c.min_confidence.is_(None), s.c.min_confidence > added.min_confidence)
    return new.on_conflict_do_update(
        index_elements=[s.c.id],
        set_={
            "updated": _later(s.c.updated, added.updated),
            "exchanges": s.c.exchanges + 1,
            "declined": s.c.declined + added.declined,
            "min_confidence": case(
                (added.min_confidence.is_(None), s.c.min_confidence),
                (lower, added.min_confidence),
                else_=s.c.min_confidence,
            ),
            "conflicts": s.c.conflicts + added.conflicts,
            "last_entry": func.coalesce(added.last_entry, s.c.last_entry),
            "last_lang": added.last_lang,
        },
    )


_EXCHANGE_COLUMNS = [c.name for c in t.exchanges.columns]
_EXCHANGE_INSERT = insert(t.exchanges).values({name: bindparam(name) for name in _EXCHANGE_COLUMNS})
_SESSION_UPSERT_SQLITE = _session_upsert(sqlite_insert)


class _DriverStatement:
    """A statement compiled once by SQLAlchemy for SQLite, run on the driver's connection itself.

    The hot write runs the same two statements for every exchange; through SQLAlchemy's execution layer each costs
    more than SQLite takes to run it. The text and the parameters' order and conversions are SQLAlchemy's own
    (each bound value goes through its type's bind processor, as `execute` would), so the rows are the same.
    """

    def __init__(self, statement: Any):
        dialect = sqlite_dialect.dialect()
        compiled = statement.compile(dialect=dialect)
        if compiled.positiontup is None:  # pragma: no cover - SQLite's paramstyle is positional
            raise TypeError("a positional statement is needed")
        self.sql = str(compiled)
        binds = [compiled.binds[name] for name in compiled.positiontup]
        # (name, whether a value must be given, the compiled value otherwise, the type's conversion)
        self._order = [
            (b.key, b.required, None if b.required else b.effective_value, b.type.bind_processor(dialect))
            for b in binds
        ]

    def parameters(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """The statement's positional parameters from named values (a name not given keeps its compiled value)."""
        out = []
        for name, required, default, process in self._order:
            value = values[name] if required else values.get(name, default)
            out.append(value if process is None or value is None else process(value))
        return tuple(out)


_RECORD_SQLITE = (_DriverStatement(_SESSION_UPSERT_SQLITE), _DriverStatement(_EXCHANGE_INSERT))


def _record_postgresql() -> Any:
    """Session and exchange in one statement: the upsert as a common table expression, the exchange inserted from
    it (foreign keys are checked at the end of the statement, when the session row is there)."""
    session = _session_upsert(postgresql_insert).returning(t.sessions.c.id).cte("upserted")
    e = t.exchanges
    values = [
        session.c.id if name == "session_id" else bindparam(name, type_=e.c[name].type) for name in _EXCHANGE_COLUMNS
    ]
    return insert(e).from_select(_EXCHANGE_COLUMNS, select(*values))


_RECORD_POSTGRESQL = _record_postgresql()


def _exchange(row: Any) -> Exchange:
    return Exchange(
        reply_id=row.reply_id,
        session_id=row.session_id,
        created=row.created,
        message=row.message,
        answer=row.answer,
        entry_id=row.entry_id,
        confidence=row.confidence,
        fallback=bool(row.fallback),
        conflicts=json.loads(row.conflicts),
        lang=row.lang,
        latency_ms=row.latency_ms,
    )


def _agent(row: Any) -> AgentRecord | None:
    if row is None:
        return None
    return AgentRecord(row.id, row.name, row.password_hash, row.created, row.session_version, row.removed)


def _handoff(row: Any) -> Handoff:
    return Handoff(row.id, row.session_id, row.created, row.message, row.contact, row.status)


def exchange_params(exchange: Exchange) -> dict[str, Any]:
    """The values of the exchange write's statements: the exchange's row and what it adds to its session's summary."""
    return {
        **exchange.__dict__,
        "fallback": int(exchange.fallback),
        # (Most exchanges flag no conflict: their list is written as json.dumps writes an empty one, without it.)
        "conflicts": json.dumps(exchange.conflicts) if exchange.conflicts else "[]",
        "declined": int(exchange.fallback),
        "answered_confidence": None if exchange.fallback else exchange.confidence,
        "conflicted": int(bool(exchange.conflicts)),
    }


class _Refused(StoreError):
    """The database refused a record (a constraint): a fault of what was written, not of the database."""


@dataclass
class _Pending:
    """An exchange write waiting for a shared transaction: its statements, and how it went."""

    statements: list[tuple[str, tuple[Any, ...]]]
    done: threading.Event = field(default_factory=lambda: threading.Event())  # looked up now: gevent may patch it
    written: bool = False
    error: str | None = None


class SQLStore:
    """The store in a SQL database named by a SQLAlchemy URL; `path` is set for SQLite files.

    `timeout` bounds how long one operation waits on the database (a lock, a connection, a statement), in
    seconds; None (command-line tools) waits as long as the database's own defaults allow.
    """

    def __init__(self, url: str | URL, *, path: str | None = None, timeout: float | None = None):
        self.url = make_url(url)
        self.path = path
        self.timeout = timeout
        self._engine: Engine | None = None
        # Idle connections of the exchange writes (SQLite): kept open with their lock wait set, taken by one write
        # at a time; `close` empties it and moves the generation on, so a connection in use then is not put back.
        self._writers: list[Any] = []
        self._writers_generation = 0
        self._gather: Callable[[], None] | None = None  # see `gather_writes`
        self._gathering: list[_Pending] | None = None  # the exchange writes that will share the next transaction
        self._gathering_lock = threading.Lock()  # held for a list operation only, never across a wait
        self._recorders: list[list[str]] = []  # lists `statements_sent` is filling
        # A process forked from this one (a server worker) must not share its connections: it opens its own.
        _watch_forks()
        _forget_after_fork.add(self)
        self._days = DayTotals(self._rows, self._write, self.dialect)

    @property
    def dialect(self) -> str:
        """ "sqlite" or "postgresql"."""
        return "sqlite" if self.path is not None else self.url.get_backend_name()

    @property
    def where(self) -> str:
        """The database as a person would name it, without credentials: a file, or a server's host, port and name."""
        if self.path is not None:
            return f"the SQLite file {self.path}"
        return f"PostgreSQL at {self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database or ''}"

    # ---- connections ----------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (so a store can be opened before its file exists)."""
        if self._engine is None:
            if self.path is not None:
                self._engine = _sqlite_engine(self.path, self._busy_timeout)
            else:
                self._engine = _postgresql_engine(self.url, self.timeout)
        return self._engine

    @property
    def _busy_timeout(self) -> float:
        """Seconds a SQLite statement waits for another writer's lock."""
        return self.timeout if self.timeout is not None else 30.0

    def _after_fork(self) -> None:
        if self._engine is not None:
            self._engine.dispose(close=False)  # the parent's connections stay the parent's
        # Closed here, the parent's writers would close the parent's file handles' locks and log: never touched.
        _inherited.extend(self._writers)
        self._writers = []
        self._writers_generation += 1

    def close(self) -> None:
        """Close every pooled connection; the next use opens new ones."""
        writers, self._writers = self._writers, []
        self._writers_generation += 1
        for driver in writers:
            with contextlib.suppress(sqlite3.Error):
                driver.close()
        if self._engine is not None:
            self._engine.dispose()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"read failed: {_reason(exc)}") from None

    def _rows(self, query: Any) -> list[Any]:
        with self._reading() as conn:
            return list(conn.execute(query))

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, retrying while another writer holds a SQLite database."""

        def attempt(deadline: float) -> T:
            with self.engine.connect().execution_options(write=True) as conn:
                if self.path is None:
                    with conn.begin():
                        return work(conn)
                # Waiting for the lock never runs past the deadline, however many tries came before; the
                # connection's own wait is put back afterwards for the reads it serves next.
                driver: Any = conn.connection.dbapi_connection
                _wait_for_lock(driver, min(LOCK_POLL_SECONDS, deadline - time.monotonic()))
                try:
                    with conn.begin():
                        return work(conn)
                finally:
                    _wait_for_lock(driver, self._busy_timeout)

        return self._retrying(attempt)

    def _write_sqlite(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """`_write` on the SQLite driver's own connection, for the write of every exchange: the same transaction
        (`BEGIN IMMEDIATE`, the statements, `COMMIT`, committed before this returns), the same waits for another
        writer and the same retries, without SQLAlchemy's execution layer around each step."""

        def attempt(deadline: float) -> None:
            generation = self._writers_generation
            driver = self._writers.pop() if self._writers else self._new_writer()
            # Waiting for the lock never runs past the deadline, however many tries came before.
            short = deadline - time.monotonic() < LOCK_POLL_SECONDS
            broken = True
            try:
                if short:
                    _wait_for_lock(driver, deadline - time.monotonic())
                for sent in self._recorders:  # as `statements_sent` lists them: the commit is not one
                    sent += ["BEGIN IMMEDIATE", *(sql for sql, _ in statements)]
                driver.execute("BEGIN IMMEDIATE")
                for sql, parameters in statements:
                    driver.execute(sql, parameters)
                driver.execute("COMMIT")
                broken = False
            except sqlite3.OperationalError as exc:
                broken = not _busy(_wrapped(exc))  # another writer's lock is no fault of this connection
                raise
            finally:
                if driver.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        driver.execute("ROLLBACK")
                if short:
                    _wait_for_lock(driver, LOCK_POLL_SECONDS)
                if broken or generation != self._writers_generation:
                    with contextlib.suppress(sqlite3.Error):
                        driver.close()
                else:
                    self._writers.append(driver)

        self._retrying(attempt)

    def _new_writer(self) -> Any:
        """A driver connection for the exchange writes, taken out of the pool (with the pool's settings and pragmas)
        and kept open: it waits at most `LOCK_POLL_SECONDS` inside the driver for another writer, set once."""
        pooled = self.engine.raw_connection()
        driver: Any = pooled.driver_connection
        pooled.detach()  # its own from now on: closed by `close`, never handed to a read
        _wait_for_lock(driver, LOCK_POLL_SECONDS)
        return driver

    def _retrying(self, attempt: Callable[[float], T]) -> T:
        """Run `attempt(deadline)` until it succeeds: again after a pause while another writer holds a SQLite
        database (until the store's busy timeout), and once more on new connections after any other operational
        failure, since one opened while the file was read-only stays read-only after the file is writable again."""
        deadline = time.monotonic() + self._busy_timeout
        delay = LOCK_POLL_SECONDS
        fresh = False
        while True:
            try:
                return attempt(deadline)
            except (OperationalError, sqlite3.OperationalError) as exc:
                failure = exc if isinstance(exc, OperationalError) else _wrapped(exc)
                if not _busy(failure):
                    self.close()
                    if fresh:
                        raise StoreError(f"write failed: {_reason(failure)}") from None
                    fresh = True
                    self._create_if_missing(failure)
                    continue
                if time.monotonic() + delay >= deadline:
                    raise StoreError(f"write failed: {_reason(failure)}") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
            except sqlite3.IntegrityError as exc:
                raise _Refused(f"write failed: {_reason(_wrapped(exc))}") from None
            except sqlite3.Error as exc:
                raise StoreError(f"write failed: {_reason(_wrapped(exc))}") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"write failed: {_reason(exc)}") from None

    def _write_one(self, statement: Any, params: dict[str, Any]) -> None:
        """Run one statement as its own transaction (PostgreSQL's autocommit): no BEGIN and COMMIT round trips, and
        committed (to the server's write-ahead log, flushed) when it returns. As in `_write`, a statement that
        fails for want of a working connection is tried once more on new connections."""
        for last in (False, True):
            try:
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(statement, params)
                return
            except OperationalError as exc:
                self.close()
                if last:
                    raise StoreError(f"write failed: {_reason(exc)}") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"write failed: {_reason(exc)}") from None

    @contextmanager
    def statements_sent(self) -> Iterator[list[str]]:
        """The statements sent to the database while the block runs, in order (for benchmarks)."""
        sent: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            sent.append(statement)

        event.listen(self.engine, "before_cursor_execute", record)
        self._recorders.append(sent)  # the exchange's write runs on the driver, past SQLAlchemy's events
        try:
            yield sent
        finally:
            self._recorders.remove(sent)
            event.remove(self.engine, "before_cursor_execute", record)

    # ---- schema ---------------------------------------------------------------------------------
    def _make_folder(self) -> None:
        if self.path is not None:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of {self.path}: {exc}") from None

    @contextmanager
    def _schema_change(self) -> Iterator[Connection]:
        self._make_folder()
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open {self.where}: {_reason(exc)}") from None

    def init(self) -> SQLStore:
        """Create an empty database at the current schema; refuse one at another revision. Returns self."""
        with self._schema_change() as conn:
            schema.ensure_current(conn)
        return self

    def upgrade(self) -> tuple[str | None, str | None]:
        """Bring the database to the current schema (creating it if empty); the revisions before and after."""
        with self._schema_change() as conn:
            return schema.upgrade(conn)

    def revision(self) -> str | None:
        """The schema revision the database is at (None: empty)."""
        with self._reading() as conn:
            return schema.revision(conn)

    def ping(self) -> bool:
        """Whether the store answers a query on its tables."""
        try:
            self._rows(select(t.sessions.c.id).limit(1))
            return True
        except StoreError:
            return False

    def check(self) -> StoreCheck:
        """Whether a write can happen now: a session row inserted and rolled back at once, on a new connection to a
        SQLite file (the file's state now, not that of a connection opened earlier), waiting at most `CHECK_SECONDS`
        (or the store's timeout, if shorter) for another writer. A failed check drops the pooled connections, so
        that the next operation connects afresh: once the fault clears, the store works again by itself."""
        limit = min(CHECK_SECONDS, self.timeout) if self.timeout is not None else CHECK_SECONDS
        if self.path is None:
            failure = self._probe(self.engine, limit)
        else:
            engine = _sqlite_engine(self.path, LOCK_POLL_SECONDS, pooled=False)
            deadline = time.monotonic() + limit
            try:
                while (failure := self._probe(engine, limit)) is not None:
                    if not (isinstance(failure, OperationalError) and _busy(failure)):
                        break
                    if time.monotonic() + LOCK_POLL_SECONDS * 5 >= deadline:
                        break
                    time.sleep(LOCK_POLL_SECONDS * 5)  # between tries, not in the driver (see LOCK_POLL_SECONDS)
            finally:
                engine.dispose()
        if failure is None:
            return StoreCheck("ok")
        self.close()
        if self._create_if_missing(failure):
            return self.check()
        return StoreCheck(_state(failure), _reason(failure))

    def _probe(self, engine: Engine, limit: float) -> SQLAlchemyError | None:
        """Insert a session row on `engine` and roll it back; what failed, if anything."""
        probe = insert(t.sessions).values(id=f"write-check-{os.getpid()}-{time.monotonic_ns()}", created=now())
        try:
            with engine.connect().execution_options(write=True) as conn:
                transaction = conn.begin()
                try:
                    if self.path is None:
                        # The server's own limits for this transaction only: the check never waits past `limit`,
                        # and a lock held elsewhere is told apart from a server too slow to answer at all.
                        milliseconds = int(limit * 1000)
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds * 3 // 4}")
                        conn.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
                    conn.execute(probe)
                finally:
                    transaction.rollback()
        except SQLAlchemyError as exc:
            return exc
        return None

    def _create_if_missing(self, exc: SQLAlchemyError) -> bool:
        """Create the tables if `exc` says they are missing (the store could not be made when the service started,
        and can now); whether they were created."""
        if "no such table" not in str(getattr(exc, "orig", exc)):
            return False
        try:
            self.init()
        except StoreError:
            return False
        return True

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self._rows(select(func.count()).select_from(t.metadata.tables[table]))[0][0])

    # ---- bulk loads -----------------------------------------------------------------------------
    def bulk_insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many rows into one table in one transaction (generators and imports; the service never does).

        Session summaries are not kept up to date this way: call `summarise_sessions` once the rows are in.
        """
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        if not rows:
            return

        def insert_rows(conn: Connection) -> None:
            conn.execute(insert(t.metadata.tables[table]), rows)
            if table in ("exchanges", "feedback"):
                self._days.forget(conn, {row["created"][:10] for row in rows})

        self._write(insert_rows)

    def summarise_sessions(self) -> None:
        """Work out every session's summary again from its exchanges, feedback, hand-offs and messages."""
        s, e, f, h, u, tr = t.sessions, t.exchanges, t.feedback, t.handoffs, t.user_messages, t.triage
        of_session = e.c.session_id == s.c.id

        def count(*where: Any) -> Any:
            return select(func.count()).select_from(e).where(of_session, *where).scalar_subquery()

        values = {
            "updated": s.c.created,
            "exchanges": count(),
            "declined": count(e.c.fallback == 1),
            "min_confidence": select(func.min(e.c.confidence)).where(of_session, e.c.fallback == 0).scalar_subquery(),
            "conflicts": count(e.c.conflicts.not_in(["[]", ""])),
            "not_helpful": select(func.count())
            .select_from(f.join(e, e.c.reply_id == f.c.reply_id))
            .where(of_session, f.c.helpful == 0)
            .scalar_subquery(),
            "handoffs": select(func.count()).select_from(h).where(h.c.session_id == s.c.id).scalar_subquery(),
            "status": func.coalesce(select(tr.c.status).where(tr.c.session_id == s.c.id).scalar_subquery(), "open"),
            "first_message": select(e.c.message).where(of_session).order_by(e.c.created).limit(1).scalar_subquery(),
            "last_entry": select(e.c.entry_id)
            .where(of_session, e.c.entry_id.is_not(None))
            .order_by(e.c.created.desc())
            .limit(1)
            .scalar_subquery(),
            "last_lang": select(e.c.lang).where(of_session).order_by(e.c.created.desc()).limit(1).scalar_subquery(),
        }

        def summarise(conn: Connection) -> None:
            if self.dialect == "postgresql":
                # After a bulk load the planner still has the empty tables' statistics and would scan a whole
                # table for each session's subqueries instead of using the indexes.
                conn.exec_driver_sql(f"ANALYZE {', '.join(table.name for table in (s, e, f, h, u, tr))}")
            conn.execute(update(s).values(values))
            for table in (e, h, u):
                latest = select(func.max(table.c.created)).where(table.c.session_id == s.c.id).scalar_subquery()
                conn.execute(update(s).where(latest > s.c.updated).values(updated=latest))
            if self.dialect == "postgresql":
                conn.exec_driver_sql("ANALYZE sessions")  # the summaries it had were those of empty columns

        self._write(summarise)

    # ---- conversations --------------------------------------------------------------------------
    def record_exchange(self, exchange: Exchange, new_session: bool) -> None:
        """Record one exchange and bring its session's summary up to date, in one transaction.

        The session row is created if it is missing (`new_session` or not): an exchange is never refused for want
        of its session, say one whose first exchange could not be recorded during an outage. The statements are
        the same text for every exchange, built and compiled once: SQLite reuses its prepared statements, and
        PostgreSQL prepares the one statement (session and exchange together) after a few uses.
        """
        params = exchange_params(exchange)
        if self.dialect == "postgresql":
            self._write_one(_RECORD_POSTGRESQL, params)
        else:
            statements = [(statement.sql, statement.parameters(params)) for statement in _RECORD_SQLITE]
            if self._gather is None:
                self._write_sqlite(statements)
            else:
                self._write_gathered(statements)
        if self._days.is_settled(exchange.created):  # a back-dated exchange (an import): count its day again
            self._write(lambda conn: self._days.forget(conn, [exchange.created[:10]]))

    def gather_writes(self, wait: Callable[[], None] | None) -> None:
        """Let the exchange writes that arrive while the first of them runs `wait()` share its transaction (SQLite).

        A server whose requests take turns on one thread (gevent) passes a wait that lets every other request that
        is ready run up to its own write: the writes then cost one transaction between them instead of one each
        (one commit, and the pages another process's commit made stale read once). Each write still returns only
        once its exchange is committed. None (the default) writes each exchange as it comes.
        """
        self._gather = wait

    def _write_gathered(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        mine = _Pending(statements)
        with self._gathering_lock:
            batch = self._gathering
            if batch is None:
                batch = self._gathering = [mine]
                leading = True
            else:
                batch.append(mine)
                leading = False
        if not leading:  # the write gathering this batch commits it, then wakes this one
            mine.done.wait()
        else:
            try:
                assert self._gather is not None
                self._gather()
            finally:
                with self._gathering_lock:
                    self._gathering = None
            try:
                self._write_batch(batch)
            finally:
                for pending in batch:
                    if not pending.written and pending.error is None:
                        pending.error = "write failed: interrupted"
                    pending.done.set()
        if mine.error is not None:
            raise StoreError(mine.error)

    def _write_batch(self, batch: list[_Pending]) -> None:
        """The gathered exchanges in one transaction; if the database refuses one of them (a constraint), each in its
        own, so that the others are written all the same."""
        try:
            self._write_sqlite([statement for pending in batch for statement in pending.statements])
        except _Refused as exc:
            if len(batch) == 1:
                batch[0].error = str(exc)
                return
            for pending in batch:
                self._write_batch([pending])
            return
        except StoreError as exc:
            for pending in batch:
                pending.error = str(exc)
            return
        for pending in batch:
            pending.written = True

    def record_feedback(self, reply_id: str, helpful: bool, comment: str | None) -> int:
        """Record feedback on a reply (a "not helpful" vote is counted on its session); returns its id."""

        def insert_feedback(conn: Connection) -> int:
            if not helpful:
                of_reply = select(t.exchanges.c.session_id).where(t.exchanges.c.reply_id == reply_id).scalar_subquery()
                conn.execute(
                    update(t.sessions)
                    .where(t.sessions.c.id == of_reply)
                    .values(not_helpful=t.sessions.c.not_helpful + 1)
                )
            return conn.execute(
                insert(t.feedback).returning(t.feedback.c.id),
                {"reply_id": reply_id, "created": now(), "helpful": int(helpful), "comment": comment},
            ).scalar_one()

        return self._write(insert_feedback)

    def record_handoff(self, handoff_id: str, session_id: str, message: str | None, contact: str | None) -> str:
        """Record a request for a person; returns its creation time."""
        created = now()

        def insert_handoff(conn: Connection) -> None:
            conn.execute(
                insert(t.handoffs),
                {
                    "id": handoff_id,
                    "session_id": session_id,
                    "created": created,
                    "message": message,
                    "contact": contact,
                    "status": "open",
                },
            )
            s = t.sessions
            conn.execute(
                update(s)
                .where(s.c.id == session_id)
                .values(handoffs=s.c.handoffs + 1, updated=_later(s.c.updated, created))
            )

        self._write(insert_handoff)
        return created

    def session_exists(self, session_id: str) -> bool:
        """Whether a session with this id was ever recorded."""
        return bool(self._rows(select(literal(1)).where(t.sessions.c.id == session_id)))

    def reply_exists(self, reply_id: str) -> bool:
        """Whether an exchange with this reply id was recorded."""
        return bool(self._rows(select(literal(1)).where(t.exchanges.c.reply_id == reply_id)))

    def exchange_count(self, session_id: str) -> int:
        """How many exchanges a session has."""
        query = select(func.count()).select_from(t.exchanges).where(t.exchanges.c.session_id == session_id)
        return int(self._rows(query)[0][0])

    def exchanges(self, session_id: str) -> list[Exchange]:
        """Every exchange of a session, oldest first."""
        e = t.exchanges
        return [_exchange(r) for r in self._rows(select(e).where(e.c.session_id == session_id).order_by(e.c.created))]

    def follow_up(self, session_id: str) -> FollowUp | None:
        """The session's previous entry and its latest hand-off while a person has it, in one query (one round trip
        before answering a follow-up); None when there is no such session."""
        s, h = t.sessions, t.handoffs
        latest = select(h.c.id).where(h.c.session_id == session_id).order_by(h.c.created.desc()).limit(1)
        query = (
            select(s.c.last_entry, h)
            .select_from(s.outerjoin(h, h.c.id == latest.scalar_subquery()))
            .where(s.c.id == session_id)
        )
        rows = self._rows(query)
        if not rows:
            return None
        row = rows[0]
        active = row.id is not None and row.status in WITH_PERSON
        return FollowUp(row.last_entry, _handoff(row) if active else None)

    def last_entry(self, session_id: str) -> str | None:
        """The entry of the session's latest answered exchange (declines carry no entry)."""
        rows = self._rows(select(t.sessions.c.last_entry).where(t.sessions.c.id == session_id))
        return rows[0][0] if rows else None

    def last_lang(self, session_id: str) -> str | None:
        """The language of the session's latest exchange."""
        rows = self._rows(select(t.sessions.c.last_lang).where(t.sessions.c.id == session_id))
        return rows[0][0] if rows else None

    def handoff(self, handoff_id: str) -> Handoff | None:
        """One hand-off request, or None."""
        rows = self._rows(select(t.handoffs).where(t.handoffs.c.id == handoff_id))
        return _handoff(rows[0]) if rows else None

    def handoffs(self, session_id: str) -> list[Handoff]:
        """A session's hand-off requests, oldest first."""
        h = t.handoffs
        return [_handoff(r) for r in self._rows(select(h).where(h.c.session_id == session_id).order_by(h.c.created))]

    def active_handoff(self, session_id: str) -> Handoff | None:
        """The session's latest hand-off while the conversation is with a person, else None."""
        h = t.handoffs
        rows = self._rows(select(h).where(h.c.session_id == session_id).order_by(h.c.created.desc()).limit(1))
        return _handoff(rows[0]) if rows and rows[0].status in WITH_PERSON else None

    def record_user_message(self, message_id: str, session_id: str, text: str) -> str:
        """Record a message to the support team; a conversation waiting for the user is open again."""
        created = now()

        def insert_message(conn: Connection) -> None:
            conn.execute(
                insert(t.user_messages), {"id": message_id, "session_id": session_id, "created": created, "text": text}
            )
            # The user has answered: the conversation waits for the team again, and so does its hand-off.
            conn.execute(
                update(t.triage)
                .where(t.triage.c.session_id == session_id, t.triage.c.status == "pending")
                .values(status="open")
            )
            s = t.sessions
            reopened = case((s.c.status == "pending", "open"), else_=s.c.status)
            conn.execute(
                update(s).where(s.c.id == session_id).values(status=reopened, updated=_later(s.c.updated, created))
            )
            conn.execute(
                update(t.handoffs)
                .where(t.handoffs.c.session_id == session_id, t.handoffs.c.status == "pending")
                .values(status="open")
            )

        self._write(insert_message)
        return created

    def user_messages(self, session_id: str) -> list[UserMessage]:
        """The session's messages to the support team, oldest first."""
        u = t.user_messages
        rows = self._rows(
            select(u.c.id, u.c.created, u.c.text).where(u.c.session_id == session_id).order_by(u.c.created)
        )
        return [UserMessage(*row) for row in rows]

    def return_to_bot(self, session_id: str, agent_id: int | None) -> Handoff | None:
        """End the session's hand-off; an agent's hand-back is recorded in the conversation's history."""
        found = self.active_handoff(session_id)
        if found is None:
            return None

        def hand_back(conn: Connection) -> None:
            h = t.handoffs
            conn.execute(
                update(h).where(h.c.session_id == session_id, h.c.status.in_(WITH_PERSON)).values(status="returned")
            )
            if agent_id is not None:
                self._ensure_triage(conn, session_id)
                conn.execute(
                    insert(t.triage_events),
                    {
                        "session_id": session_id,
                        "agent_id": agent_id,
                        "created": now(),
                        "kind": "handback",
                        "detail": "handed back to the bot",
                    },
                )

        self._write(hand_back)
        return Handoff(found.id, found.session_id, found.created, found.message, found.contact, "returned")

    def first_reply_delays(self, limit: int) -> list[float]:
        """Seconds from hand-off to a person's first reply after it, for the latest `limit` answered hand-offs."""
        h, m = t.handoffs, t.agent_messages
        first = func.min(m.c.created).label("first")
        query = (
            select(h.c.created, first)
            .join(m, and_(m.c.session_id == h.c.session_id, m.c.created >= h.c.created))
            .group_by(h.c.id, h.c.created)
            .order_by(h.c.created.desc())
            .limit(limit)
        )
        return [
            (datetime.fromisoformat(row.first) - datetime.fromisoformat(row.created)).total_seconds()
            for row in self._rows(query)
        ]

    def feedback_given(self, session_id: str) -> dict[str, bool]:
        """Reply id -> helpful for the session's replies that got feedback; the latest vote counts."""
        f, e = t.feedback, t.exchanges
        query = (
            select(f.c.reply_id, f.c.helpful)
            .join(e, e.c.reply_id == f.c.reply_id)
            .where(e.c.session_id == session_id)
            .order_by(f.c.created, f.c.id)
        )
        return {row.reply_id: bool(row.helpful) for row in self._rows(query)}

    # ---- retention ------------------------------------------------------------------------------
    def purge_conversations(self, before: str, limit: int) -> dict[str, int]:
        """Delete up to `limit` conversations idle since before `before`, oldest first, in one transaction.

        On PostgreSQL the conversations' rows are locked first (`FOR UPDATE`): a chat arriving in one of them
        meanwhile waits for this short transaction, then starts the conversation anew, and the idle test is made
        again on the locked rows. On SQLite the transaction holds the write lock, so batches are kept small.
        """
        s = t.sessions
        idle = or_(s.c.updated < before, and_(s.c.updated.is_(None), s.c.created < before))
        chosen = select(s.c.id).where(idle).order_by(s.c.updated, s.c.id).limit(limit)
        if self.dialect == "postgresql":
            chosen = chosen.with_for_update()

        def purge(conn: Connection) -> dict[str, int]:
            ids = list(conn.scalars(chosen))
            deleted = dict.fromkeys(PURGED, 0)
            if not ids:
                return deleted
            e = t.exchanges
            of_conversations = select(e.c.reply_id).where(e.c.session_id.in_(ids))
            deleted["feedback"] = conn.execute(
                delete(t.feedback).where(t.feedback.c.reply_id.in_(of_conversations))
            ).rowcount
            for table in (
                t.exchanges,
                t.handoffs,
                t.user_messages,
                t.agent_messages,
                t.triage_notes,
                t.triage_events,
                t.triage,
            ):
                count = conn.execute(delete(table).where(table.c.session_id.in_(ids))).rowcount
                if table.name in deleted:
                    deleted[table.name] = count
            deleted["sessions"] = conn.execute(delete(s).where(s.c.id.in_(ids))).rowcount
            if deleted["exchanges"] or deleted["feedback"]:
                self._days.forget(conn, through=before[:10])  # the purged days are counted again if asked
            return deleted

        return self._write(purge)

    def purge_gap_dismissals(self, before: str) -> int:
        """Delete gap dismissals made before `before`; how many."""
        d = t.gap_dismissals
        return int(self._write(lambda conn: conn.execute(delete(d).where(d.c.created < before)).rowcount))

    # ---- agents ---------------------------------------------------------------------------------
    def add_agent(self, name: str, password_hash: str) -> int:
        """Create an agent account; returns its id. A name already taken raises DuplicateName."""

        def insert_agent(conn: Connection) -> int:
            if conn.execute(select(t.agents.c.id).where(t.agents.c.name == name)).first():
                raise DuplicateName(name)
            return conn.execute(
                insert(t.agents).returning(t.agents.c.id),
                {"name": name, "password_hash": password_hash, "created": now()},
            ).scalar_one()

        try:
            return self._write(insert_agent)
        except StoreError:
            # Two processes adding the same name at once: the unique index refuses the second.
            if self.agent(name=name) is not None:
                raise DuplicateName(name) from None
            raise

    def agent(self, *, name: str | None = None, agent_id: int | None = None) -> AgentRecord | None:
        """One agent by name or id, or None."""
        column = t.agents.c.name if name is not None else t.agents.c.id
        rows = self._rows(select(t.agents).where(column == (name if name is not None else agent_id)))
        return _agent(rows[0]) if rows else None

    def agents(self) -> list[AgentRecord]:
        """Every agent, by name."""
        return [a for a in map(_agent, self._rows(select(t.agents).order_by(t.agents.c.name))) if a is not None]

    def add_token(self, agent_id: int, token_sha256: str) -> None:
        """Record the digest of a new API token for an agent."""
        self._write(
            lambda conn: conn.execute(
                insert(t.agent_tokens), {"token_sha256": token_sha256, "agent_id": agent_id, "created": now()}
            )
        )

    def agent_by_token(self, token_sha256: str) -> AgentRecord | None:
        """The agent holding the token with this digest, or None."""
        a, k = t.agents, t.agent_tokens
        query = select(a).join(k, k.c.agent_id == a.c.id).where(k.c.token_sha256 == token_sha256, a.c.removed.is_(None))
        rows = self._rows(query)
        return _agent(rows[0]) if rows else None

    def end_sessions(self, agent_id: int) -> None:
        """Raise the agent's session version: sessions signed in at an earlier one are no longer accepted."""
        a = t.agents
        self._write(
            lambda conn: conn.execute(
                update(a).where(a.c.id == agent_id).values(session_version=a.c.session_version + 1)
            )
        )

    def remove_agent(self, agent_id: int) -> int:
        """Mark the agent removed, end its sessions and delete its tokens in one transaction; the tokens deleted."""
        a, k = t.agents, t.agent_tokens

        def remove(conn: Connection) -> int:
            conn.execute(
                update(a)
                .where(a.c.id == agent_id)
                .values(session_version=a.c.session_version + 1, removed=func.coalesce(a.c.removed, now()))
            )
            return conn.execute(delete(k).where(k.c.agent_id == agent_id)).rowcount

        return self._write(remove)

    def tokens(self) -> list[TokenRecord]:
        """Every API token (as its digest) with its agent's name, oldest first."""
        a, k = t.agents, t.agent_tokens
        query = select(k.c.token_sha256, a.c.name, k.c.created).join(a, a.c.id == k.c.agent_id)
        return [TokenRecord(r.token_sha256, r.name, r.created) for r in self._rows(query.order_by(k.c.created))]

    def revoke_token(self, token_sha256: str) -> bool:
        """Delete the token with this digest; whether there was one."""
        k = t.agent_tokens
        return bool(self._write(lambda conn: conn.execute(delete(k).where(k.c.token_sha256 == token_sha256)).rowcount))

    # ---- triage ---------------------------------------------------------------------------------
    def queue(self, query: QueueQuery) -> list[QueueRow]:
        """One page of the queue, newest activity first (ties by session id), from the sessions' summaries.

        Filtering, ordering and paging all run on `sessions` and its indexes (by activity, by status and activity,
        and partial ones for the rarer reasons), so a page costs about the same whatever the store holds.
        """
        s, tr, a = t.sessions, t.triage, t.agents
        flags = {
            "handoff": s.c.handoffs > 0,
            "declined": s.c.declined > 0,
            "low_confidence": s.c.min_confidence < query.low_confidence,
            "not_helpful": s.c.not_helpful > 0,
            "conflict": s.c.conflicts > 0,
        }
        wanted = [flags[name] for name in query.reasons if name in flags]
        conditions = [or_(*wanted)] if wanted else []
        if query.status is not None:
            conditions.append(s.c.status == query.status)
        if query.before is not None:
            updated, session_id = query.before
            conditions.append(or_(s.c.updated < updated, and_(s.c.updated == updated, s.c.id < session_id)))
        statement = (
            select(
                s,
                *(case((flag, 1), else_=0).label(f"is_{name}") for name, flag in flags.items()),
                a.c.name.label("assignee"),
                func.coalesce(tr.c.labels, "[]").label("labels"),
            )
            .select_from(s.outerjoin(tr, tr.c.session_id == s.c.id).outerjoin(a, a.c.id == tr.c.assignee))
            .where(and_(*conditions))
            .order_by(s.c.updated.desc(), s.c.id.desc())
            .limit(query.limit)
        )
        return [
            QueueRow(
                session_id=r.id,
                created=r.created,
                updated=r.updated,
                first_message=r.first_message,
                exchanges=int(r.exchanges),
                reasons=tuple(name for name in REASONS if getattr(r, f"is_{name}")),
                status=r.status,
                assignee=r.assignee,
                labels=tuple(json.loads(r.labels)),
            )
            for r in self._rows(statement)
        ]

    def triage_record(self, session_id: str) -> TriageRecord:
        """A conversation's current status, assignee and labels."""
        tr, a = t.triage, t.agents
        rows = self._rows(
            select(tr.c.status, a.c.name, tr.c.labels)
            .select_from(tr.outerjoin(a, a.c.id == tr.c.assignee))
            .where(tr.c.session_id == session_id)
        )
        if not rows:
            return TriageRecord()
        status, assignee, labels = rows[0]
        return TriageRecord(status, assignee, tuple(json.loads(labels)))

    @staticmethod
    def _ensure_triage(conn: Connection, session_id: str) -> None:
        if conn.execute(select(literal(1)).where(t.triage.c.session_id == session_id)).first() is None:
            conn.execute(insert(t.triage), {"session_id": session_id, "status": "open", "labels": "[]"})

    def change_triage(
        self,
        session_id: str,
        agent_id: int,
        kind: str,
        detail: str,
        *,
        status: str | None = None,
        assignee: int | None | str = "",
        labels: tuple[str, ...] | None = None,
    ) -> None:
        """Apply one change to a conversation's triage record and record the event (and the note, for a note)."""
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if assignee != "":
            changes["assignee"] = assignee
        if labels is not None:
            changes["labels"] = json.dumps(list(labels))

        def apply(conn: Connection) -> None:
            self._ensure_triage(conn, session_id)
            if changes:
                conn.execute(update(t.triage).where(t.triage.c.session_id == session_id).values(**changes))
            if status is not None:
                conn.execute(update(t.sessions).where(t.sessions.c.id == session_id).values(status=status))
                # A hand-off follows its conversation until it is resolved or returned to the bot; a later request
                # is a new hand-off.
                conn.execute(
                    update(t.handoffs)
                    .where(t.handoffs.c.session_id == session_id, t.handoffs.c.status.in_(WITH_PERSON))
                    .values(status=status)
                )
            created = now()
            if kind == "note":
                conn.execute(
                    insert(t.triage_notes),
                    {"session_id": session_id, "agent_id": agent_id, "created": created, "text": detail},
                )
            conn.execute(
                insert(t.triage_events),
                {
                    "session_id": session_id,
                    "agent_id": agent_id,
                    "created": created,
                    "kind": kind,
                    "detail": detail,
                },
            )

        self._write(apply)

    def add_agent_message(self, message_id: str, session_id: str, agent_id: int, text: str) -> str:
        """Record a person's reply in a conversation, with its event; returns its creation time."""
        created = now()

        def insert_message(conn: Connection) -> None:
            conn.execute(
                insert(t.agent_messages),
                {
                    "id": message_id,
                    "session_id": session_id,
                    "agent_id": agent_id,
                    "created": created,
                    "text": text,
                },
            )
            self._ensure_triage(conn, session_id)
            conn.execute(
                insert(t.triage_events),
                {
                    "session_id": session_id,
                    "agent_id": agent_id,
                    "created": created,
                    "kind": "reply",
                    "detail": text,
                },
            )

        self._write(insert_message)
        return created

    def agent_messages(self, session_id: str) -> list[AgentMessage]:
        """A conversation's replies from people, oldest first, with the agent's name."""
        m, a = t.agent_messages, t.agents
        rows = self._rows(
            select(m.c.id, m.c.created, m.c.text, a.c.name)
            .join(a, a.c.id == m.c.agent_id)
            .where(m.c.session_id == session_id)
            .order_by(m.c.created)
        )
        return [AgentMessage(*row) for row in rows]

    def notes(self, session_id: str) -> list[Note]:
        """A conversation's internal notes, oldest first."""
        n, a = t.triage_notes, t.agents
        rows = self._rows(
            select(n.c.created, n.c.text, a.c.name)
            .join(a, a.c.id == n.c.agent_id)
            .where(n.c.session_id == session_id)
            .order_by(n.c.created, n.c.id)
        )
        return [Note(*row) for row in rows]

    def events(self, session_id: str) -> list[Event]:
        """A conversation's triage history, oldest first."""
        ev, a = t.triage_events, t.agents
        rows = self._rows(
            select(ev.c.created, ev.c.kind, ev.c.detail, a.c.name)
            .join(a, a.c.id == ev.c.agent_id)
            .where(ev.c.session_id == session_id)
            .order_by(ev.c.created, ev.c.id)
        )
        return [Event(*row) for row in rows]

    # ---- reports --------------------------------------------------------------------------------
    def weak_questions(self, low_confidence: float, start: str, end: str, limit: int) -> list[WeakQuestion]:
        """The most recent `limit` messages in [start, end) that were declined, weak, or marked not helpful."""
        e, f = t.exchanges, t.feedback
        not_helpful = exists().where(f.c.reply_id == e.c.reply_id, f.c.helpful == 0)
        reason = case(
            (e.c.fallback == 1, "declined"), (e.c.confidence < low_confidence, "low_confidence"), else_="not_helpful"
        )
        query = (
            select(e.c.message, e.c.created, reason.label("reason"))
            .where(
                or_(e.c.fallback == 1, e.c.confidence < low_confidence, not_helpful),
                e.c.created >= start,
                e.c.created < end,
            )
            .order_by(e.c.created.desc())
            .limit(limit)
        )
        return [WeakQuestion(*row) for row in self._rows(query)]

    def dismiss_gap(self, question: str, questions: list[str], agent_id: int) -> int:
        """Set a group of weak questions aside as not for the knowledge base; returns the dismissal's id."""
        row = {"question": question, "questions": json.dumps(questions), "agent_id": agent_id, "created": now()}

        def add(conn: Connection) -> int:
            key = conn.execute(insert(t.gap_dismissals), row).inserted_primary_key
            assert key is not None  # an INSERT of one row always has one
            return int(key[0])

        return self._write(add)

    def gap_dismissals(self) -> list[GapDismissal]:
        """The dismissals in force (not undone), newest first."""
        d, a = t.gap_dismissals, t.agents
        rows = self._rows(
            select(d.c.id, d.c.question, d.c.questions, a.c.name, d.c.created)
            .join(a, a.c.id == d.c.agent_id)
            .where(d.c.undone.is_(None))
            .order_by(d.c.created.desc(), d.c.id.desc())
        )
        return [GapDismissal(r.id, r.question, tuple(json.loads(r.questions)), r.name, r.created) for r in rows]

    def undo_gap_dismissal(self, dismissal_id: int, agent_id: int) -> bool:
        """Undo a dismissal in force; the row stays, with who undid it and when."""
        d = t.gap_dismissals

        def undo(conn: Connection) -> int:
            changed = conn.execute(
                update(d).where(d.c.id == dismissal_id, d.c.undone.is_(None)).values(undone=now(), undone_by=agent_id)
            )
            return int(changed.rowcount)

        return self._write(undo) == 1

    def day_figures(self, start: str, end: str) -> list[DayFigures]:
        """Questions, answers, declines and feedback per UTC day in [start, end), for days with any."""
        return self._days.day_figures(start, end)

    def top_entries(self, start: str, end: str, limit: int) -> list[tuple[str, int]]:
        """The most answered entries in [start, end) and how often each was answered."""
        return self._days.top_entries(start, end, limit)

    def conflicts_shown(self, start: str, end: str) -> dict[str, int]:
        """How often each conflict was shown in [start, end)."""
        return self._days.conflicts_shown(start, end)

    def exchanges_between(self, start: str, end: str) -> list[Exchange]:
        """Every exchange in [start, end), oldest first."""
        e = t.exchanges
        query = select(e).where(e.c.created >= start, e.c.created < end).order_by(e.c.created)
        return [_exchange(r) for r in self._rows(query)]

    def feedback_between(self, start: str, end: str) -> list[FeedbackRow]:
        """Every piece of feedback in [start, end), oldest first, with the message and entry it was about."""
        f, e = t.feedback, t.exchanges
        query = (
            select(f.c.created, f.c.reply_id, e.c.session_id, f.c.helpful, f.c.comment, e.c.message, e.c.entry_id)
            .join(e, e.c.reply_id == f.c.reply_id)
            .where(f.c.created >= start, f.c.created < end)
            .order_by(f.c.created)
        )
        return [
            FeedbackRow(r.created, r.reply_id, r.session_id, bool(r.helpful), r.comment, r.message, r.entry_id)
            for r in self._rows(query)
        ]


@contextmanager
def scratch_schema(database: str, name: str) -> Iterator[str]:
    """A store URL whose tables live in a new, empty schema `name` of the PostgreSQL `database`, dropped after the
    block (benchmarks that must not touch the database's own tables)."""
    url = make_url(database).set(drivername="postgresql+psycopg")
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        try:
            yield url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot make a schema in {url.host}:{url.port or 5432}: {_reason(exc)}") from None
    finally:
        admin.dispose()


def _wait_for_lock(driver: Any, seconds: float) -> None:
    """Set how long a SQLite connection's statements wait for another writer (at least a millisecond)."""
    with contextlib.suppress(sqlite3.Error):  # a broken connection fails the write itself, with its reason
        driver.execute(f"PRAGMA busy_timeout = {max(1, int(seconds * 1000))}")


def _wrapped(exc: sqlite3.Error) -> DBAPIError:
    """A driver's error as SQLAlchemy would have raised it (its statement and parameters left out)."""
    return cast(DBAPIError, DBAPIError.instance(None, None, exc, sqlite3.Error))


def _busy(exc: DBAPIError) -> bool:
    """Whether another writer holds the database (worth waiting for), rather than a fault of this connection."""
    text = str(exc.orig)
    return "locked" in text or "busy" in text


def _state(exc: SQLAlchemyError) -> StoreState:
    """What a failed write check says of the database."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "read_only"
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return "locked"
    return "unreachable"


def _reason(exc: SQLAlchemyError) -> str:
    """What went wrong, without the statement or its parameters (which may hold users' messages)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).splitlines()[0]
    if isinstance(exc, IntegrityError):
        return "a record conflicts with one already stored"
    return type(exc).__name__


_forget_after_fork: weakref.WeakSet[SQLStore] = weakref.WeakSet()
_inherited: list[Any] = []
"""Connections a forked process inherited: kept referenced and unused, since closing one would act on the parent's
database state (its locks, its write-ahead log) from the child."""


def _forget_connections() -> None:
    for store in list(_forget_after_fork):
        store._after_fork()


@functools.cache
def _watch_forks() -> None:
    os.register_at_fork(after_in_child=_forget_connections)
