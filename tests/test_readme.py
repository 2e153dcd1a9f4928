"""The README's command-line examples work as written, in the environment `make run` creates."""

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTIVATE = ". .venv/bin/activate"


def blocks(section: str) -> list[list[str]]:
    """The shell blocks of one README section, each as its lines."""
    text = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def command(line: str) -> list[str]:
    """A line's words without its trailing comment."""
    return shlex.split(line, comments=True)


def test_the_examples_say_how_to_reach_the_environment():
    runnable = blocks("Command line")[0]
    assert runnable[0] == ACTIVATE
    assert all(line.startswith("python -m bot") for line in runnable[1:])


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "activate").exists(), reason="no .venv: make install creates it")
def test_each_example_runs_as_written(tmp_path):
    runnable = blocks("Command line")[0]
    failures = []
    for line in runnable[1:]:
        script = f"{ACTIVATE} && {line}"
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        )
        if done.returncode != 0 or not done.stdout.strip():
            failures.append(f"{line}\n  exit {done.returncode}: {done.stderr.strip()[-400:]}")
    assert not failures, "\n".join(failures)


def test_the_longer_examples_are_valid_commands():
    parser = build_parser()
    for line in blocks("Command line")[1]:
        words = command(line)
        assert words[:3] == ["python", "-m", "bot"], line
        parser.parse_args(words[3:])  # exits (failing the test) on an unknown command or option


def test_make_run_takes_a_port_and_a_host():
    done = subprocess.run(
        ["make", "-n", "run", "PORT=8080", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "-m bot serve --host 0.0.0.0 --port 8080" in done.stdout
