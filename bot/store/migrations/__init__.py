"""The store's schema migrations (Alembic): `env.py` runs them on the store's own connection; `versions/` holds
one file per schema change, numbered in order (`0001_baseline.py`, `0002_...`). See `bot.store.schema`."""
