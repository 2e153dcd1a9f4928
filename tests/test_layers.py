"""The package's layers import one way, SQL stays in the store, and the core knows nothing of the web."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bot"

# Layer -> the layers it may import (besides itself). `cli` and `__main__` sit on top of everything.
ALLOWED = {
    "kb": set(),
    "matching": {"kb"},
    "replies": {"kb", "matching"},
    "store": set(),
    "conversations": {"kb", "replies", "store"},
    "support": {"kb", "store", "conversations"},
    "authoring": {"kb", "matching"},
    "service": {"kb", "matching", "replies", "conversations", "store", "support"},
    "devtools": {"kb", "matching", "replies", "conversations", "store", "support", "authoring"},
}
TOP = {"cli", "__main__", "__init__"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, path.relative_to(PACKAGE).parts


def imported(path: Path, parts: tuple[str, ...]) -> set[str]:
    """The package-internal modules a file imports, as dotted names under `bot`."""
    package = ["bot", *parts[:-1]]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            found.update(n for n in [target, *names] if n.startswith("bot."))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("bot."))
    return found


def external(path: Path) -> set[str]:
    """Top-level names of the modules outside the package that a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def layer(parts: tuple[str, ...]) -> str:
    return parts[0].removesuffix(".py")


def test_every_layer_imports_only_the_layers_below_it():
    wrong = []
    for path, parts in modules():
        own = layer(parts)
        if own in TOP:
            continue
        for target in imported(path, parts):
            other = target.split(".")[1]
            if other in ALLOWED and other != own and other not in ALLOWED[own]:
                wrong.append(f"{'/'.join(parts)} imports {target}")
            if other in TOP and other != "__init__":
                wrong.append(f"{'/'.join(parts)} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_every_folder_says_what_it_owns():
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{folder.name}/__init__.py needs a docstring saying what it owns"


def test_only_the_store_talks_to_a_database():
    for path, parts in modules():
        if parts[0] != "store":
            assert not external(path) & {"sqlite3", "psycopg", "psycopg2", "sqlalchemy"}, "/".join(parts)


def test_the_core_knows_nothing_of_the_web():
    for path, parts in modules():
        if parts[0] not in {"service", *TOP}:
            assert not external(path) & {"flask", "werkzeug", "gunicorn", "flask_limiter"}, "/".join(parts)


@pytest.mark.parametrize(
    "module",
    [
        "bot.cli",
        "bot.service.config",
        "bot.support.casework",
        "bot.support.reports",
        "bot.support.agents",
        "bot.conversations.transcript",
        "bot.store",
    ],
)
def test_support_and_transcripts_load_without_the_engine(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith(('bot.matching', 'sklearn'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_agents_module_hashes_nothing():
    code = "import bot.support.agents as a; print(a._dummy_hash.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
