-- The store's schema as the releases before schema migrations created it (no version table).
-- Frozen: a test builds a store from it, upgrades it, and reads every row back.
CREATE TABLE sessions (
	id TEXT NOT NULL,
	created TEXT NOT NULL,
	PRIMARY KEY (id)
);
CREATE TABLE agents (
	id INTEGER NOT NULL,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created TEXT NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (name)
);
CREATE TABLE exchanges (
	reply_id TEXT NOT NULL,
	session_id TEXT NOT NULL,
	created TEXT NOT NULL,
	message TEXT NOT NULL,
	answer TEXT NOT NULL,
	entry_id TEXT,
	confidence FLOAT NOT NULL,
	fallback INTEGER NOT NULL,
	conflicts TEXT NOT NULL,
	lang TEXT NOT NULL,
	latency_ms FLOAT NOT NULL,
	PRIMARY KEY (reply_id),
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX exchanges_by_session ON exchanges (session_id, created);
CREATE INDEX exchanges_by_time ON exchanges (created);
CREATE TABLE handoffs (
	id TEXT NOT NULL,
	session_id TEXT NOT NULL,
	created TEXT NOT NULL,
	message TEXT,
	contact TEXT,
	status TEXT DEFAULT 'open' NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX handoffs_by_session ON handoffs (session_id);
CREATE TABLE agent_tokens (
	token_sha256 TEXT NOT NULL,
	agent_id INTEGER NOT NULL,
	created TEXT NOT NULL,
	PRIMARY KEY (token_sha256),
	FOREIGN KEY(agent_id) REFERENCES agents (id)
);
CREATE TABLE agent_messages (
	id TEXT NOT NULL,
	session_id TEXT NOT NULL,
	agent_id INTEGER NOT NULL,
	created TEXT NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES sessions (id),
	FOREIGN KEY(agent_id) REFERENCES agents (id)
);
CREATE INDEX agent_messages_by_session ON agent_messages (session_id, created);
CREATE TABLE user_messages (
	id TEXT NOT NULL,
	session_id TEXT NOT NULL,
	created TEXT NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX user_messages_by_session ON user_messages (session_id, created);
CREATE TABLE triage (
	session_id TEXT NOT NULL,
	status TEXT DEFAULT 'open' NOT NULL,
	assignee INTEGER,
	labels TEXT DEFAULT '[]' NOT NULL,
	PRIMARY KEY (session_id),
	FOREIGN KEY(session_id) REFERENCES sessions (id),
	FOREIGN KEY(assignee) REFERENCES agents (id)
);
CREATE TABLE triage_notes (
	id INTEGER NOT NULL,
	session_id TEXT NOT NULL,
	agent_id INTEGER NOT NULL,
	created TEXT NOT NULL,
	text TEXT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES sessions (id),
	FOREIGN KEY(agent_id) REFERENCES agents (id)
);
CREATE TABLE triage_events (
	id INTEGER NOT NULL,
	session_id TEXT NOT NULL,
	agent_id INTEGER NOT NULL,
	created TEXT NOT NULL,
	kind TEXT NOT NULL,
	detail TEXT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(session_id) REFERENCES sessions (id),
	FOREIGN KEY(agent_id) REFERENCES agents (id)
);
CREATE INDEX triage_events_by_session ON triage_events (session_id, created);
CREATE TABLE feedback (
	id INTEGER NOT NULL,
	reply_id TEXT NOT NULL,
	created TEXT NOT NULL,
	helpful INTEGER NOT NULL,
	comment TEXT,
	PRIMARY KEY (id),
	FOREIGN KEY(reply_id) REFERENCES exchanges (reply_id)
);
