"""The store: everything the service keeps (sessions, exchanges, feedback, hand-offs, agents, triage).

`base` states the interface (`Store`) and its records; `sql` is the SQL backend (SQLite, the embedded default);
`open_store` chooses a backend by URL. All SQL of the package lives in this folder.
"""

from __future__ import annotations

from .base import DuplicateName, Exchange, Store, StoreError, now

__all__ = ["DuplicateName", "Exchange", "Store", "StoreError", "now", "open_store"]


def open_store(url: str) -> Store:
    """The store named by `url`: a file path or `sqlite:///path` (SQLite); other schemes are refused clearly."""
    from .sql import SQLStore  # SQLAlchemy is loaded when a store is opened, not when its records are imported

    scheme, sep, rest = url.partition("://")
    if not sep:
        return SQLStore(f"sqlite:///{url}", path=url)
    if scheme == "sqlite":
        # As in SQLAlchemy: sqlite:///relative.db, sqlite:////absolute/path.db
        path = rest[1:] if rest.startswith("/") else rest
        return SQLStore(f"sqlite:///{path}", path=path)
    raise StoreError(f"unsupported store URL scheme '{scheme}': use a file path or sqlite:///path")
