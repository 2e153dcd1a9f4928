"""The store's tables, declared once for every SQL backend (and for the schema migrations)."""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text, text

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("created", Text, nullable=False),
    # A summary of the conversation, kept up to date by every write that changes it, so that the support queue is
    # filtered, sorted and paged on this table alone (with the indexes below) however many exchanges there are.
    Column("updated", Text),  # the latest exchange, hand-off or message to the team (the session's start before any)
    Column("first_message", Text),
    Column("exchanges", Integer, nullable=False, server_default="0"),
    Column("declined", Integer, nullable=False, server_default="0"),  # exchanges the bot declined
    Column("min_confidence", Float),  # the lowest confidence of an answered (not declined) exchange
    Column("conflicts", Integer, nullable=False, server_default="0"),  # exchanges that showed a source conflict
    Column("not_helpful", Integer, nullable=False, server_default="0"),  # "not helpful" votes on its answers
    Column("handoffs", Integer, nullable=False, server_default="0"),
    Column("status", Text, nullable=False, server_default="open"),  # the triage status (also in `triage`)
    Column("last_entry", Text),  # the entry of the latest answered exchange, for follow-ups
    Column("last_lang", Text),
    Index("sessions_by_update", "updated", "id"),
    Index("sessions_by_status", "status", "updated", "id"),
    Index(
        "sessions_with_handoff",
        "updated",
        "id",
        sqlite_where=text("handoffs > 0"),
        postgresql_where=text("handoffs > 0"),
    ),
    Index(
        "sessions_not_helpful",
        "updated",
        "id",
        sqlite_where=text("not_helpful > 0"),
        postgresql_where=text("not_helpful > 0"),
    ),
)
exchanges = Table(
    "exchanges",
    metadata,
    Column("reply_id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("entry_id", Text),
    Column("confidence", Float, nullable=False),
    Column("fallback", Integer, nullable=False),
    Column("conflicts", Text, nullable=False),  # a JSON list of conflict ids
    Column("lang", Text, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Index("exchanges_by_session", "session_id", "created"),
    Index("exchanges_by_time", "created"),
)
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Text, ForeignKey("exchanges.reply_id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("helpful", Integer, nullable=False),
    Column("comment", Text),
    Index("feedback_by_reply", "reply_id"),
    Index("feedback_by_time", "created"),
)
handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("message", Text),
    Column("contact", Text),
    Column("status", Text, nullable=False, server_default="open"),
    Index("handoffs_by_session", "session_id"),
    Index("handoffs_by_time", "created"),
)
agents = Table(
    "agents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("created", Text, nullable=False),
    # Raised to end every signed-in session of the agent: a session cookie carries the value it was signed in at.
    Column("session_version", Integer, nullable=False, server_default="0"),
    Column("removed", Text),  # when the account was removed; the row stays so that history keeps its name
)
agent_tokens = Table(
    "agent_tokens",
    metadata,
    Column("token_sha256", Text, primary_key=True),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("created", Text, nullable=False),
)
agent_messages = Table(
    "agent_messages",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("text", Text, nullable=False),
    Index("agent_messages_by_session", "session_id", "created"),
)
user_messages = Table(
    "user_messages",
    metadata,
    Column("id", Text, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("text", Text, nullable=False),
    Index("user_messages_by_session", "session_id", "created"),
)
"""Messages a user wrote to the support team while the conversation was with a person (the bot did not answer)."""
triage = Table(
    "triage",
    metadata,
    Column("session_id", Text, ForeignKey("sessions.id"), primary_key=True),
    Column("status", Text, nullable=False, server_default="open"),
    Column("assignee", Integer, ForeignKey("agents.id")),
    Column("labels", Text, nullable=False, server_default="[]"),  # a JSON list
)
triage_notes = Table(
    "triage_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("text", Text, nullable=False),
)
triage_events = Table(
    "triage_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Text, ForeignKey("sessions.id"), nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Index("triage_events_by_session", "session_id", "created"),
)
gap_dismissals = Table(
    "gap_dismissals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("question", Text, nullable=False),
    Column("questions", Text, nullable=False),  # a JSON list: the group's questions when it was dismissed
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("created", Text, nullable=False),
    Column("undone", Text),
    Column("undone_by", Integer, ForeignKey("agents.id")),
)
"""Groups of the gaps page an agent set aside as not for the knowledge base; an undo keeps the row, with who and when."""

# Each settled day's figures, counted once from the exchanges and feedback and kept, so that the figures of a long
# period read a row per day instead of every exchange of it (`bot/store/rollups.py`). A day's row in `day_totals`
# (zeros included) says that the day has been counted; the two tables beside it hold its per-entry and
# per-conflict counts.
day_totals = Table(
    "day_totals",
    metadata,
    Column("day", Text, primary_key=True),  # a UTC day, YYYY-MM-DD
    Column("questions", Integer, nullable=False),
    Column("answered", Integer, nullable=False),
    Column("declined", Integer, nullable=False),
    Column("votes", Integer, nullable=False),
    Column("helpful", Integer, nullable=False),
)
day_entries = Table(
    "day_entries",
    metadata,
    Column("day", Text, primary_key=True),
    Column("entry_id", Text, primary_key=True),
    Column("answered", Integer, nullable=False),
)
day_conflicts = Table(
    "day_conflicts",
    metadata,
    Column("day", Text, primary_key=True),
    Column("conflict_id", Text, primary_key=True),
    Column("shown", Integer, nullable=False),
)
