"""Day totals: each settled day's questions, answers, declines, feedback, entries answered and conflicts shown,
counted once and kept for the figures page.

Revision 0005, after 0004.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_totals",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("declined", sa.Integer, nullable=False),
        sa.Column("votes", sa.Integer, nullable=False),
        sa.Column("helpful", sa.Integer, nullable=False),
    )
    op.create_table(
        "day_entries",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("entry_id", sa.Text, primary_key=True),
        sa.Column("answered", sa.Integer, nullable=False),
    )
    op.create_table(
        "day_conflicts",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("conflict_id", sa.Text, primary_key=True),
        sa.Column("shown", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("day_conflicts")
    op.drop_table("day_entries")
    op.drop_table("day_totals")
