"""Real PostgreSQL and Redis servers for the tests that need them, named by TEST_DATABASE_URL and TEST_REDIS_URL.

Each test gets a PostgreSQL schema of its own (dropped afterwards) and Redis keys under a prefix of its own, so
tests never see each other's data; without the variables those tests are skipped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DATABASE = os.environ.get("TEST_DATABASE_URL")
REDIS = os.environ.get("TEST_REDIS_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not DATABASE, reason="TEST_DATABASE_URL is not set")),
]


def _admin_url() -> str:
    url = make_url(DATABASE or "")
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@contextmanager
def postgresql_schema() -> Iterator[str]:
    """A store URL whose tables live in a new, empty schema of the test database."""
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(_admin_url(), poolclass=None)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = make_url(DATABASE or "").update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@contextmanager
def store_url(backend: str, folder) -> Iterator[str]:
    """A fresh store's URL on `backend`: a file in `folder`, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield str(folder / "store.sqlite")
    else:
        with postgresql_schema() as url:
            yield url
