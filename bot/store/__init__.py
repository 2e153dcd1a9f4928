"""The store: everything the service keeps (sessions, exchanges, feedback, hand-offs, agents, triage).

One interface, chosen by URL in `open_store`; all SQL lives in this package.
"""

from .sqlite import DuplicateName, Exchange, Store, StoreError, now, open_store

__all__ = ["DuplicateName", "Exchange", "Store", "StoreError", "now", "open_store"]
