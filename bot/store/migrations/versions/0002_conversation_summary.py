"""Each session row carries a summary of its conversation (activity time, first message, counts of declines,
conflicts, "not helpful" votes and hand-offs, lowest confidence, triage status, latest entry and language), with
the indexes the support queue pages on; feedback and hand-offs get indexes by reply and by time.

Revision 0002, after 0001. Existing sessions are summarised from their rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTERS = ("exchanges", "declined", "conflicts", "not_helpful", "handoffs")
OF_SESSION = "e.session_id = sessions.id"
BACKFILL = f"""
UPDATE sessions SET
    updated = created,
    exchanges = (SELECT count(*) FROM exchanges e WHERE {OF_SESSION}),
    declined = (SELECT count(*) FROM exchanges e WHERE {OF_SESSION} AND e.fallback = 1),
    min_confidence = (SELECT min(e.confidence) FROM exchanges e WHERE {OF_SESSION} AND e.fallback = 0),
    conflicts = (SELECT count(*) FROM exchanges e WHERE {OF_SESSION} AND e.conflicts NOT IN ('[]', '')),
    not_helpful = (
        SELECT count(*) FROM feedback f JOIN exchanges e ON e.reply_id = f.reply_id WHERE {OF_SESSION} AND f.helpful = 0
    ),
    handoffs = (SELECT count(*) FROM handoffs h WHERE h.session_id = sessions.id),
    status = coalesce((SELECT t.status FROM triage t WHERE t.session_id = sessions.id), 'open'),
    first_message = (SELECT e.message FROM exchanges e WHERE {OF_SESSION} ORDER BY e.created LIMIT 1),
    last_entry = (
        SELECT e.entry_id FROM exchanges e WHERE {OF_SESSION} AND e.entry_id IS NOT NULL ORDER BY e.created DESC LIMIT 1
    ),
    last_lang = (SELECT e.lang FROM exchanges e WHERE {OF_SESSION} ORDER BY e.created DESC LIMIT 1)
"""
LATEST = "(SELECT max(x.created) FROM {table} x WHERE x.session_id = sessions.id)"


def upgrade() -> None:
    with op.batch_alter_table("sessions", recreate="never") as batch:
        batch.add_column(sa.Column("updated", sa.Text))
        batch.add_column(sa.Column("first_message", sa.Text))
        batch.add_column(sa.Column("exchanges", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("declined", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("min_confidence", sa.Float))
        batch.add_column(sa.Column("conflicts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("not_helpful", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("handoffs", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("status", sa.Text, nullable=False, server_default="open"))
        batch.add_column(sa.Column("last_entry", sa.Text))
        batch.add_column(sa.Column("last_lang", sa.Text))
    op.execute(BACKFILL)
    for table in ("exchanges", "handoffs", "user_messages"):
        latest = LATEST.format(table=table)
        op.execute(f"UPDATE sessions SET updated = {latest} WHERE {latest} > updated")
    op.create_index("sessions_by_update", "sessions", ["updated", "id"])
    op.create_index("sessions_by_status", "sessions", ["status", "updated", "id"])
    for name, counter in (("sessions_with_handoff", "handoffs"), ("sessions_not_helpful", "not_helpful")):
        where = sa.text(f"{counter} > 0")
        op.create_index(name, "sessions", ["updated", "id"], sqlite_where=where, postgresql_where=where)
    op.create_index("feedback_by_reply", "feedback", ["reply_id"])
    op.create_index("feedback_by_time", "feedback", ["created"])
    op.create_index("handoffs_by_time", "handoffs", ["created"])


def downgrade() -> None:
    for name in ("handoffs_by_time", "feedback_by_time", "feedback_by_reply"):
        op.drop_index(name)
    for name in ("sessions_not_helpful", "sessions_with_handoff", "sessions_by_status", "sessions_by_update"):
        op.drop_index(name)
    with op.batch_alter_table("sessions") as batch:
        for column in (
            "last_lang",
            "last_entry",
            "status",
            *COUNTERS[::-1],
            "min_confidence",
            "first_message",
            "updated",
        ):
            batch.drop_column(column)
