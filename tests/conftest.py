import shutil
from pathlib import Path

import pytest
import servers

from bot.kb import loader
from bot.matching.engine import Engine
from bot.replies.assistant import Assistant

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="session")
def kb():
    return loader.load(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb):
    return Engine().fit(kb)


@pytest.fixture(scope="session")
def assistant(engine):
    """Answers in the reply shape, with no reply cache: every call runs the matching."""
    return Assistant(engine, cache_size=0)


@pytest.fixture
def kb_copy(tmp_path):
    """A writable copy of the shipped knowledge base, for breaking on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture(params=servers.BACKENDS)
def store_url(request, tmp_path):
    """A fresh, empty store on each backend: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    with servers.store_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def backend_store(store_url):
    """A fresh store, opened and at the current schema, on each backend."""
    from bot.store import open_store

    opened = open_store(store_url, timeout=5).init()
    yield opened
    opened.close()


@pytest.fixture
def backend_app(engine, tmp_path, store_url):
    """The app (rate limits off) on a fresh store of each backend."""
    from bot.service import create_app

    config = {"TESTING": True, "DATABASE": store_url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "test-secret"}
    app = create_app(config, engine=engine, instance_path=str(tmp_path))
    yield app
    app.extensions["bot"].store.close()


@pytest.fixture
def app(engine, tmp_path):
    """The app with a fresh store per test; rate limits off unless a test turns them on."""
    from bot.service import create_app

    config = {
        "TESTING": True,
        "DATABASE": str(tmp_path / "store.sqlite"),
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
    }
    return create_app(config, engine=engine, instance_path=str(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def store(app):
    return app.extensions["bot"].store


def pytest_terminal_summary(terminalreporter):
    """The resilience suite's figures, printed and kept in tests/.artifacts/resilience.txt."""
    import chaos

    if not chaos.FIGURES:
        return
    lines = [f"{name}: {text}" for name, text in chaos.FIGURES]
    terminalreporter.section("resilience figures")
    for line in lines:
        terminalreporter.write_line(line)
    artifacts = Path(__file__).resolve().parent / ".artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "resilience.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
