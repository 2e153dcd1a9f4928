import shutil
from pathlib import Path

import pytest

from bot import loader
from bot.engine import Engine

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="session")
def kb():
    return loader.load(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb):
    return Engine().fit(kb)


@pytest.fixture
def kb_copy(tmp_path):
    """A writable copy of the shipped knowledge base, for breaking on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target
