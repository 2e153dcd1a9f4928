"""Gap dismissals: a group of the gaps page an agent set aside as not for the knowledge base, with who and when, and
who undid it and when.

Revision 0004, after 0003.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gap_dismissals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("undone", sa.Text),
        sa.Column("undone_by", sa.Integer, sa.ForeignKey("agents.id")),
    )


def downgrade() -> None:
    op.drop_table("gap_dismissals")
