"""The store: everything the service keeps (sessions, exchanges, feedback, hand-offs, agents, triage).

`base` states the interface (`Store`) and its records; `sql` is the SQL backend (SQLite, the embedded default, and
PostgreSQL); `schema` and `migrations/` version the tables; `open_store` chooses a backend by URL. All SQL of the
package lives in this folder.
"""

from __future__ import annotations

from .base import DuplicateName, Exchange, Store, StoreError, now

__all__ = ["DuplicateName", "Exchange", "Store", "StoreError", "now", "open_store"]

POSTGRESQL_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def open_store(url: str, timeout: float | None = None) -> Store:
    """The store named by `url`: a file path or `sqlite:///path` (SQLite), or `postgresql://user@host/db`.

    `timeout` bounds, in seconds, how long one operation may wait on the database (None: the database's own
    limits, for command-line tools). Nothing is connected until the store is first used.
    """
    from .sql import SQLStore  # SQLAlchemy is loaded when a store is opened, not when its records are imported

    scheme, sep, rest = url.partition("://")
    if not sep:
        return SQLStore(f"sqlite:///{url}", path=url, timeout=timeout)
    if scheme == "sqlite":
        # As in SQLAlchemy: sqlite:///relative.db, sqlite:////absolute/path.db
        path = rest[1:] if rest.startswith("/") else rest
        return SQLStore(f"sqlite:///{path}", path=path, timeout=timeout)
    if scheme in POSTGRESQL_SCHEMES:
        try:
            return SQLStore(f"postgresql+psycopg://{rest}", timeout=timeout)
        except ValueError:
            raise StoreError(f"the PostgreSQL URL is malformed: use {scheme}://user@host:port/database") from None
    raise StoreError(
        f"unsupported store URL scheme '{scheme}': use a file path, sqlite:///path or postgresql://user@host/database"
    )
