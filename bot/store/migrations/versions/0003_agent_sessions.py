"""Agents' sessions can be ended on the server, and accounts removed without losing their history.

Revision 0003, after 0002. `agents.session_version` (0 for every existing agent) goes up when an agent signs out or is
removed: a session cookie signed in at an earlier version is no longer accepted. `agents.removed` is when the
account was removed (null while in use); the row stays, so that notes, replies and events keep their author.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("removed", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("removed")
        batch.drop_column("session_version")
