"""The store as the first release created it: sessions, exchanges, feedback, hand-offs, agents and triage.

Revision 0001, the first. A store made before migrations existed has exactly these tables and no version table;
`bot.store.schema` treats it as being at this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "exchanges",
        sa.Column("reply_id", sa.Text, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("entry_id", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("fallback", sa.Integer, nullable=False),
        sa.Column("conflicts", sa.Text, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
    )
    op.create_index("exchanges_by_session", "exchanges", ["session_id", "created"])
    op.create_index("exchanges_by_time", "exchanges", ["created"])
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("contact", sa.Text),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
    )
    op.create_index("handoffs_by_session", "handoffs", ["session_id"])
    op.create_table(
        "agent_tokens",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "agent_messages",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("agent_messages_by_session", "agent_messages", ["session_id", "created"])
    op.create_table(
        "user_messages",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("user_messages_by_session", "user_messages", ["session_id", "created"])
    op.create_table(
        "triage",
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("assignee", sa.Integer, sa.ForeignKey("agents.id")),
        sa.Column("labels", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_table(
        "triage_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "triage_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("agents.id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("triage_events_by_session", "triage_events", ["session_id", "created"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reply_id", sa.Text, sa.ForeignKey("exchanges.reply_id"), nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("helpful", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
    )


def downgrade() -> None:
    for table in (
        "feedback",
        "triage_events",
        "triage_notes",
        "triage",
        "user_messages",
        "agent_messages",
        "agent_tokens",
        "handoffs",
        "exchanges",
        "agents",
        "sessions",
    ):
        op.drop_table(table)
