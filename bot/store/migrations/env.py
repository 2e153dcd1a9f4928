"""Runs the migrations on the connection `bot.store.schema` hands over (`config.attributes["connection"]`).

The caller owns the connection and its transaction: every step of an upgrade commits together or not at all
(SQLite and PostgreSQL both change their schema inside transactions).
"""

from alembic import context

from bot.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite changes a table's columns and constraints by copying the table ("batch" operations).
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
