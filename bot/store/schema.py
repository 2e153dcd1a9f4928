"""Schema versions: which migration a database is at, and bringing it to the one this release needs (Alembic).

The migrations live in `migrations/versions/`, one file per change, numbered in order; `tables.py` always
states the schema the latest one leads to (a test checks the two agree). A store made before migrations
existed has the baseline's tables and no version table: it counts as being at the baseline.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from .base import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0005"
"""The revision this release's schema is at, the latest migration (a test checks Alembic agrees): a service that
starts on a database already there checks it without loading Alembic, which is most of the check's cost."""
BASELINE = "0001"
"""The revision of the schema the first release created (see `migrations/versions/0001_baseline.py`)."""
UPGRADE_COMMAND = "python -m bot db upgrade"
_LOCK = 7_406_153_021
"""A PostgreSQL advisory-lock key: processes creating or upgrading the same database do it one at a time."""


class SchemaMismatch(StoreError):
    """The database's schema is not the one this release needs; the message says what to do."""


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the store's migrations, running on `connection` (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head() -> str:
    """The revision this release's schema is at, as Alembic reads it from the migrations."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(config()).get_heads()
    if len(heads) != 1:
        raise StoreError(
            f"the migrations have {len(heads)} latest revisions ({', '.join(heads)}); they must form a line"
        )
    return heads[0]


def revision(conn: Connection) -> str | None:
    """The revision the database is at; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(conn).get_current_revision()
    if current is None and inspect(conn).has_table("sessions"):
        return BASELINE  # made before migrations existed
    return current


def _serialise(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})


def upgrade(conn: Connection, target: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `target` inside the caller's transaction; returns the revisions before and after."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    _serialise(conn)
    before = revision(conn)
    cfg = config(conn)
    if before == BASELINE and MigrationContext.configure(conn).get_current_revision() is None:
        command.stamp(cfg, BASELINE)  # a store from before migrations: record where it stands
    command.upgrade(cfg, target)
    return before, revision(conn)


def ensure_current(conn: Connection) -> None:
    """Create an empty database at the latest revision; refuse one at another revision, saying what to do."""
    _serialise(conn)
    if _recorded(conn) == HEAD:
        return
    from alembic.script import ScriptDirectory

    current = revision(conn)
    if current is None:
        upgrade(conn)
        return
    if current == head():
        return
    known = {script.revision for script in ScriptDirectory.from_config(config()).walk_revisions()}
    if current in known:
        raise SchemaMismatch(
            f"the database's schema is at revision {current}, this release needs {head()}: "
            f"run `{UPGRADE_COMMAND}` (back the database up first)"
        )
    raise SchemaMismatch(
        f"the database's schema is at revision {current}, which this release does not know (it needs {head()}): "
        "a newer release has upgraded it"
    )


def _recorded(conn: Connection) -> str | None:
    """The one revision recorded in Alembic's version table, read directly; None if there is no such table or it
    does not hold exactly one (the full check then decides)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    recorded = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return recorded[0] if len(recorded) == 1 else None
