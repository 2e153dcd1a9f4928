"""Schema migrations: they lead to the schema the code states, a store from before them upgrades in place with
every row kept, and a database at another revision is refused with the command to run."""

import re
import sqlite3
from pathlib import Path

import pytest
import servers
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot import cli
from bot.store import open_store, schema
from bot.store.base import QueueQuery
from bot.store.tables import metadata

UNVERSIONED = Path(__file__).resolve().parent / "data" / "stores" / "unversioned.sql"

# One row for every table of the first release's schema, written with plain SQL as that release would have.
ROWS = {
    "sessions": [("s-one", "2025-01-02T10:00:00.000000+00:00"), ("s-two", "2025-01-03T11:00:00.000000+00:00")],
    "agents": [(1, "ana", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "2025-01-01T09:00:00.000000+00:00")],
    "exchanges": [
        (
            "r-one",
            "s-one",
            "2025-01-02T10:00:00.000000+00:00",
            "how do I close my account",
            "Go to Account > Close.",
            "close-steps",
            0.91,
            0,
            '["closing-time"]',
            "en",
            0.4,
        ),
        (
            "r-two",
            "s-two",
            "2025-01-03T11:00:00.000000+00:00",
            "天气",
            "I can only help with…",
            None,
            0.1,
            1,
            "[]",
            "zh",
            0.3,
        ),
    ],
    "handoffs": [
        ("h-one", "s-two", "2025-01-03T11:01:00.000000+00:00", "a person please", "me@example.org", "pending")
    ],
    "agent_tokens": [("ab" * 32, 1, "2025-01-01T09:05:00.000000+00:00")],
    "agent_messages": [("m-one", "s-two", 1, "2025-01-03T11:05:00.000000+00:00", "Hello, I can help.")],
    "user_messages": [("u-one", "s-two", "2025-01-03T11:06:00.000000+00:00", "thanks")],
    "triage": [("s-two", "pending", 1, '["vip"]')],
    "triage_notes": [(1, "s-two", 1, "2025-01-03T11:04:00.000000+00:00", "asked twice")],
    "triage_events": [(1, "s-two", 1, "2025-01-03T11:05:00.000000+00:00", "reply", "Hello, I can help.")],
    "feedback": [(1, "r-one", "2025-01-02T10:01:00.000000+00:00", 1, "clear")],
}


def unversioned_store(path: Path) -> None:
    """A store file as the releases before migrations left it, with a row or two in every table."""
    db = sqlite3.connect(path)
    db.executescript(UNVERSIONED.read_text(encoding="utf-8"))
    for table, rows in ROWS.items():
        marks = ",".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    db.commit()
    db.close()


def schema_differences(store) -> list:
    with store.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_the_migrations_lead_to_the_schema_the_code_states(store_url):
    store = open_store(store_url).init()
    assert store.revision() == schema.head()
    assert schema_differences(store) == []
    store.close()


def test_the_migrations_form_one_numbered_line():
    scripts = list(ScriptDirectory.from_config(schema.config()).walk_revisions())
    assert [s.revision for s in reversed(scripts)] == [f"{n:04d}" for n in range(1, len(scripts) + 1)]
    for script in scripts:
        assert Path(script.path).name.startswith(f"{script.revision}_"), script.path
        assert script.doc and script.doc.strip(), f"{script.path} needs a docstring saying what it changes"
    assert scripts[-1].revision == schema.BASELINE


def test_the_head_the_store_checks_at_start_is_the_latest_migration():
    assert schema.HEAD == schema.head()


def test_a_store_already_current_opens_without_loading_alembic(store_url):
    import subprocess
    import sys

    open_store(store_url).init().close()
    code = (
        "import sys; from bot.store import open_store; "
        f"open_store({store_url!r}).init().close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def first_release_store(backend: str, url: str) -> None:
    """A store as the first release left it, with rows in every table: on SQLite the file that release wrote
    (no version table); on PostgreSQL a database brought to the baseline revision."""
    if backend == "sqlite":
        unversioned_store(Path(url))
        return
    store = open_store(url)
    with store.engine.begin() as conn:
        schema.upgrade(conn, schema.BASELINE)
        for table, rows in ROWS.items():
            columns = [c.name for c in metadata.tables[table].columns][: len(rows[0])]
            marks = ", ".join(f":{c}" for c in columns)
            conn.execute(
                text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"),
                [dict(zip(columns, r, strict=True)) for r in rows],
            )
    store.close()


@pytest.mark.parametrize("backend", servers.BACKENDS)
def test_a_store_of_the_first_release_upgrades_in_place_keeping_every_row(backend, tmp_path, capsys):
    with servers.store_url(backend, tmp_path) as url:
        first_release_store(backend, url)
        assert open_store(url).revision() == schema.BASELINE
        assert cli.main(["db", "upgrade", "--database", url]) == 0
        assert f"from revision {schema.BASELINE} to {schema.head()}" in capsys.readouterr().out
        store = open_store(url).init()  # the service would now start on it
        check_every_row_is_kept(store)
        assert cli.main(["db", "upgrade", "--database", url]) == 0
        assert "nothing to do" in capsys.readouterr().out
        store.close()


def check_every_row_is_kept(store) -> None:
    assert store.revision() == schema.head()
    assert schema_differences(store) == []
    with store.engine.connect() as conn:
        for table, rows in ROWS.items():
            columns = [c.name for c in metadata.tables[table].columns][: len(rows[0])]
            kept = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")).all()
            assert [tuple(r) for r in kept] == sorted(rows), table
    # ...and the store reads them as the service does.
    assert [e.reply_id for e in store.exchanges("s-one")] == ["r-one"]
    assert store.exchanges("s-one")[0].conflicts == ["closing-time"]
    assert store.active_handoff("s-two").status == "pending"
    assert store.triage_record("s-two").labels == ("vip",)
    assert store.agent_by_token("ab" * 32).name == "ana"
    assert store.feedback_given("s-one") == {"r-one": True}
    assert [n.text for n in store.notes("s-two")] == ["asked twice"]
    assert store.last_entry("s-one") == "close-steps" and store.last_lang("s-two") == "zh"
    # Each conversation's summary is worked out from its rows, so the queue lists them as before.
    every = ("handoff", "declined", "low_confidence", "not_helpful", "conflict")
    (person, conflict) = store.queue(QueueQuery(every, low_confidence=0.6))
    assert (person.session_id, person.reasons, person.status) == ("s-two", ("handoff", "declined"), "pending")
    assert person.updated == "2025-01-03T11:06:00.000000+00:00" and person.first_message == "天气"
    assert (conflict.session_id, conflict.reasons, conflict.exchanges) == ("s-one", ("conflict",), 1)


def test_an_empty_database_is_created_at_the_current_revision(tmp_path, capsys):
    path = tmp_path / "new.sqlite"
    assert cli.main(["db", "current", "--database", str(path)]) == 0
    assert "empty" in capsys.readouterr().out
    open_store(str(path)).init()
    assert cli.main(["db", "current", "--database", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"revision {schema.head()} (current)"


def test_a_database_a_newer_release_upgraded_is_refused(tmp_path, monkeypatch, capsys):
    path = tmp_path / "s.sqlite"
    open_store(str(path)).init()
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.commit()
    monkeypatch.setenv("BOT_DATABASE", str(path))
    assert cli.main(["serve", "--port", "8971"]) == 1
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(r"error: .*revision 9999, which this release does not know.*", err)


def test_a_database_behind_this_release_is_refused_with_the_command_to_run(tmp_path, monkeypatch, capsys):
    earlier = [s.revision for s in ScriptDirectory.from_config(schema.config()).walk_revisions()][1:]
    if not earlier:
        pytest.skip("only one revision so far: no database can be behind")
    path = tmp_path / "s.sqlite"
    store = open_store(str(path))
    with store.engine.begin() as conn:
        schema.upgrade(conn, earlier[0])
    monkeypatch.setenv("BOT_DATABASE", str(path))
    assert cli.main(["serve", "--port", "8971"]) == 1
    err = capsys.readouterr().err
    assert f"revision {earlier[0]}" in err and "python -m bot db upgrade" in err
    assert cli.main(["db", "upgrade", "--database", str(path)]) == 0
    assert open_store(str(path)).init().revision() == schema.head()
